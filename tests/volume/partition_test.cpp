// Partition tables against The Sleuth Kit's mmls: the committed test images and the real
// images of the shared corpus (E01, raw, sparse tars of 5-128 GiB disks; skipped when the
// corpus is absent). Every slot mmls numbers must be one of ours with the same start,
// length and description, and nothing else; file-system names against fsstat's.
#include "volume/partition.h"

#include <gtest/gtest.h>

#include "image/image.h"
#include "support/memory_image.h"
#include "support/test_support.h"
#include "support/tsk_oracles.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

struct MmlsCase {
  std::string name;
  bool committed;      // test-images/ (else the shared corpus)
  std::string image;   // relative path of the image (or of its archive)
  std::string member;  // file inside an archive
  std::string oracle;  // relative path of the stored mmls output ("" = run mmls now)
};

std::ostream& operator<<(std::ostream& out, const MmlsCase& c) { return out << c.name; }

class PartitionVsMmls : public ::testing::TestWithParam<MmlsCase> {};

TEST_P(PartitionVsMmls, SameDataPartitions) {
  const MmlsCase& c = GetParam();
  std::optional<fs::path> image_path;
  fs::path oracle_path;
  if (c.committed) {
    image_path = test::test_image(c.image);
    oracle_path = fs::path(SHELLCARVE_SOURCE_DIR) / "test-images" / "expected" / c.oracle;
  } else {
    image_path = test::unpack_corpus_image(c.image, c.member);
    if (const auto corpus = test::corpus_dir()) oracle_path = *corpus / c.oracle;
  }
  if (!image_path) GTEST_SKIP() << c.image << " not available";
  const auto oracle = test::oracle_or_run(c.oracle.empty() ? fs::path() : oracle_path, "mmls", "mmls", *image_path);
  if (!oracle) GTEST_SKIP() << "no mmls oracle and no mmls";
  const auto expected = test::parse_mmls(*oracle);
  ASSERT_TRUE(expected) << *oracle;

  auto image = open_image(image_path->string());
  ASSERT_TRUE(image) << image.error().message;
  auto table = read_partition_table(**image);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->scheme, expected->scheme);
  ASSERT_EQ(table->partitions.size(), expected->partitions.size()) << *oracle;
  for (size_t i = 0; i < expected->partitions.size(); ++i) {
    const auto& ours = table->partitions[i];
    const auto& theirs = expected->partitions[i];
    EXPECT_EQ(ours.index, i);
    EXPECT_EQ(ours.start_sector, theirs.start) << "partition " << i;
    EXPECT_EQ(ours.length_sectors, theirs.length) << "partition " << i;
    EXPECT_EQ(ours.description, theirs.description) << "partition " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Images, PartitionVsMmls,
    ::testing::Values(
        MmlsCase{"committed_mbr", true, "mbr-ntfs.raw.gz", "", "mbr-ntfs.raw.mmls.txt"},
        MmlsCase{"committed_gpt", true, "gpt-ntfs.raw.gz", "", "gpt-ntfs.raw.mmls.txt"},
        MmlsCase{"committed_gpt_e01", true, "gpt-ntfs.E01", "", "gpt-ntfs.raw.mmls.txt"},
        MmlsCase{"tsk_two_ntfs_e01", false, "images/sleuthkit/imageformat_mmls_1.E01", "",
                 "images/sleuthkit/imageformat_mmls_1.E01.mmls.txt"},
        MmlsCase{"plaso_split_e01_extended", false, "images/plaso/image-split.E01", "",
                 "images/plaso/image-split.E01.mmls.txt"},
        MmlsCase{"cfreds_fat16_e01", false, "images/bulk_extractor/CFReDS001.E01", "",
                 "images/bulk_extractor/CFReDS001.E01.mmls.txt"},
        MmlsCase{"ntfs_index_raw", false, "images/dfir_ntfs/ntfs_index.raw.gz", "",
                 "images/dfir_ntfs/ntfs_index.raw.mmls.txt"},
        MmlsCase{"gpt_5gib_sparse", false, "images/dfir_ntfs/vss_1_vol.tar.gz", "vss_1_vol.raw",
                 "images/dfir_ntfs/vss_1_vol.raw.mmls.txt"},
        MmlsCase{"mbr_128gib_sparse", false, "images/dfir_ntfs/vss_2003.tgz", "vss_2003.raw",
                 "images/dfir_ntfs/vss_2003.raw.mmls.txt"},
        MmlsCase{"mbr_64gib_sparse", false, "images/ntfs_samples/ntfs.tgz", "ntfs.raw",
                 "images/ntfs_samples/ntfs.raw.mmls.txt"},
        MmlsCase{"mbr_extended_8_fat16", false, "images/dfir_ntfs/mbr-win-512.raw.tgz",
                 "mbr-win-512.raw", ""},
        MmlsCase{"ntfs_lastaccess_raw", false, "images/ntfs_samples/ntfs-lastaccess.raw.gz", "",
                 "images/ntfs_samples/ntfs-lastaccess.raw.mmls.txt"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Partition, NoTableIsOneVolumeOverTheWholeMedia) {
  test::MemoryImage image(std::vector<std::byte>(1 << 20));
  auto table = read_partition_table(image);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->scheme, "none");
  ASSERT_EQ(table->partitions.size(), 1u);
  EXPECT_EQ(table->partitions[0].start_sector, 0u);
  EXPECT_EQ(table->partitions[0].length_sectors, 2048u);
  EXPECT_EQ(name_filesystem(image, 0), "");
}

TEST(Partition, ReadErrorInTheTableIsAnError) {
  test::MemoryImage image(std::vector<std::byte>(1 << 20));
  image.fail_reads_at(0);
  auto table = read_partition_table(image);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("injected read error"), std::string::npos)
      << table.error().message;
}

struct FsCase {
  std::string image;
  uint64_t sector;
  std::string name;
};

TEST(Partition, NamesFileSystemsLikeTsk) {
  const FsCase cases[] = {
      {"images/velociraptor/fat_very_small.dd", 0, "fat12"},
      {"images/dfvfs/ext2.E01", 0, "ext2"},
      {"images/plaso/image-split.E01", 352, "ext2"},
      {"images/bulk_extractor/CFReDS001.E01", 16128, "fat16"},
      {"images/velociraptor/test.ntfs.dd.E01", 0, "ntfs"},
  };
  if (!test::corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  for (const auto& c : cases) {
    auto path = test::unpack_corpus_image(c.image);
    ASSERT_TRUE(path) << c.image;
    auto image = open_image(path->string());
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(name_filesystem(**image, c.sector * 512), c.name) << c.image;
  }
}

}  // namespace
}  // namespace shellcarve
