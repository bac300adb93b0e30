#include "report/html/birth_histogram.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "report/json_reader.h"

namespace shellcarve::html {

BirthHistogram bin_births(std::vector<uint64_t> births, const std::vector<uint64_t>& marks) {
  BirthHistogram histogram;
  histogram.births = births.size();
  if (births.empty()) return histogram;
  const auto [low, high] = std::minmax_element(births.begin(), births.end());
  histogram.first = *low;
  histogram.last = *high;
  for (const uint64_t mark : marks) {
    if (mark == 0) continue;
    histogram.first = std::min(histogram.first, mark);
    histogram.last = std::max(histogram.last, mark);
  }
  // Ceiling division: the latest birth falls in the last bin, never past it.
  histogram.bin_width = (histogram.last - histogram.first) / kBirthBins + 1;
  histogram.counts.assign(kBirthBins, 0);
  for (const uint64_t t : births) ++histogram.counts[std::min<uint64_t>((t - histogram.first) / histogram.bin_width, kBirthBins - 1)];
  return histogram;
}

Result<BirthHistogram> read_birth_histogram(const std::string& timeline_jsonl, const std::vector<uint64_t>& marks) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(timeline_jsonl.c_str(), "rb"), &std::fclose);
  if (!file)
    return fail(ErrorCode::kIo, fmt::format("cannot open '{}': {}", timeline_jsonl, std::strerror(errno)));
  std::vector<uint64_t> births;
  uint64_t rows = 0, unreadable = 0, not_charted = 0;
  std::string line;
  bool overlong = false;
  auto take_line = [&] {
    ++rows;
    if (overlong) {
      ++unreadable;
      return;
    }
    auto row = parse_json(line, {.max_depth = 4, .max_bytes = kMaxTimelineLine});
    if (!row || !row->is_object()) {
      ++unreadable;
      return;
    }
    if (row->string_or_empty("timestamp_desc") != "$FN Creation" || row->string_or_empty("webroot").empty()) return;
    const auto filetime = row->unsigned_of("filetime");
    if (!filetime || *filetime == 0) return;
    if (births.size() >= kMaxBirthsCharted) ++not_charted;
    else births.push_back(*filetime);
  };
  char buffer[1 << 16];
  size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    for (size_t i = 0; i < got;) {
      const auto* newline = static_cast<const char*>(std::memchr(buffer + i, '\n', got - i));
      const size_t end = newline ? static_cast<size_t>(newline - buffer) : got;
      const size_t room = kMaxTimelineLine - line.size();
      line.append(buffer + i, std::min(end - i, room));
      if (end - i > room) overlong = true;
      i = end;
      if (newline) {
        take_line();
        line.clear();
        overlong = false;
        ++i;
      }
    }
  }
  if (std::ferror(file.get())) return fail(ErrorCode::kIo, fmt::format("cannot read '{}'", timeline_jsonl));
  if (!line.empty() || overlong) take_line();
  BirthHistogram histogram = bin_births(std::move(births), marks);
  histogram.births += not_charted;
  histogram.rows = rows;
  histogram.unreadable_rows = unreadable;
  histogram.births_not_charted = not_charted;
  return histogram;
}

}  // namespace shellcarve::html
