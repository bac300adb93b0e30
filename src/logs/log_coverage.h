// log_coverage.h: which days each log family covers, so that "no hits" is never read as
// "no attack". Per family: the files read (deleted ones named), the first and last day a
// row was written, and the days between them with no row at all -- a log deleted, never
// written, or overwritten. Days are UTC calendar days of the rows' own times.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "logs/log_source.h"

namespace shellcarve::logs {

// One log file read, for coverage and the outputs.
struct LogFileSummary {
  LogFamily family = LogFamily::kIis;
  LogProvenance file;  // path, MFT entry and sequence, deleted
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t rows = 0;
  uint64_t malformed = 0;
  uint64_t long_lines = 0;
  uint64_t binary_lines = 0;
  uint64_t field_changes = 0;
  bool utf16 = false;
  std::optional<uint64_t> first_time, last_time;  // FILETIME of the first and last row
  std::string error;  // why the file could not be read (whole or in part), "" when it was
};

struct DayRange {
  int64_t first_day = 0;  // days since 1601-01-01
  int64_t last_day = 0;
};

struct FamilyCoverage {
  LogFamily family = LogFamily::kIis;
  uint64_t files = 0;
  uint64_t rows = 0;
  std::vector<std::string> deleted_files;   // paths, in reading order
  std::vector<std::string> unreadable_files;
  std::optional<int64_t> first_day, last_day;
  std::vector<DayRange> gaps;               // days with no row between first and last
};

class CoverageBuilder {
 public:
  void add_row(LogFamily family, uint64_t filetime);
  void add_file(const LogFileSummary& file);
  // Families in LogFamily order; families with no file are left out.
  std::vector<FamilyCoverage> finish() const;

 private:
  std::map<LogFamily, std::set<int64_t>> days_;
  std::map<LogFamily, FamilyCoverage> families_;
};

inline constexpr uint64_t kFiletimeTicksPerDay = 864000000000ULL;
// "YYYY-MM-DD" of a day number (days since 1601-01-01).
std::string day_text(int64_t day);

}  // namespace shellcarve::logs
