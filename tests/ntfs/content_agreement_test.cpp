// Stream content against The Sleuth Kit's icat: every $DATA stream (allocated and deleted,
// resident, non-resident, sparse, LZNT1-compressed) of several corpus volumes must read the
// same bytes as `icat -o SECTOR IMAGE entry-128-id`, compared by MD5. Also the LZNT1
// decompressor on a real compressed cluster with TSK's plaintext beside it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "image/image.h"
#include "ntfs/directory_tree.h"
#include "ntfs/lznt1.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "ntfs/stream_reader.h"
#include "common/digest.h"
#include "ntfs/corpus_volumes.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

struct ContentVolume {
  const char* label;
  const char* archive;
  const char* member;
  uint64_t sector;
};

void PrintTo(const ContentVolume& volume, std::ostream* out) { *out << volume.label; }

const ContentVolume kVolumes[] = {
    {"dftt7", "dftt_7_ntfs_undel/7-undel-ntfs.zip", "7-undel-ntfs/7-ntfs-undel.dd", 0},
    {"ramslack_compressed", "ntfs_samples/ntfs-ramslack.raw.gz", "", 128},
    {"velociraptor_test", "velociraptor/test.ntfs.dd.E01", "", 0},
    {"tiny", "securityronin_ntfs_forensic/SampleTinyNtfsVolume.zip", "SampleTinyNtfsVolume/partition.dd", 0},
    {"ntfs3_attrlist", "dfir_ntfs/ntfs3_attrlist.raw.gz", "", 0},
};

class ContentAgreement : public ::testing::TestWithParam<ContentVolume> {};

TEST_P(ContentAgreement, EveryDataStreamMatchesIcat) {
  const ContentVolume& v = GetParam();
  auto opened = open_corpus_volume(v.archive, v.member, v.sector, "icat");
  if (!opened.skip.empty()) GTEST_SKIP() << opened.skip;
  ASSERT_TRUE(opened.error.empty()) << opened.error;
  const auto* path = &opened.path;
  const ntfs::NtfsVolume* volume = &*opened.volume;
  const ntfs::FileCatalog* catalog = &opened.catalog;
  int compared = 0;
  for (const auto& entry : catalog->entries) {
    if (!entry.present || !entry.is_base() || entry.entry < 16) continue;
    for (const auto& stream : entry.streams) {
      if (stream.type != ntfs::AttributeType::kData) continue;
      auto file = volume->read_file(entry.entry);
      ASSERT_TRUE(file);
      const ntfs::Attribute* attribute = nullptr;
      for (const auto& a : file->attributes)
        if (a.type == ntfs::AttributeType::kData && a.name == stream.name && a.lowest_vcn == 0)
          attribute = &a;
      ASSERT_NE(attribute, nullptr) << entry.entry << ":" << stream.name;
      auto ours = ntfs::read_stream_bytes(*volume, *attribute, 256u << 20);
      const std::string inode = fmt::format("{}-128-{}", entry.entry, stream.id);
      const auto theirs = run_command(fmt::format("icat -o {} {} {} | md5sum | cut -c1-32", v.sector,
                                                  shell_quote(path->string()), inode));
      ASSERT_TRUE(ours) << inode << ": " << ours.error().message;
      EXPECT_EQ(digest_all(*ours).md5, theirs.out.substr(0, 32)) << v.label << " " << inode;
      ++compared;
    }
  }
  EXPECT_GT(compared, 0);
  RecordProperty("streams_compared", compared);
}

INSTANTIATE_TEST_SUITE_P(Corpus, ContentAgreement, ::testing::ValuesIn(kVolumes));

TEST(Lznt1, RealCompressedClusterMatchesTsk) {
  const auto corpus = corpus_dir();
  if (!corpus) GTEST_SKIP() << "shared corpus absent";
  const auto dir = *corpus / "images" / "securityronin_ntfs_forensic";
  const std::string input = read_text(dir / "lznt1_real.bin");
  const std::string expected = read_text(dir / "lznt1_real.expected");
  ASSERT_FALSE(input.empty());
  std::vector<std::byte> output;
  ASSERT_TRUE(ntfs::lznt1_decompress(std::as_bytes(std::span(input)), output, 65536));
  // The expected plaintext is the file's content (its data size); the cluster decompresses
  // to a whole 4 KiB chunk, zero-padded past it.
  ASSERT_GE(output.size(), expected.size());
  const std::string head(reinterpret_cast<const char*>(output.data()), expected.size());
  EXPECT_TRUE(head == expected) << "decompressed bytes differ from TSK's plaintext";
  for (size_t i = expected.size(); i < output.size(); ++i)
    ASSERT_EQ(output[i], std::byte{0}) << "at " << i;
}

TEST(Lznt1, BackReferenceBeforeChunkStartIsCorrupt) {
  // Header: compressed chunk of 3 bytes; flag byte 0x01 then a copy token at position 0.
  const std::vector<std::byte> input{std::byte{0x02}, std::byte{0xB0}, std::byte{0x01},
                                     std::byte{0x00}, std::byte{0x10}};
  std::vector<std::byte> output;
  auto status = ntfs::lznt1_decompress(input, output, 4096);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace shellcarve::test
