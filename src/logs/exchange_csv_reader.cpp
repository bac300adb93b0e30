#include "logs/exchange_csv_reader.h"

namespace shellcarve::logs {

bool split_csv_line(std::string_view text, std::string& storage, std::vector<std::string_view>& values) {
  storage.clear();
  // Every value is at most as long as the line: reserving it keeps the views stable.
  storage.reserve(text.size());
  std::vector<std::pair<size_t, size_t>> spans;
  size_t pos = 0;
  bool closed = true;
  while (true) {
    const size_t start = storage.size();
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      closed = false;
      while (pos < text.size()) {
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            storage.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          closed = true;
          break;
        }
        storage.push_back(text[pos++]);
      }
      // Text between the closing quote and the comma belongs to the value (lenient).
      while (pos < text.size() && text[pos] != ',') storage.push_back(text[pos++]);
    } else {
      while (pos < text.size() && text[pos] != ',') storage.push_back(text[pos++]);
    }
    spans.emplace_back(start, storage.size() - start);
    if (pos >= text.size()) break;
    ++pos;  // the comma
  }
  values.clear();
  for (const auto& [start, length] : spans) values.push_back(std::string_view(storage).substr(start, length));
  return closed;
}

void ExchangeCsvReader::on_line(const LogLine& line) {
  if (line.text.starts_with('#')) {
    ++stats_.directives;
    if (auto names = parse_fields_directive(line.text, ',')) {
      if (!header_.empty() && header_.names() != *names) ++stats_.field_changes;
      header_ = FieldHeader(std::move(*names));
      ++generation_;
    }
    return;
  }
  if (header_.empty()) {
    ++stats_.rows_without_fields;
    return;
  }
  const bool closed = split_csv_line(line.text, unquoted_, row_.values);
  if (!closed || line.cut || row_.values.size() != header_.names().size()) {
    if (stats_.malformed++ == 0) stats_.first_malformed_line = line.line_number;
    return;
  }
  ++stats_.rows;
  row_.family = family_;
  row_.header = &header_;
  row_.line = &line;
  row_.header_generation = generation_;
  sink_(row_);
}

}  // namespace shellcarve::logs
