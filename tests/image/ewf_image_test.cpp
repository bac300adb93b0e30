// EWF (E01) reading: sets made at test time with ewfacquire (a test fails without it), checked
// against the raw media they were made from; missing, truncated and checksum-damaged sets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "image/ewf_sections.h"
#include "image/ewf_segment_set.h"
#include "image/image.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

constexpr size_t kMediaSize = 6 * 1024 * 1024;

std::vector<std::byte> read_all(Image& image) {
  std::vector<std::byte> bytes(image.size());
  EXPECT_TRUE(image.read(0, bytes));
  return bytes;
}

TEST(EwfSegmentName, FollowsLibewfNaming) {
  EXPECT_EQ(ewf_segment_name("/x/case.E01", 2), "/x/case.E02");
  EXPECT_EQ(ewf_segment_name("/x/case.E01", 99), "/x/case.E99");
  EXPECT_EQ(ewf_segment_name("/x/case.E01", 100), "/x/case.EAA");
  EXPECT_EQ(ewf_segment_name("/x/case.E01", 101), "/x/case.EAB");
  EXPECT_EQ(ewf_segment_name("/x/case.E01", 100 + 26 * 26), "/x/case.FAA");
  EXPECT_EQ(ewf_segment_name("/x/case.e01", 3), "/x/case.e03");
}

TEST(EwfSegmentNumber, ReadsTheFileHeader) {
  std::vector<std::byte> header(13);
  const unsigned char magic[] = {'E', 'V', 'F', 0x09, 0x0d, 0x0a, 0xff, 0x00, 0x01, 0x05, 0x00};
  for (size_t i = 0; i < sizeof(magic); ++i) header[i] = std::byte{magic[i]};
  EXPECT_EQ(parse_ewf_segment_number(header), 5);
  header[0] = std::byte{'X'};
  EXPECT_EQ(parse_ewf_segment_number(header).error().code, ErrorCode::kFormat);
}

class EwfImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raw_ = test::pseudo_random_bytes(kMediaSize, 42);
    test::write_bytes(dir_ / "media.raw", raw_);
  }
  // Makes dir_/name.E01... from the raw media.
  bool acquire(const std::string& name, const std::string& extra = "") {
    return test::make_ewf(dir_ / "media.raw", dir_ / name, extra);
  }
  TempDir dir_;
  std::vector<std::byte> raw_;
};

TEST_F(EwfImageTest, MultiSegmentSetReadsAsTheRawMedia) {
  ASSERT_TRUE(acquire("set", "-S 1MiB")) << "ewfacquire (scripts/setup.sh installs it) failed";
  ASSERT_TRUE(fs::exists(dir_ / "set.E03"));
  auto image = open_image((dir_ / "set.E01").string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->format(), "ewf");
  EXPECT_EQ((*image)->size(), kMediaSize);
  EXPECT_EQ((*image)->sector_size(), 512u);
  EXPECT_GE((*image)->segments().size(), 6u);
  EXPECT_EQ(read_all(**image), raw_);
  // A read across a segment boundary, at an odd offset.
  std::vector<std::byte> middle(3 * 1024 * 1024 + 7);
  ASSERT_TRUE((*image)->read(777777, middle));
  EXPECT_TRUE(std::equal(middle.begin(), middle.end(), raw_.begin() + 777777));
  EXPECT_TRUE((*image)->take_damage().empty());
  std::vector<std::byte> past(16);
  EXPECT_EQ((*image)->read(kMediaSize - 8, past).error().code, ErrorCode::kTruncated);

  const auto metadata = (*image)->ewf_metadata();
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->case_number, "C-42");
  EXPECT_EQ(metadata->evidence_number, "EV-7");
  EXPECT_EQ(metadata->examiner, "Ann Examiner");
  EXPECT_EQ(metadata->description, "test media");
  EXPECT_EQ(metadata->notes, "made by a test");
  EXPECT_EQ(metadata->md5.size(), 32u);
  EXPECT_EQ(metadata->sha1.size(), 40u);
  // ISO 8601 without zone: YYYY-MM-DDThh:mm:ss.
  ASSERT_EQ(metadata->acquired.size(), 19u) << metadata->acquired;
  EXPECT_EQ(metadata->acquired[4], '-');
  EXPECT_EQ(metadata->acquired[10], 'T');
}

TEST_F(EwfImageTest, MissingMiddleSegmentIsNamed) {
  ASSERT_TRUE(acquire("set", "-S 1MiB")) << "ewfacquire (scripts/setup.sh installs it) failed";
  fs::remove(dir_ / "set.E02");
  auto image = open_image((dir_ / "set.E01").string());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ErrorCode::kNotFound);
  EXPECT_NE(image.error().message.find("set.E02' is missing"), std::string::npos)
      << image.error().message;
}

TEST_F(EwfImageTest, MissingLastSegmentIsNamed) {
  ASSERT_TRUE(acquire("set", "-S 1MiB")) << "ewfacquire (scripts/setup.sh installs it) failed";
  std::string last;
  for (int n = 9; n >= 2; --n) {
    const auto candidate = dir_ / ("set.E0" + std::to_string(n));
    if (fs::exists(candidate)) {
      last = candidate.filename().string();
      fs::remove(candidate);
      break;
    }
  }
  ASSERT_FALSE(last.empty());
  auto image = open_image((dir_ / "set.E01").string());
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find(last + "' is missing"), std::string::npos)
      << image.error().message;
}

TEST_F(EwfImageTest, TruncatedSegmentIsAnError) {
  ASSERT_TRUE(acquire("one")) << "ewfacquire (scripts/setup.sh installs it) failed";
  const auto path = dir_ / "one.E01";
  fs::resize_file(path, fs::file_size(path) / 2);
  auto image = open_image(path.string());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ErrorCode::kTruncated);
  EXPECT_NE(image.error().message.find("one.E01' is truncated"), std::string::npos)
      << image.error().message;
}

TEST_F(EwfImageTest, ChunkFailingItsChecksumIsDamageNotAnError) {
  ASSERT_TRUE(acquire("bad")) << "ewfacquire (scripts/setup.sh installs it) failed";
  const auto path = dir_ / "bad.E01";
  {
    // Uncompressed chunks are stored in order in the "sectors" section; a byte in the
    // middle of the file lies inside one chunk's data.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
    file.write("\x5a\xa5\x5a\xa5", 4);
  }
  auto image = open_image(path.string());
  ASSERT_TRUE(image) << image.error().message;
  const auto bytes = read_all(**image);
  const auto damage = (*image)->take_damage();
  ASSERT_EQ(damage.size(), 1u);
  const auto& bad = damage.front();
  EXPECT_EQ(bad.offset % 32768, 0u);
  EXPECT_EQ(bad.length, 32768u);
  EXPECT_NE(bad.what.find(std::to_string(bad.offset)), std::string::npos) << bad.what;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const bool inside = i >= bad.offset && i < bad.offset + bad.length;
    if (inside ? bytes[i] != std::byte{0} : bytes[i] != raw_[i]) {
      ADD_FAILURE() << "byte " << i << (inside ? " inside" : " outside") << " the bad chunk";
      break;
    }
  }
  // A second pass reports nothing new.
  read_all(**image);
  EXPECT_TRUE((*image)->take_damage().empty());
}

}  // namespace
}  // namespace shellcarve
