// `shellcarve info --json` run as a program and compared with The Sleuth Kit (fsstat: serial,
// label, cluster size, $MFT location, record size, sector count) and libewf (ewfinfo: case
// metadata, acquisition date, stored hashes, media size) on the committed test images and
// the real images of the shared corpus.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>

#include "support/test_support.h"
#include "support/tsk_oracles.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

struct ImageCase {
  std::string name;
  bool committed;
  std::string image;
  std::string member;
  uint64_t sector;     // partition start the fsstat oracle is about
  std::string oracle;  // fsstat output, relative to test-images/expected or the corpus
};

std::ostream& operator<<(std::ostream& out, const ImageCase& c) { return out << c.name; }

struct Located {
  fs::path image;
  fs::path oracle;
};

std::optional<Located> locate(const ImageCase& c) {
  if (c.committed) {
    auto image = test::test_image(c.image);
    if (!image) return std::nullopt;
    return Located{*image, fs::path(SHELLCARVE_SOURCE_DIR) / "test-images" / "expected" / c.oracle};
  }
  auto image = test::unpack_corpus_image(c.image, c.member);
  if (!image) return std::nullopt;
  return Located{*image, *test::corpus_dir() / c.oracle};
}

// The NTFS fields of the partition starting at `sector`, from info --json.
struct NtfsFields {
  std::string serial, label, cluster_size, mft_offset, record_size, total_sectors;
};

std::optional<NtfsFields> ntfs_fields_at(const std::string& json, uint64_t sector) {
  const auto starts = test::json_values(json, "start_sector");
  const auto types = test::json_values(json, "type");
  const auto serials = test::json_values(json, "volume_serial");
  const auto labels = test::json_values(json, "label");
  const auto clusters = test::json_values(json, "cluster_size");
  const auto mfts = test::json_values(json, "mft_offset");
  const auto records = test::json_values(json, "mft_record_size");
  const auto totals = test::json_values(json, "total_sectors");
  size_t ntfs_index = 0;
  for (size_t i = 0; i < starts.size() && i < types.size(); ++i) {
    if (types[i] != "ntfs") continue;
    if (starts[i] == std::to_string(sector) && ntfs_index < serials.size())
      return NtfsFields{serials[ntfs_index], labels[ntfs_index], clusters[ntfs_index],
                        mfts[ntfs_index], records[ntfs_index], totals[ntfs_index]};
    ++ntfs_index;
  }
  return std::nullopt;
}

class InfoVsFsstat : public ::testing::TestWithParam<ImageCase> {};

