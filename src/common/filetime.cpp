#include "common/filetime.h"

#include <fmt/format.h>

#include <cctype>

namespace shellcarve {
namespace {

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil: days since 1970-01-01 to a calendar date.
CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

}  // namespace

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string filetime_to_iso8601(uint64_t filetime) {
  if (filetime == 0) return {};
  const uint64_t seconds = filetime / kFiletimeTicksPerSecond;
  const uint32_t fraction = filetime_subsecond(filetime);
  const int64_t days = static_cast<int64_t>(seconds / 86400) - 134774;  // 1601 -> 1970
  const uint64_t sod = seconds % 86400;
  const CivilDate date = civil_from_days(days);
  if (date.year > 9999) return fmt::format("[{}]", filetime);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z", date.year, date.month,
                     date.day, sod / 3600, (sod / 60) % 60, sod % 60, fraction);
}

int64_t filetime_to_unix_seconds(uint64_t filetime) {
  const auto ticks = static_cast<int64_t>(filetime / kFiletimeTicksPerSecond);
  return ticks - static_cast<int64_t>(kFiletimeUnixEpoch / kFiletimeTicksPerSecond);
}

std::optional<uint64_t> iso8601_to_filetime(const std::string& text) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  size_t pos = 0;
  auto number = [&](size_t digits, unsigned& out) {
    if (pos + digits > text.size()) return false;
    out = 0;
    for (size_t i = 0; i < digits; ++i) {
      const char c = text[pos + i];
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      out = out * 10 + static_cast<unsigned>(c - '0');
    }
    pos += digits;
    return true;
  };
  auto expect = [&](auto accept) {
    if (pos >= text.size() || !accept(text[pos])) return false;
    ++pos;
    return true;
  };
  if (!number(4, year) || !expect([](char c) { return c == '-'; }) || !number(2, month) ||
      !expect([](char c) { return c == '-'; }) || !number(2, day) ||
      !expect([](char c) { return c == 'T' || c == 't' || c == ' '; }) || !number(2, hour) ||
      !expect([](char c) { return c == ':'; }) || !number(2, minute) ||
      !expect([](char c) { return c == ':'; }) || !number(2, second))
    return std::nullopt;
  if (year < 1601 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  // 2021-02-31 is no day (it would otherwise roll over to 2021-03-03): Gregorian month
  // lengths, February 29 only in leap years.
  static constexpr unsigned kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysIn[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  uint64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    unsigned digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 7) fraction = fraction * 10 + static_cast<uint64_t>(text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 7; ++digits) fraction *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    unsigned oh = 0, om = 0;
    if (!number(2, oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!number(2, om)) return std::nullopt;
    offset_seconds = sign * static_cast<int64_t>(oh * 3600 + om * 60);
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t days = days_from_civil(year, month, day) + 134774;
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  if (seconds < 0) return std::nullopt;
  return static_cast<uint64_t>(seconds) * kFiletimeTicksPerSecond + fraction;
}

}  // namespace shellcarve
