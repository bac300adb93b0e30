// w3c_reader.h: IIS W3C extended log rows (W3C WD-logfile-960323; IIS "W3C Logging").
// Directives start with '#'; `#Fields:` names the space-separated values of the rows after
// it, and IIS writes a new directive block -- possibly with other fields -- whenever logging
// restarts or the field set changes, so the header in force is always the last one met.
// '-' stands for an empty value; a space inside a value is written as '+'. A row whose
// value count is not the header's is malformed: counted, not given.
#pragma once

#include "logs/log_row.h"

namespace shellcarve::logs {

// Values separated by spaces; '-' read as empty.
bool split_w3c_line(std::string_view text, std::string& storage, std::vector<std::string_view>& values);

class W3cReader : public RowReader {
 public:
  explicit W3cReader(Sink sink, LogFamily family = LogFamily::kIis)
      : RowReader(family, ' ', split_w3c_line, std::move(sink)) {}
};

// The W3C row's time: its `date` and `time` fields (UTC), as "YYYY-MM-DD HH:MM:SS".
std::string w3c_time_text(const LogRow& row);

}  // namespace shellcarve::logs
