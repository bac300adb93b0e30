// Build and KB mentions in Exchange setup logs.
#include <gtest/gtest.h>

#include <cstring>

#include "common/filetime.h"
#include "detect/setup_log.h"

namespace shellcarve::detect {
namespace {

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out(text.size());
  std::memcpy(out.data(), text.data(), text.size());
  return out;
}

TEST(SetupLog, BuildsKbsTimesAndRepeats) {
  const auto mentions = scan_setup_log(bytes_of(
      "[03/16/2021 10:12:13.0456] [0] Setup version: 15.01.2242.004.\r\n"
      "no stamp: upgrading from 15.1.2176.2 (KB5000871)\n"
      "[03/16/2021 10:15:00.0000] [0] Setup version: 15.01.2242.004.\n"
      "noise: 4.8.03761 115.1.2.3 15.1.2.3.4 v15.1.2176.2 KB123 KB50008710\n"));
  ASSERT_EQ(mentions.size(), 3u);
  EXPECT_EQ(to_string(mentions[0].build->number), "15.1.2242.4");
  EXPECT_EQ(mentions[0].line, 1u);
  EXPECT_EQ(*mentions[0].time, *iso8601_to_filetime("2021-03-16T10:12:13.0456Z"));
  EXPECT_EQ(mentions[0].repeats, 1u);
  EXPECT_EQ(to_string(mentions[1].build->number), "15.1.2176.2");
  EXPECT_FALSE(mentions[1].time);
  EXPECT_EQ(mentions[2].kb, "KB5000871");
  EXPECT_EQ(mentions[2].line, 2u);
}

TEST(SetupLog, Utf16AndLongLines) {
  const std::string ascii = "Setup version 15.1.2176.9 done";
  std::vector<std::byte> utf16{std::byte{0xFF}, std::byte{0xFE}};
  for (const char c : ascii) {
    utf16.push_back(std::byte(c));
    utf16.push_back(std::byte{0});
  }
  const auto mentions = scan_setup_log(utf16);
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(to_string(mentions[0].build->number), "15.1.2176.9");

  const auto long_line = scan_setup_log(bytes_of(std::string(4000, 'x') + " 15.1.2176.9\n"));
  EXPECT_TRUE(long_line.empty());  // past kMaxSetupLogLine: not examined
  EXPECT_TRUE(scan_setup_log({}).empty());
  EXPECT_TRUE(scan_setup_log(bytes_of("[99/99/2021 99:99:99.9] 15.1.2176.9")).at(0).time == std::nullopt);
}

}  // namespace
}  // namespace shellcarve::detect
