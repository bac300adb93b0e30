#include "logs/log_coverage.h"

#include "common/filetime.h"

namespace shellcarve::logs {

void CoverageBuilder::add_row(LogFamily family, uint64_t filetime) {
  days_[family].insert(static_cast<int64_t>(filetime / kFiletimeTicksPerDay));
}

void CoverageBuilder::add_file(const LogFileSummary& file) {
  FamilyCoverage& family = families_[file.family];
  family.family = file.family;
  ++family.files;
  family.rows += file.rows;
  if (file.file.deleted) family.deleted_files.push_back(file.file.path);
  if (!file.error.empty()) family.unreadable_files.push_back(file.file.path + ": " + file.error);
}

std::vector<FamilyCoverage> CoverageBuilder::finish() const {
  std::vector<FamilyCoverage> out;
  for (const auto& [family, coverage] : families_) {
    FamilyCoverage result = coverage;
    const auto days = days_.find(family);
    if (days != days_.end() && !days->second.empty()) {
      result.first_day = *days->second.begin();
      result.last_day = *days->second.rbegin();
      int64_t previous = *result.first_day;
      for (const int64_t day : days->second) {
        if (day > previous + 1) result.gaps.push_back({previous + 1, day - 1});
        previous = day;
      }
    }
    out.push_back(std::move(result));
  }
  return out;
}

std::string day_text(int64_t day) {
  return filetime_to_iso8601(static_cast<uint64_t>(day) * kFiletimeTicksPerDay).substr(0, 10);
}

}  // namespace shellcarve::logs
