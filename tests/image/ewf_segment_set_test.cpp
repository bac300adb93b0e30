// Which files make up an E01 set: the committed ntfs-basic.E01/E02/E03 (the "done" section
// is in E03) copied into a temporary folder beside a stray E04 -- a segment of another
// acquisition made here with ewfacquire, the first segment of another set, or junk -- and
// with a segment whose set identifier (GUID) or media says it is another acquisition's.
// The set must read as ntfs-basic.raw and every stray must be named; libewf's own error
// text must reach ours whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "image/ewf_sections.h"
#include "image/ewf_segment_set.h"
#include "image/image.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

std::vector<std::byte> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::transform(chars.begin(), chars.end(), bytes.begin(), [](char c) { return static_cast<std::byte>(c); });
  return bytes;
}

uint32_t adler32(std::span<const std::byte> data) {
  uint32_t a = 1;
  uint32_t b = 0;
  for (const std::byte byte : data) {
    a = (a + std::to_integer<uint32_t>(byte)) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

uint64_t le64(const std::vector<std::byte>& bytes, size_t at) {
  uint64_t value = 0;
  for (size_t i = 8; i-- > 0;) value = (value << 8) | std::to_integer<uint64_t>(bytes[at + i]);
  return value;
}

// The offset of the data of the first "volume" or "data" section of an EWF v1 segment file.
size_t volume_data_offset(const std::vector<std::byte>& file) {
  size_t offset = 13;
  while (offset + 76 <= file.size()) {
    std::string type;
    for (size_t i = 0; i < 16 && file[offset + i] != std::byte{0}; ++i) type += static_cast<char>(file[offset + i]);
    if (type == "volume" || type == "data") return offset + 76;
    if (type == "next" || type == "done") break;
    offset = static_cast<size_t>(le64(file, offset + 16));
  }
  ADD_FAILURE() << "no volume or data section";
  return 0;
}

// Writes `guid` as the set identifier of the segment file at `path` (offset 64 of the
// volume/data section) and its section's Adler-32 again (offset 1048), as a tool that
// writes GUIDs (EnCase, FTK Imager) would have; ewfacquire 20140813 writes none.
void set_identifier(const fs::path& path, uint8_t guid_byte) {
  auto file = read_file(path);
  const size_t data = volume_data_offset(file);
  for (size_t i = 0; i < 16; ++i) file[data + 64 + i] = std::byte{static_cast<uint8_t>(guid_byte + i)};
  const uint32_t sum = adler32(std::span<const std::byte>(file).subspan(data, 1048));
  for (size_t i = 0; i < 4; ++i) file[data + 1048 + i] = std::byte{static_cast<uint8_t>(sum >> (8 * i))};
  test::write_bytes(path, file);
}

class EwfSegmentSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"ntfs-basic.E01", "ntfs-basic.E02", "ntfs-basic.E03"}) {
      const auto source = test::test_image(name);
      ASSERT_TRUE(source) << "test-images/" << name << " absent";
      fs::copy_file(*source, dir_ / name);
    }
    const auto raw = test::test_image("ntfs-basic.raw.gz");
    ASSERT_TRUE(raw);
    raw_ = read_file(*raw);
  }
  std::string first() const { return (dir_ / "ntfs-basic.E01").string(); }
  // Another acquisition of media the size of ntfs-basic.raw (4 KiB changed at 12 MiB),
  // split like the committed set: its E02 has the same geometry as ours.
  fs::path acquire_other() {
    auto media = raw_;
    std::fill_n(media.begin() + 12 * 1024 * 1024, 4096, std::byte{'X'});
    test::write_bytes(dir_ / "other.raw", media);
    // setup.sh installs ewfacquire: a missing one fails the test rather than skipping it.
    EXPECT_TRUE(test::make_ewf(dir_ / "other.raw", dir_ / "other", "-S 1433600")) << "ewfacquire failed";
    return dir_ / "other";
  }
  void expect_reads_as_raw(Image& image) {
    ASSERT_EQ(image.size(), raw_.size());
    std::vector<std::byte> all(image.size());
    ASSERT_TRUE(image.read(0, all));
    EXPECT_TRUE(all == raw_) << "the set's media differ from ntfs-basic.raw";
    EXPECT_TRUE(image.take_damage().empty());
  }
  TempDir dir_;
  std::vector<std::byte> raw_;
};

TEST_F(EwfSegmentSetTest, StraySegmentOfAnotherAcquisitionAfterDoneIsNotRead) {
  const fs::path other = acquire_other();
  ASSERT_TRUE(fs::exists(other.string() + ".E02"));
  fs::copy_file(other.string() + ".E02", dir_ / "ntfs-basic.E04");  // its header says segment 2
  auto image = open_image(first());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->segments().size(), 3u);
  expect_reads_as_raw(**image);
  const auto& warnings = (*image)->open_warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("ntfs-basic.E04' is not part of the set: the set ends with 'done' in '"),
            std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[0].find("ntfs-basic.E03'"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("segment 2"), std::string::npos) << warnings[0];
}

