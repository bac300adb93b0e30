#include "logs/w3c_reader.h"

namespace shellcarve::logs {

bool split_w3c_line(std::string_view text, std::string&, std::vector<std::string_view>& values) {
  values.clear();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) {
      const std::string_view value = text.substr(pos, end - pos);
      values.push_back(value == "-" ? std::string_view() : value);
    }
    pos = end + 1;
  }
  return true;
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
