// log_row.h: one row of a field-named text log (IIS W3C, Exchange CSV logs) as the readers
// give it: the header in force (the last `#Fields:` directive) and the row's values, looked
// up by field name, case-insensitive, as both formats name them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "logs/line_reader.h"
#include "logs/log_source.h"

namespace shellcarve::logs {

// The field names of a `#Fields:` directive.
class FieldHeader {
 public:
  FieldHeader() = default;
  explicit FieldHeader(std::vector<std::string> names);
  const std::vector<std::string>& names() const { return names_; }
  // The position of `name` (compared case-insensitively), or nullopt.
  std::optional<size_t> find(std::string_view name) const;
  bool empty() const { return names_.empty(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, size_t> index_;  // lower-case name -> position
};

// Valid only during the reader's sink call.
struct LogRow {
  LogFamily family = LogFamily::kIis;
  const FieldHeader* header = nullptr;
  std::vector<std::string_view> values;
  const LogLine* line = nullptr;
  // Increases each time a `#Fields:` directive replaces the header (positions may change).
  uint64_t header_generation = 0;

  // The value of `name`, "" when the header has no such field.
  std::string_view field(std::string_view name) const;
};

// What a reader met besides rows, for the warnings.
struct RowStats {
  uint64_t rows = 0;
  uint64_t directives = 0;         // '#' lines
  uint64_t field_changes = 0;      // `#Fields:` directives after the first that changed the fields
  uint64_t rows_without_fields = 0;  // data before any `#Fields:`
  uint64_t malformed = 0;          // value count not the header's, unterminated quote
  uint64_t first_malformed_line = 0;
};

// Splits a `#Fields:` directive's names on `separator` (' ' for W3C, ',' for Exchange);
// nullopt when `text` is not a `#Fields:` directive.
std::optional<std::vector<std::string>> parse_fields_directive(std::string_view text, char separator);

// Splits a data line into `values` (views into `text` or `storage`); false when the line is
// malformed in itself (an unterminated quote).
using SplitRow = bool (*)(std::string_view text, std::string& storage, std::vector<std::string_view>& values);

// What both field-named formats share: '#' directives, the header in force (the last
// `#Fields:`, which may change mid-file), rows given only when as wide as the header.
// The format supplies the separator of `#Fields:` and the row splitter.
class RowReader {
 public:
  using Sink = std::function<void(const LogRow&)>;
  RowReader(LogFamily family, char fields_separator, SplitRow split, Sink sink)
      : sink_(std::move(sink)), family_(family), separator_(fields_separator), split_(split) {}
  void on_line(const LogLine& line);
  const RowStats& stats() const { return stats_; }

 private:
  Sink sink_;
  LogFamily family_;
  char separator_;
  SplitRow split_;
  FieldHeader header_;
  uint64_t generation_ = 0;
  RowStats stats_;
  LogRow row_;
  std::string storage_;  // unquoted values, which row_.values may view
};

}  // namespace shellcarve::logs
