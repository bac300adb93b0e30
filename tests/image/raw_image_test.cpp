// Raw and split raw images: sets made with split(1) (.001/.002 ... and .aa/.ab ...) read
// back as the original media; missing, empty and directory paths fail with what and where.
#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.h"
#include "image/raw_image.h"
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

TEST_F(RawImageTest, SplitNamesStopAtTheFirstMissing) {
  for (const char* name : {"x.001", "x.002", "x.004"}) test::write_bytes(dir_ / name, {std::byte{1}});
  const auto names = split_raw_segments((dir_ / "x.001").string());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(fs::path(names[1]).filename(), "x.002");
  EXPECT_EQ(split_raw_segments((dir_ / "media.raw").string()).size(), 1u);
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
