// Raw and split raw images: sets made with split(1) (.001/.002 ... and .aa/.ab ...) read
// back as the original media; missing, empty and directory paths fail with what and where;
// a short or missing member shifts nothing, reads as zeros reported as damage, and is named.
#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.h"
#include "image/raw_image.h"
#include "image/split_raw_set.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

constexpr size_t kMediaSize = 1024 * 1024 + 4096 + 17;  // not a multiple of the piece size

class RawImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raw_ = test::pseudo_random_bytes(kMediaSize, 7);
    test::write_bytes(dir_ / "media.raw", raw_);
  }
  void expect_reads_as_raw(Image& image) {
    ASSERT_EQ(image.size(), raw_.size());
    std::vector<std::byte> all(image.size());
    ASSERT_TRUE(image.read(0, all));
    EXPECT_EQ(all, raw_);
    // Reads straddling segment boundaries at odd offsets.
    for (uint64_t offset : {uint64_t{0}, uint64_t{300000}, uint64_t{299999}, uint64_t{1048570}}) {
      std::vector<std::byte> piece(123457);
      if (offset + piece.size() > raw_.size()) piece.resize(raw_.size() - offset);
      ASSERT_TRUE(image.read(offset, piece));
      EXPECT_TRUE(std::equal(piece.begin(), piece.end(), raw_.begin() + static_cast<long>(offset)))
          << "at " << offset;
    }
    std::vector<std::byte> past(2);
    EXPECT_EQ(image.read(raw_.size() - 1, past).error().code, ErrorCode::kTruncated);
  }
  TempDir dir_;
  std::vector<std::byte> raw_;
};

TEST_F(RawImageTest, SingleFile) {
  auto image = open_image((dir_ / "media.raw").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->format(), "raw");
  expect_reads_as_raw(**image);
}

TEST_F(RawImageTest, NumericSplitSet) {
  const auto result = test::run_command("cd " + test::shell_quote(dir_.path().string()) +
                                        " && split -b 300000 -d -a 3 --numeric-suffixes=1 "
                                        "media.raw part.");
  ASSERT_EQ(result.status, 0) << result.err;
  ASSERT_TRUE(fs::exists(dir_ / "part.004"));
  auto image = open_image((dir_ / "part.001").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->format(), "split-raw");
  EXPECT_EQ((*image)->segments().size(), 4u);
  expect_reads_as_raw(**image);
}

TEST_F(RawImageTest, AlphabeticSplitSet) {
  const auto result = test::run_command("cd " + test::shell_quote(dir_.path().string()) +
                                        " && split -b 300000 media.raw disk.");
  ASSERT_EQ(result.status, 0) << result.err;
  ASSERT_TRUE(fs::exists(dir_ / "disk.ad"));
  auto image = open_image((dir_ / "disk.aa").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->format(), "split-raw");
  ASSERT_EQ((*image)->segments().size(), 4u);
  EXPECT_EQ(fs::path((*image)->segments()[3]).filename(), "disk.ad");
  expect_reads_as_raw(**image);
}

TEST_F(RawImageTest, SplitNamesGoPastAGap) {
  for (const char* name : {"x.001", "x.002", "x.004", "x.0005", "y.003"})
    test::write_bytes(dir_ / name, {std::byte{1}});
  const auto members = split_raw_members((dir_ / "x.001").string());
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(fs::path(members[1].path).filename(), "x.002");
  EXPECT_EQ(members[2].index, 3u);
  EXPECT_EQ(fs::path(members[2].path).filename(), "x.004");
  EXPECT_EQ(fs::path(split_raw_name((dir_ / "x.001").string(), 2)).filename(), "x.003");
  EXPECT_EQ(fs::path(split_raw_name((dir_ / "d.aa").string(), 27)).filename(), "d.bb");
  EXPECT_EQ(split_raw_members((dir_ / "media.raw").string()).size(), 1u);
}

