// Repeated warnings are capped per kind with a count of the rest (case/warning_cap.h).
#include "case/warning_cap.h"

#include <gtest/gtest.h>

namespace shellcarve {
namespace {

TEST(WarningCap, KindIgnoresNumbers) {
  EXPECT_EQ(warning_kind("MFT entry 1234 unreadable: read of 1024 bytes at 0x4d2 failed"),
            "MFT entry # unreadable: read of # bytes at # failed");
  EXPECT_NE(warning_kind("MFT entry 1 unreadable"), warning_kind("MFT entry 1 has a bad fixup"));
}

TEST(WarningCap, ListsAtMostTheLimitPerKindAndCountsTheRest) {
  std::vector<std::string> warnings;
  for (int i = 0; i < 1000; ++i) warnings.push_back("MFT entry " + std::to_string(i) + " unreadable");
  warnings.insert(warnings.begin() + 5, "partition 1 of 'x' failed to open");
  const CappedWarnings capped = cap_repeated_warnings(warnings, 100);
  ASSERT_EQ(capped.listed.size(), 102u);
  EXPECT_EQ(capped.not_listed, 900u);
  EXPECT_EQ(capped.listed[5], "partition 1 of 'x' failed to open");
  EXPECT_EQ(capped.listed.back(),
            "900 more warnings like 'MFT entry 0 unreadable' not listed (at most 100 of a kind are)");
  EXPECT_EQ(cap_repeated_warnings(std::vector<std::string>(100, "same"), 100).not_listed, 0u);
}

}  // namespace
}  // namespace shellcarve
