#include "logs/log_row.h"

#include "common/text.h"

namespace shellcarve::logs {

FieldHeader::FieldHeader(std::vector<std::string> names) : names_(std::move(names)) {
  for (size_t i = 0; i < names_.size(); ++i) index_.emplace(ascii_lower(names_[i]), i);
}

std::optional<size_t> FieldHeader::find(std::string_view name) const {
  const auto it = index_.find(ascii_lower(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string_view LogRow::field(std::string_view name) const {
  if (header == nullptr) return {};
  const auto index = header->find(name);
  if (!index || *index >= values.size()) return {};
  return values[*index];
}

std::optional<std::vector<std::string>> parse_fields_directive(std::string_view text, char separator) {
  constexpr std::string_view kFields = "#Fields:";
  if (text.size() < kFields.size() || ascii_lower(text.substr(0, kFields.size())) != "#fields:") return std::nullopt;
  text.remove_prefix(kFields.size());
  std::vector<std::string> names;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view name = text.substr(pos, end - pos);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
    pos = end + 1;
  }
  return names;
}

void RowReader::on_line(const LogLine& line) {
  if (line.text.starts_with('#')) {
    ++stats_.directives;
    if (auto names = parse_fields_directive(line.text, separator_)) {
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
  const bool whole = split_(line.text, storage_, row_.values);
  if (!whole || line.cut || row_.values.size() != header_.names().size()) {
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
