// FILETIME: Windows time as 100-nanosecond intervals since 1601-01-01 00:00:00 UTC
// ([MS-DTYP] 2.3.3). Every NTFS and USN time is one. We keep the raw value everywhere and
// render it as ISO 8601 UTC with all seven fractional digits, so no precision is lost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shellcarve {

// 100-ns ticks between 1601-01-01 and 1970-01-01.
inline constexpr uint64_t kFiletimeUnixEpoch = 116444736000000000ULL;
inline constexpr uint64_t kFiletimeTicksPerSecond = 10000000ULL;

// "2021-03-02T10:15:00.1234567Z". A FILETIME of 0 (never set) renders as "" -- callers
// decide whether to omit it; values past year 9999 render as the raw number in brackets.
std::string filetime_to_iso8601(uint64_t filetime);

// Seconds since the Unix epoch, rounded toward negative infinity (as TSK's bodyfile does
// by integer division); times before 1970 are negative.
int64_t filetime_to_unix_seconds(uint64_t filetime);

// The seven-digit sub-second part (0..9999999).
inline uint32_t filetime_subsecond(uint64_t filetime) {
  return static_cast<uint32_t>(filetime % kFiletimeTicksPerSecond);
}

// Parses "YYYY-MM-DDTHH:MM:SS[.fffffff][Z|+HH:MM]" (a space may stand for 'T'); nullopt
// when it does not parse.
std::optional<uint64_t> iso8601_to_filetime(const std::string& text);

// Days-from-civil for the proleptic Gregorian calendar (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

}  // namespace shellcarve
