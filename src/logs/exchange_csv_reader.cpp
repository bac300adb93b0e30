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

}  // namespace shellcarve::logs
