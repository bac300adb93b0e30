// exchange_csv_reader.h: rows of Exchange 2013+ CSV logs (HttpProxy, ECP server,
// OABGenerator ...). Each file starts with directives (`#Software`, `#Version`,
// `#Log-type`, `#Date`, `#Fields:`); `#Fields:` names the comma-separated values; a value
// holding a comma, quote or line break is quoted and its quotes doubled (RFC 4180, as
// Exchange's log writer does). A row whose value count is not the header's, or with an
// unterminated quote, is malformed: counted, not given.
#pragma once

#include <functional>
#include <string>

#include "logs/log_row.h"

namespace shellcarve::logs {

class ExchangeCsvReader {
 public:
  using Sink = std::function<void(const LogRow&)>;
  ExchangeCsvReader(LogFamily family, Sink sink) : sink_(std::move(sink)), family_(family) {}
  void on_line(const LogLine& line);
  const RowStats& stats() const { return stats_; }

 private:
  Sink sink_;
  LogFamily family_;
  FieldHeader header_;
  uint64_t generation_ = 0;
  RowStats stats_;
  LogRow row_;
  std::string unquoted_;  // the values' text with quotes removed, which row_.values view
};

// Splits one CSV line into `values` (views into `storage`); false when a quote is unterminated.
bool split_csv_line(std::string_view text, std::string& storage, std::vector<std::string_view>& values);

}  // namespace shellcarve::logs
