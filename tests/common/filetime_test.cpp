#include "common/filetime.h"

#include <gtest/gtest.h>

namespace shellcarve {
namespace {

TEST(Filetime, RendersSevenFractionalDigits) {
  // 2021-03-02T10:15:00.1234567Z
  const uint64_t ft = *iso8601_to_filetime("2021-03-02T10:15:00.1234567Z");
  EXPECT_EQ(filetime_to_iso8601(ft), "2021-03-02T10:15:00.1234567Z");
  EXPECT_EQ(filetime_subsecond(ft), 1234567u);
}

TEST(Filetime, KnownValues) {
  EXPECT_EQ(filetime_to_iso8601(kFiletimeUnixEpoch), "1970-01-01T00:00:00.0000000Z");
  EXPECT_EQ(filetime_to_iso8601(1), "1601-01-01T00:00:00.0000001Z");
  EXPECT_EQ(filetime_to_iso8601(0), "");
  EXPECT_EQ(filetime_to_unix_seconds(kFiletimeUnixEpoch + 15), 0);
  EXPECT_EQ(filetime_to_unix_seconds(132591321000000000ULL), 1614658500);  // 2021-03-02 04:15
}

TEST(Filetime, ParsesOffsetsAndRejectsGarbage) {
  EXPECT_EQ(iso8601_to_filetime("2021-03-02T12:15:00+02:00"),
            iso8601_to_filetime("2021-03-02T10:15:00Z"));
  EXPECT_EQ(iso8601_to_filetime("2021-03-02 10:15:00"), iso8601_to_filetime("2021-03-02T10:15:00Z"));
  EXPECT_FALSE(iso8601_to_filetime("2021-13-02T10:15:00Z"));
  EXPECT_FALSE(iso8601_to_filetime("yesterday"));
  EXPECT_FALSE(iso8601_to_filetime("2021-03-02T10:15:00Zjunk"));
}

TEST(Filetime, HugeValuesDoNotOverflow) {
  EXPECT_EQ(filetime_to_iso8601(UINT64_MAX), "[18446744073709551615]");
}

}  // namespace
}  // namespace shellcarve