TEST_P(InfoVsFsstat, SameNtfsFacts) {
  const ImageCase& c = GetParam();
  const auto located = locate(c);
  if (!located) GTEST_SKIP() << c.image << " not available";
  const std::string fsstat = test::read_text(located->oracle);
  ASSERT_FALSE(fsstat.empty()) << located->oracle;

  const auto run = test::run_shellcarve({"info", "--json", located->image.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  const auto fields = ntfs_fields_at(run.out, c.sector);
  ASSERT_TRUE(fields) << "no NTFS partition at sector " << c.sector << "\n" << run.out;

  EXPECT_EQ(fields->serial, test::tool_field(fsstat, "Volume Serial Number"));
  EXPECT_EQ(fields->label, test::tool_field(fsstat, "Volume Name"));
  const std::string cluster_size = test::tool_field(fsstat, "Cluster Size");
  EXPECT_EQ(fields->cluster_size, cluster_size);
  const uint64_t mft_cluster = std::stoull(test::tool_field(fsstat, "First Cluster of MFT"));
  EXPECT_EQ(fields->mft_offset, std::to_string(c.sector * 512 + mft_cluster * std::stoull(cluster_size)));
  EXPECT_EQ(fields->record_size + " bytes", test::tool_field(fsstat, "Size of MFT Entries"));
  // "Total Sector Range: 0 - 20478"
  const std::string range = test::tool_field(fsstat, "Total Sector Range");
  EXPECT_EQ(fields->total_sectors, std::to_string(std::stoull(range.substr(range.find('-') + 1)) + 1));
}

INSTANTIATE_TEST_SUITE_P(
    Images, InfoVsFsstat,
    ::testing::Values(
        ImageCase{"committed_bare_raw", true, "ntfs-basic.raw.gz", "", 0, "ntfs-basic.raw.fsstat.txt"},
        ImageCase{"committed_bare_e01", true, "ntfs-basic.E01", "", 0, "ntfs-basic.raw.fsstat.txt"},
        ImageCase{"committed_mbr_first", true, "mbr-ntfs.raw.gz", "", 2048, "mbr-ntfs.raw.o2048.fsstat.txt"},
        ImageCase{"committed_mbr_second", true, "mbr-ntfs.raw.gz", "", 14336, "mbr-ntfs.raw.o14336.fsstat.txt"},
        ImageCase{"committed_gpt_raw", true, "gpt-ntfs.raw.gz", "", 2048, "gpt-ntfs.raw.o2048.fsstat.txt"},
        ImageCase{"committed_gpt_e01", true, "gpt-ntfs.E01", "", 2048, "gpt-ntfs.raw.o2048.fsstat.txt"},
        ImageCase{"velociraptor_e01", false, "images/velociraptor/test.ntfs.dd.E01", "", 0,
                  "images/velociraptor/test.ntfs.dd.E01.fsstat.txt"},
        ImageCase{"velociraptor_partition_e01", false, "images/velociraptor/partition_image.E01", "", 0,
                  "images/velociraptor/partition_image.E01.fsstat.txt"},
        ImageCase{"tsk_e01_first", false, "images/sleuthkit/imageformat_mmls_1.E01", "", 128,
                  "images/sleuthkit/imageformat_mmls_1.E01.o128.fsstat.txt"},
        ImageCase{"tsk_e01_second", false, "images/sleuthkit/imageformat_mmls_1.E01", "", 55424,
                  "images/sleuthkit/imageformat_mmls_1.E01.o55424.fsstat.txt"},
        ImageCase{"ntfs_index", false, "images/dfir_ntfs/ntfs_index.raw.gz", "", 128,
                  "images/dfir_ntfs/ntfs_index.raw.o128.fsstat.txt"},
        ImageCase{"ntfs3", false, "images/dfir_ntfs/ntfs3.raw.gz", "", 0,
                  "images/dfir_ntfs/ntfs3.raw.fsstat.txt"},
        ImageCase{"gpt_5gib", false, "images/dfir_ntfs/vss_1_vol.tar.gz", "vss_1_vol.raw", 67584,
                  "images/dfir_ntfs/vss_1_vol.raw.o67584.fsstat.txt"},
        ImageCase{"server2003_cyrillic_label", false, "images/dfir_ntfs/vss_2003.tgz", "vss_2003.raw", 63,
                  "images/dfir_ntfs/vss_2003.raw.o63.fsstat.txt"},
        ImageCase{"win10_64gib", false, "images/ntfs_samples/ntfs.tgz", "ntfs.raw", 2048,
                  "images/ntfs_samples/ntfs.raw.o2048.fsstat.txt"},
        ImageCase{"lastaccess", false, "images/ntfs_samples/ntfs-lastaccess.raw.gz", "", 128,
                  "images/ntfs_samples/ntfs-lastaccess.raw.o128.fsstat.txt"},
        ImageCase{"windows_volume_no_label", false, "images/dfvfs/windows_volume.raw.gz", "", 0,
                  "images/dfvfs/windows_volume.raw.fsstat.txt"},
        ImageCase{"mkntfs_testfs1", false, "images/colinfinck_ntfs/testfs1", "", 0,
                  "images/colinfinck_ntfs/testfs1.fsstat.txt"},
        ImageCase{"dftt7_xp", false, "images/dftt_7_ntfs_undel/7-undel-ntfs.zip",
                  "7-undel-ntfs/7-ntfs-undel.dd", 0, "images/dftt_7_ntfs_undel/7-ntfs-undel.dd.fsstat.txt"}),
    [](const auto& param_info) { return param_info.param.name; });

// ewfinfo prints dates as ctime ("Fri Mar  5 14:00:00 2021"); ours are ISO 8601.
std::string ctime_to_iso(const std::string& text) {
  std::tm tm{};
  if (strptime(text.c_str(), "%a %b %d %H:%M:%S %Y", &tm) == nullptr) return "unparseable: " + text;
  char out[32];
  std::strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S", &tm);
  return out;
}

class InfoVsEwfinfo : public ::testing::TestWithParam<ImageCase> {};

TEST_P(InfoVsEwfinfo, SameAcquisitionMetadata) {
  const ImageCase& c = GetParam();
  const auto located = locate(c);
  if (!located) GTEST_SKIP() << c.image << " not available";
  const std::string ewfinfo = test::read_text(located->oracle);
  ASSERT_FALSE(ewfinfo.empty()) << located->oracle;
  const auto run = test::run_shellcarve({"info", "--json", located->image.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  // ewfinfo's lines lose trailing blanks ("sample test " is printed "sample test").
  auto one = [&](const std::string& key) {
    const auto values = test::json_values(run.out, key);
    if (values.empty()) return std::string("<absent>");
    std::string value = values.front();
    while (!value.empty() && value.back() == ' ') value.pop_back();
    return value;
  };
  EXPECT_EQ(one("format"), "ewf");
  EXPECT_EQ(one("case_number"), test::tool_field(ewfinfo, "Case number"));
  EXPECT_EQ(one("description"), test::tool_field(ewfinfo, "Description"));
  EXPECT_EQ(one("examiner"), test::tool_field(ewfinfo, "Examiner name"));
  EXPECT_EQ(one("evidence_number"), test::tool_field(ewfinfo, "Evidence number"));
  EXPECT_EQ(one("notes"), test::tool_field(ewfinfo, "Notes"));
  EXPECT_EQ(one("acquiry_software"), test::tool_field(ewfinfo, "Software version used"));
  EXPECT_EQ(one("acquiry_os"), test::tool_field(ewfinfo, "Operating system used"));
  EXPECT_EQ(one("acquired"), ctime_to_iso(test::tool_field(ewfinfo, "Acquisition date")));
  EXPECT_EQ(one("md5"), test::tool_field(ewfinfo, "MD5"));
  EXPECT_EQ(one("sha1"), test::tool_field(ewfinfo, "SHA1"));
  EXPECT_EQ(one("sector_size"), test::tool_field(ewfinfo, "Bytes per sector"));
  // "Media size:		10 MiB (10485760 bytes)"
  const std::string media = test::tool_field(ewfinfo, "Media size");
  const size_t open = media.find('(');
  ASSERT_NE(open, std::string::npos) << media;
  EXPECT_EQ(one("media_size"), media.substr(open + 1, media.find(' ', open) - open - 1));
}

INSTANTIATE_TEST_SUITE_P(
    Images, InfoVsEwfinfo,
    ::testing::Values(
        ImageCase{"committed_three_segments", true, "ntfs-basic.E01", "", 0, "ntfs-basic.E01.ewfinfo.txt"},
        ImageCase{"committed_gpt", true, "gpt-ntfs.E01", "", 0, "gpt-ntfs.E01.ewfinfo.txt"},
        ImageCase{"velociraptor", false, "images/velociraptor/test.ntfs.dd.E01", "", 0,
                  "images/velociraptor/test.ntfs.dd.E01.ewfinfo.txt"},
        ImageCase{"velociraptor_partition", false, "images/velociraptor/partition_image.E01", "", 0,
                  "images/velociraptor/partition_image.E01.ewfinfo.txt"},
        ImageCase{"ftk_imager_md5_sha1", false, "images/sleuthkit/imageformat_mmls_1.E01", "", 0,
                  "images/sleuthkit/imageformat_mmls_1.E01.ewfinfo.txt"},
        ImageCase{"tsk_ext2", false, "images/sleuthkit/image.E01", "", 0, "images/sleuthkit/image.E01.ewfinfo.txt"},
        ImageCase{"plaso_split", false, "images/plaso/image-split.E01", "", 0,
                  "images/plaso/image-split.E01.ewfinfo.txt"},
        ImageCase{"plaso_ext2", false, "images/plaso/image.E01", "", 0, "images/plaso/image.E01.ewfinfo.txt"},
        ImageCase{"dfvfs_ext2", false, "images/dfvfs/ext2.E01", "", 0, "images/dfvfs/ext2.E01.ewfinfo.txt"},
        ImageCase{"cfreds", false, "images/bulk_extractor/CFReDS001.E01", "", 0,
                  "images/bulk_extractor/CFReDS001.E01.ewfinfo.txt"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Info, BackupBootSectorIsUsedWhenSectorZeroIsWiped) {
  const auto raw = test::test_image("ntfs-basic.raw.gz");
  ASSERT_TRUE(raw) << "test-images absent";
  test::TempDir dir;
  const auto copy = dir / "wiped.raw";
  std::filesystem::copy_file(*raw, copy);
  ASSERT_EQ(test::run_command("dd if=/dev/zero of=" + test::shell_quote(copy.string()) +
                              " bs=512 count=1 conv=notrunc").status, 0);
  const auto run = test::run_shellcarve({"info", "--json", copy.string()});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(test::json_values(run.out, "from_backup_boot_sector"), std::vector<std::string>{"true"});
  EXPECT_EQ(test::json_values(run.out, "volume_serial"), std::vector<std::string>{"01C7CC4F1211338B"});
  EXPECT_EQ(test::json_values(run.out, "label"), std::vector<std::string>{"SHELLCARVE"});
  EXPECT_NE(run.err.find("backup boot sector at byte 33553920"), std::string::npos) << run.err;
}

TEST(Info, TextOutputNamesFormatPartitionsAndLabel) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  const auto run = test::run_shellcarve({"info", image->string()});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("Format:       raw"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Partitions (dos):"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("label=MBR-DATA"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace shellcarve
