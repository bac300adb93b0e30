#include "logs/w3c_reader.h"

namespace shellcarve::logs {

void W3cReader::on_line(const LogLine& line) {
  if (line.text.starts_with('#')) {
    ++stats_.directives;
    if (auto names = parse_fields_directive(line.text, ' ')) {
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
  row_.values.clear();
  std::string_view text = line.text;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) row_.values.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (line.cut || row_.values.size() != header_.names().size()) {
    if (stats_.malformed++ == 0) stats_.first_malformed_line = line.line_number;
    return;
  }
  for (auto& value : row_.values)
    if (value == "-") value = {};
  ++stats_.rows;
  row_.family = family_;
  row_.header = &header_;
  row_.line = &line;
  row_.header_generation = generation_;
  sink_(row_);
}

std::string w3c_time_text(const LogRow& row) {
  const std::string_view date = row.field("date");
  const std::string_view time = row.field("time");
  if (date.empty() || time.empty()) return {};
  std::string text(date);
  text += ' ';
  text += time;
  return text;
}

}  // namespace shellcarve::logs
