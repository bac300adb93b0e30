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

TEST(Filetime, RejectsDaysTheMonthDoesNotHave) {
  for (const char* impossible : {"2021-02-31T10:00:00Z", "2021-02-29T10:00:00Z", "2021-04-31T10:00:00Z",
                                 "1900-02-29T10:00:00Z"})
    EXPECT_FALSE(iso8601_to_filetime(impossible)) << impossible;
  for (const char* real : {"2020-02-29T10:00:00Z", "2000-02-29T10:00:00Z", "2021-12-31T23:59:59Z"})
    EXPECT_TRUE(iso8601_to_filetime(real)) << real;
}

TEST(Filetime, HugeValuesDoNotOverflow) {
  EXPECT_EQ(filetime_to_iso8601(UINT64_MAX), "[18446744073709551615]");
}

}  // namespace
}  // namespace shellcarve
