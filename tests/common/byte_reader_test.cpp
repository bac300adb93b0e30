#include "common/byte_reader.h"

#include <gtest/gtest.h>

#include <array>

namespace shellcarve {
namespace {

std::array<std::byte, 8> sample() {
  return {std::byte{0x01}, std::byte{0x02}, std::byte{0x03}, std::byte{0x04},
          std::byte{0xFF}, std::byte{0xFE}, std::byte{0x00}, std::byte{0x80}};
}

TEST(ByteReader, ReadsLittleEndian) {
  const auto data = sample();
  const ByteReader reader(data);
  EXPECT_EQ(*reader.u16(0, "x"), 0x0201);
  EXPECT_EQ(*reader.u32(0, "x"), 0x04030201u);
  EXPECT_EQ(*reader.u64(0, "x"), 0x8000FEFF04030201ull);
  EXPECT_EQ(*reader.int_n(4, 2, "x"), -257);  // 0xFEFF sign-extended
  EXPECT_EQ(*reader.int_n(5, 3, "x"), 0x8000FE - 0x1000000);  // FE 00 80
  EXPECT_EQ(*reader.int_n(5, 2, "x"), 0xFE);
}

TEST(ByteReader, ShortReadNamesWhatAndWhere) {
  const auto data = sample();
  const ByteReader reader(data, 1000);
  auto result = reader.u32(6, "attribute length");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(result.error().message,
            "attribute length at offset 1006: needs 4 bytes, only 2 available");
}

TEST(ByteReader, HugeOffsetsDoNotWrap) {
  const auto data = sample();
  const ByteReader reader(data);
  EXPECT_FALSE(reader.bytes(SIZE_MAX, 2, "x"));
  EXPECT_FALSE(reader.bytes(2, SIZE_MAX, "x"));
  EXPECT_FALSE(reader.uint_n(0, 9, "x"));
  auto sub = reader.sub(2, 4, "sub");
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->origin(), 2u);
  EXPECT_FALSE(sub->u8(4, "x"));
}

}  // namespace
}  // namespace shellcarve