TEST_F(EwfSegmentSetTest, UnrelatedStrayFilesLeaveTheSetReadable) {
  const auto gpt = test::test_image("gpt-ntfs.E01");
  ASSERT_TRUE(gpt);
  for (const bool junk : {false, true}) {
    SCOPED_TRACE(junk ? "junk" : "another set's first segment");
    fs::remove(dir_ / "ntfs-basic.E04");
    if (junk)
      test::write_bytes(dir_ / "ntfs-basic.E04", test::pseudo_random_bytes(5000, 9));
    else
      fs::copy_file(*gpt, dir_ / "ntfs-basic.E04");
    auto image = open_image(first());
    ASSERT_TRUE(image) << image.error().message;
    expect_reads_as_raw(**image);
    ASSERT_EQ((*image)->open_warnings().size(), 1u);
    EXPECT_NE((*image)->open_warnings()[0].find(junk ? "not an EWF" : "segment 1"), std::string::npos)
        << (*image)->open_warnings()[0];
  }
}

TEST_F(EwfSegmentSetTest, SegmentOfAnotherMediaIsNamed) {
  // A 3 MiB acquisition's E02 put in place of ours: its "data" section describes other media.
  test::write_bytes(dir_ / "small.raw", test::pseudo_random_bytes(3 * 1024 * 1024, 5));
  ASSERT_TRUE(test::make_ewf(dir_ / "small.raw", dir_ / "small", "-S 1MiB")) << "ewfacquire failed";
  fs::copy_file(dir_ / "small.E02", dir_ / "ntfs-basic.E02", fs::copy_options::overwrite_existing);
  auto image = open_image(first());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(image.error().message.find("ntfs-basic.E02' belongs to another acquisition (it describes media of"),
            std::string::npos)
      << image.error().message;
}

TEST_F(EwfSegmentSetTest, SegmentWithAnotherSetIdentifierIsNamed) {
  set_identifier(dir_ / "ntfs-basic.E01", 0x10);
  set_identifier(dir_ / "ntfs-basic.E02", 0x20);
  set_identifier(dir_ / "ntfs-basic.E03", 0x10);
  auto image = open_image(first());
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(image.error().message.find("ntfs-basic.E02' belongs to another acquisition (set identifier "
                                       "23222120-2524-2726-2829-2a2b2c2d2e2f vs "
                                       "13121110-1514-1716-1819-1a1b1c1d1e1f in '"),
            std::string::npos)
      << image.error().message;
  // The same identifier in every segment: one acquisition, read as ever.
  set_identifier(dir_ / "ntfs-basic.E02", 0x10);
  auto same = open_image(first());
  ASSERT_TRUE(same) << same.error().message;
  expect_reads_as_raw(**same);
  EXPECT_TRUE((*same)->open_warnings().empty());
}

TEST_F(EwfSegmentSetTest, LibewfErrorKeepsItsCause) {
  // A byte of the volume section that our walker does not read, changed without fixing the
  // section's Adler-32: libewf refuses the set, and says why only deep in its backtrace.
  auto file = read_file(dir_ / "ntfs-basic.E01");
  file[volume_data_offset(file) + 100] ^= std::byte{0xff};
  test::write_bytes(dir_ / "ntfs-basic.E01", file);
  auto image = open_image(first());
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("checksum does not match"), std::string::npos) << image.error().message;
  EXPECT_NE(image.error().message.find("ntfs-basic.E01' (3 segment files)"), std::string::npos)
      << image.error().message;
  EXPECT_EQ(image.error().message.find('\n'), std::string::npos) << image.error().message;
}

TEST(EwfSegmentSet, SegmentHoldingAMediaOffset) {
  EwfSegmentSet set;
  set.paths = {"x.E01", "x.E02", "x.E03"};
  set.chunks = {235, 418, 371};
  set.chunk_size = 32768;
  EXPECT_EQ(set.segment_at(0), "x.E01");
  EXPECT_EQ(set.segment_at(235 * 32768 - 1), "x.E01");
  EXPECT_EQ(set.segment_at(235 * 32768), "x.E02");
  EXPECT_EQ(set.segment_at((235 + 418) * 32768), "x.E03");
  EXPECT_EQ(set.segment_at(1024 * 32768), std::nullopt);
  set.chunk_size = 0;
  EXPECT_EQ(set.segment_at(0), std::nullopt);
}

TEST(EwfSections, CommittedSegmentsWalkToTheirEnds) {
  const auto e01 = test::test_image("ntfs-basic.E01");
  const auto e03 = test::test_image("ntfs-basic.E03");
  ASSERT_TRUE(e01 && e03);
  const auto walk = [](const fs::path& path) {
    const auto bytes = read_file(path);
    return read_ewf_segment_file(
        [&bytes](uint64_t offset, std::span<std::byte> out) -> Status {
          if (offset + out.size() > bytes.size()) return fail(ErrorCode::kTruncated, "past the end");
          std::copy_n(bytes.begin() + static_cast<long>(offset), out.size(), out.begin());
          return {};
        },
        bytes.size(), path.string());
  };
  const auto first = walk(*e01);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->segment_number, 1);
  EXPECT_EQ(first->end, EwfChainEnd::kNext);
  ASSERT_TRUE(first->volume);
  EXPECT_EQ(first->volume->chunk_count, 1024u);
  EXPECT_EQ(first->volume->sectors_per_chunk, 64u);
  EXPECT_EQ(first->volume->bytes_per_sector, 512u);
  EXPECT_EQ(first->volume->sector_count, 65536u);
  EXPECT_FALSE(first->volume->has_set_identifier());
  EXPECT_EQ(first->chunks, 235u);
  const auto last = walk(*e03);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(last->segment_number, 3);
  EXPECT_EQ(last->end, EwfChainEnd::kDone);
  EXPECT_EQ(last->chunks, 371u);
}

}  // namespace
}  // namespace shellcarve
