// exchange_csv_reader.h: rows of Exchange 2013+ CSV logs (HttpProxy, ECP server,
// OABGenerator ...). Each file starts with directives (`#Software`, `#Version`,
// `#Log-type`, `#Date`, `#Fields:`); `#Fields:` names the comma-separated values; a value
// holding a comma, quote or line break is quoted and its quotes doubled (RFC 4180, as
// Exchange's log writer does). A row whose value count is not the header's, or with an
// unterminated quote, is malformed: counted, not given.
#pragma once

#include "logs/log_row.h"

namespace shellcarve::logs {

// Splits one CSV line into `values` (views into `storage`); false when a quote is unterminated.
bool split_csv_line(std::string_view text, std::string& storage, std::vector<std::string_view>& values);

class ExchangeCsvReader : public RowReader {
 public:
  ExchangeCsvReader(LogFamily family, Sink sink) : RowReader(family, ',', split_csv_line, std::move(sink)) {}
};


}  // namespace shellcarve::logs
