#include "detect/setup_log.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "common/filetime.h"

namespace shellcarve::detect {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "[03/02/2021 21:10:11.0123] ..." as ExchangeSetup.log starts its lines (month first). The
// log does not say its time zone; callers say so when they use the time.
std::optional<uint64_t> line_time(std::string_view line) {
  if (line.size() < 21 || line[0] != '[' || line[3] != '/' || line[6] != '/' || line[11] != ' ' ||
      line[14] != ':' || line[17] != ':')
    return std::nullopt;
  auto number = [&](size_t at, size_t digits) -> std::optional<unsigned> {
    unsigned value = 0;
    for (size_t i = at; i < at + digits; ++i) {
      if (!is_digit(line[i])) return std::nullopt;
      value = value * 10 + static_cast<unsigned>(line[i] - '0');
    }
    return value;
  };
  const auto month = number(1, 2), day = number(4, 2), year = number(7, 4);
  const auto hour = number(12, 2), minute = number(15, 2), second = number(18, 2);
  if (!month || !day || !year || !hour || !minute || !second || *month < 1 || *month > 12 || *day < 1 ||
      *day > 31 || *year < 1601 || *hour > 23 || *minute > 59 || *second > 60)
    return std::nullopt;
  uint64_t ticks = 0;
  // Up to seven fractional digits after '.' are 100-ns ticks.
  if (line.size() > 21 && line[20] == '.') {
    size_t digits = 0;
    for (size_t i = 21; i < line.size() && is_digit(line[i]) && digits < 7; ++i, ++digits)
      ticks = ticks * 10 + static_cast<uint64_t>(line[i] - '0');
    for (; digits < 7; ++digits) ticks *= 10;
  }
  const int64_t days = days_from_civil(*year, *month, *day) - days_from_civil(1601, 1, 1);
  const uint64_t seconds = static_cast<uint64_t>(days) * 86400 + *hour * 3600ull + *minute * 60ull + *second;
  return seconds * kFiletimeTicksPerSecond + ticks;
}

// Every "N.N.N.N" starting with 15 (Exchange 2013-2019 are all major version 15) and every
// "KB" followed by six or seven digits, each delimited by a non-alphanumeric character.
void find_tokens(std::string_view line, std::vector<ParsedVersion>& builds, std::vector<std::string>& kbs) {
  auto boundary = [&](size_t at) {
    return at >= line.size() || !(is_digit(line[at]) || std::isalpha(static_cast<unsigned char>(line[at])));
  };
  for (size_t i = 0; i < line.size(); ++i) {
    if (i > 0 && !boundary(i - 1)) continue;
    if (line.substr(i, 2) == "KB" || line.substr(i, 2) == "kb") {
      size_t end = i + 2;
      while (end < line.size() && is_digit(line[end])) ++end;
      if (end - i - 2 >= 6 && end - i - 2 <= 7 && boundary(end)) kbs.emplace_back("KB" + std::string(line.substr(i + 2, end - i - 2)));
      continue;
    }
    if (!is_digit(line[i])) continue;
    size_t end = i;
    while (end < line.size() && (is_digit(line[end]) || line[end] == '.')) ++end;
    std::string_view token = line.substr(i, end - i);
    // A sentence may end right after the number: "Setup version: 15.1.2176.2."
    while (token.ends_with('.')) token.remove_suffix(1);
    if (boundary(end)) {
      const auto version = parse_version(token);
      if (version && version->parts == 4 && version->number[0] == 15) builds.push_back(*version);
    }
    i = end;
  }
}

// UTF-16LE (BOM FF FE): keep the low byte of each unit that is ASCII, '?' for the rest.
std::string as_text(std::span<const std::byte> bytes) {
  if (bytes.size() >= 2 && bytes[0] == std::byte{0xFF} && bytes[1] == std::byte{0xFE}) {
    std::string text;
    text.reserve(bytes.size() / 2);
    for (size_t i = 2; i + 1 < bytes.size(); i += 2)
      text.push_back(bytes[i + 1] == std::byte{0} ? static_cast<char>(bytes[i]) : '?');
    return text;
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

std::vector<SetupLogMention> scan_setup_log(std::span<const std::byte> bytes) {
  const std::string text = as_text(bytes);
  std::vector<SetupLogMention> mentions;
  std::map<std::string, size_t> seen;  // build or KB text -> index in mentions
  size_t start = 0, line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    line = line.substr(0, kMaxSetupLogLine);
    std::vector<ParsedVersion> builds;
    std::vector<std::string> kbs;
    find_tokens(line, builds, kbs);
    auto add = [&](const std::string& key, const std::optional<ParsedVersion>& build, const std::string& kb) {
      if (const auto it = seen.find(key); it != seen.end()) {
        ++mentions[it->second].repeats;
        return;
      }
      seen.emplace(key, mentions.size());
      mentions.push_back({line_number, build, kb, line_time(line), std::string(line), 0});
    };
    for (const auto& build : builds) add(to_string(build.number), build, "");
    for (const auto& kb : kbs) add(kb, std::nullopt, kb);
  }
  return mentions;
}

}  // namespace shellcarve::detect
