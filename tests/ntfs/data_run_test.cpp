// Data run decoding: valid lists, sparse runs, negative deltas, and one bad field per case.
#include "ntfs/data_run.h"

#include <gtest/gtest.h>

#include "ntfs/record_builder.h"

namespace shellcarve::ntfs {
namespace {

using testing::Bytes;

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(std::byte(static_cast<uint8_t>(v)));
  return out;
}

TEST(DataRuns, DecodesRelativeOffsetsAndSparseRuns) {
  // 0x30 clusters at LCN 0x1000; 0x10 sparse; 0x20 at 0x1000 - 0x100 = 0xF00.
  const Bytes pairs = bytes({0x21, 0x30, 0x00, 0x10, 0x01, 0x10, 0x21, 0x20, 0x00, 0xFF, 0x00});
  const auto d = decode_data_runs(pairs, 100, 0);
  EXPECT_TRUE(d.damage.empty()) << d.damage;
  ASSERT_EQ(d.runs.size(), 3u);
  EXPECT_EQ(d.runs[0].vcn, 0u);
  EXPECT_EQ(d.runs[0].length, 0x30u);
  EXPECT_EQ(d.runs[0].lcn, 0x1000u);
  EXPECT_EQ(d.runs[1].vcn, 0x30u);
  EXPECT_FALSE(d.runs[1].lcn.has_value());
  EXPECT_EQ(d.runs[2].vcn, 0x40u);
  EXPECT_EQ(d.runs[2].lcn, 0xF00u);
}

TEST(DataRuns, StartsAtLowestVcn) {
  const auto d = decode_data_runs(bytes({0x11, 0x05, 0x20, 0x00}), 0, 77);
  ASSERT_EQ(d.runs.size(), 1u);
  EXPECT_EQ(d.runs[0].vcn, 77u);
}

TEST(DataRuns, EmptyListIsClean) {
  const auto d = decode_data_runs(bytes({0x00}), 0, 0);
  EXPECT_TRUE(d.runs.empty());
  EXPECT_TRUE(d.damage.empty());
}

struct BadCase {
  const char* name;
  Bytes pairs;
  size_t kept;
  const char* needle;
};

TEST(DataRuns, BadPairsStopWithDamageAndKeepEarlierRuns) {
  const BadCase cases[] = {
      {"missing terminator", bytes({0x11, 0x05, 0x20}), 1, "terminating"},
      {"length nibble 0", bytes({0x11, 0x05, 0x20, 0x10, 0x05, 0x00}), 1, "impossible"},
      {"length nibble 9", bytes({0x09, 0x05, 0x00}), 0, "impossible"},
      {"offset nibble 9", bytes({0x91, 0x05, 0x00}), 0, "impossible"},
      {"length 0", bytes({0x11, 0x05, 0x20, 0x11, 0x00, 0x01, 0x00}), 1, "length is 0"},
      {"negative LCN", bytes({0x11, 0x05, 0x20, 0x11, 0x05, 0xD0, 0x00}), 1, "negative"},
      {"truncated offset", bytes({0x11, 0x05, 0x20, 0x21, 0x05}), 1, "LCN offset"},
      {"VCN overflow",
       bytes({0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x01, 0x00}), 1,
       "overflows"},
      {"LCN past 2^63", bytes({0x81, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00}), 0,
       "largest LCN"},
  };
  for (const auto& c : cases) {
    const auto d = decode_data_runs(c.pairs, 1000, 0);
    EXPECT_EQ(d.runs.size(), c.kept) << c.name;
    EXPECT_NE(d.damage.find(c.needle), std::string::npos) << c.name << ": " << d.damage;
  }
}

TEST(DataRuns, LimitIsRecordedAsDamage) {
  Limits limits;
  limits.max_data_runs = 2;
  const auto d = decode_data_runs(bytes({0x11, 1, 1, 0x11, 1, 1, 0x11, 1, 1, 0x00}), 0, 0, limits);
  EXPECT_EQ(d.runs.size(), 2u);
  EXPECT_NE(d.damage.find("max_data_runs"), std::string::npos);
}

}  // namespace
}  // namespace shellcarve::ntfs