// Splits the media into part.001 ... part.004 of 300000 bytes (the last shorter).
class SplitRawDamageTest : public RawImageTest {
 protected:
  void SetUp() override {
    RawImageTest::SetUp();
    const auto result = test::run_command("cd " + test::shell_quote(dir_.path().string()) +
                                          " && split -b 300000 -d -a 3 --numeric-suffixes=1 media.raw part.");
    ASSERT_EQ(result.status, 0) << result.err;
    ASSERT_TRUE(fs::exists(dir_ / "part.004"));
  }
  // Every byte outside [hole, hole + length) is the media's, every byte inside is zero.
  void expect_media_with_hole(Image& image, uint64_t hole, uint64_t length) {
    ASSERT_EQ(image.size(), raw_.size());
    std::vector<std::byte> all(image.size());
    ASSERT_TRUE(image.read(0, all));
    for (size_t i = 0; i < all.size(); ++i) {
      const bool inside = i >= hole && i < hole + length;
      if (inside ? all[i] != std::byte{0} : all[i] != raw_[i]) {
        ADD_FAILURE() << "byte " << i << (inside ? " inside" : " outside") << " the hole";
        return;
      }
    }
    const auto damage = image.take_damage();
    ASSERT_EQ(damage.size(), 1u);
    EXPECT_EQ(damage[0].offset, hole);
    EXPECT_EQ(damage[0].length, length);
    // Said once, not on every read.
    ASSERT_TRUE(image.read(0, all));
    EXPECT_TRUE(image.take_damage().empty());
  }
};

TEST_F(SplitRawDamageTest, ShortMiddleSegmentShiftsNothingAndIsNamed) {
  fs::resize_file(dir_ / "part.002", 300000 - 4096);
  auto image = open_image((dir_ / "part.001").string());
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ((*image)->open_warnings().size(), 1u);
  const std::string& warning = (*image)->open_warnings()[0];
  EXPECT_NE(warning.find("part.002' is 4096 bytes short"), std::string::npos) << warning;
  EXPECT_NE(warning.find("media bytes 595904 to 599999"), std::string::npos) << warning;
  expect_media_with_hole(**image, 600000 - 4096, 4096);
}

TEST_F(SplitRawDamageTest, MissingMiddleSegmentKeepsTheOnesAfterIt) {
  fs::remove(dir_ / "part.003");
  auto image = open_image((dir_ / "part.001").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->segments().size(), 3u);
  ASSERT_EQ((*image)->open_warnings().size(), 1u);
  const std::string& warning = (*image)->open_warnings()[0];
  EXPECT_NE(warning.find("part.003' is missing"), std::string::npos) << warning;
  EXPECT_NE(warning.find("part.004' and the segments after it"), std::string::npos) << warning;
  expect_media_with_hole(**image, 600000, 300000);
}

TEST_F(SplitRawDamageTest, LastSegmentLongerThanTheOthersIsSaid) {
  const auto extra = test::pseudo_random_bytes(400000, 3);
  auto last = raw_;
  last.erase(last.begin(), last.begin() + 900000);
  last.insert(last.end(), extra.begin(), extra.end());
  test::write_bytes(dir_ / "part.004", last);
  auto image = open_image((dir_ / "part.001").string());
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ((*image)->open_warnings().size(), 1u);
  EXPECT_NE((*image)->open_warnings()[0].find("part.004' is the last but longer"), std::string::npos)
      << (*image)->open_warnings()[0];
}

TEST_F(SplitRawDamageTest, WholeSetHasNoWarning) {
  auto image = open_image((dir_ / "part.001").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_TRUE((*image)->open_warnings().empty());
  expect_reads_as_raw(**image);
  EXPECT_TRUE((*image)->take_damage().empty());
}

TEST_F(RawImageTest, MissingFileIsNotFound) {
  auto image = open_image((dir_ / "nope.raw").string());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ErrorCode::kNotFound);
  EXPECT_NE(image.error().message.find("nope.raw"), std::string::npos);
}

TEST_F(RawImageTest, EmptyFileAndDirectoryAreErrors) {
  test::write_bytes(dir_ / "empty.raw", {});
  auto empty = open_image((dir_ / "empty.raw").string());
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
  auto directory = open_image(dir_.path().string());
  ASSERT_FALSE(directory);
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
}

}  // namespace
}  // namespace shellcarve
