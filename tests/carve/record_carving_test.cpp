// Record carving and $I30 slack on test-images/carve-records.raw (recipe and facts in
// test-images/README.md, section 7): a deleted shell's name in its directory's index slack,
// a FILE record recovered from a free cluster (with its resident webshell scanned), INDX
// records of a removed directory in free clusters; the RecordCarver on those bytes (a
// record split across reads, a torn sector); and $I30 slack names against fls on the
// corpus image ntfs_index.
#include <gtest/gtest.h>

#include <fstream>

#include "ntfs/index/index_slack.h"
#include "carve/record_carver.h"
#include "ntfs/ntfs_volume.h"
#include "support/memory_image.h"
#include "ntfs/committed_images.h"
#include "ntfs/corpus_support.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

// Facts checked by scripts/make-test-images.sh.
constexpr uint64_t kCacheCluster = 368;            // deleted cache.bin: a copy of gone.aspx's record
constexpr uint64_t kGoneRecordOffset = 368 * 4096;  // 1507328
constexpr const char* kR2 = "2021-05-03T11:00:00.2222222Z";  // the shells were planted

class RecordCarving : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = committed_image("carve-records.raw");
    ASSERT_FALSE(image_.empty());
  }
  CommandResult timeline(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"timeline", image_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_shellcarve(args);
  }
  std::vector<std::byte> image_bytes(uint64_t offset, size_t size) {
    std::ifstream in(image_, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    std::vector<std::byte> bytes(size);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    return bytes;
  }
  std::filesystem::path image_;
};

TEST_F(RecordCarving, DeletedNameInI30SlackWithItsFourTimes) {
  const auto result = timeline();
  ASSERT_EQ(result.status, 0) << result.err;
  // zz_shell.aspx, deleted at R3: its key is left past the used size of uploads' (entry 67)
  // last INDX record, cluster 364, at byte 2226 of it (the key) -- the entry's first 16
  // bytes, where its file reference was, now hold the end entry moved down (reference 0).
  for (const char* field : {"Modification,M...", "Access,.A..", "MFT Entry Change,..C.", "Creation,...B"})
    EXPECT_NE(result.out.find(std::string(kR2) + ",$I30 $FN " + field +
                              ",/inetpub/wwwroot/uploads/zz_shell.aspx,,0,0,true,I30_SLACK,"
                              "132645132002222222,80,1493088,0,live,,/inetpub/wwwroot,"),
              std::string::npos)
        << field;
  EXPECT_NE(result.out.find("from the $I30 slack of directory entry 67 (INDX record VCN 3)"), std::string::npos);
  // doc_013.txt was deleted from the middle of a node: what moved down left copies of live
  // entries in the slack, which the deduplication rule drops.
  EXPECT_EQ(result.out.find("doc_080.txt,,0,0,true,I30_SLACK"), std::string::npos);
  EXPECT_NE(result.err.find("1 $I30 slack names in 3 directories"), std::string::npos) << result.err;
}

TEST_F(RecordCarving, LsIndexSlackListsTheNameAsFlsWouldWithItsKeyTimes) {
  const auto listing = run_shellcarve({"ls", "--index-slack", image_.string()});
  ASSERT_EQ(listing.status, 0) << listing.err;
  EXPECT_NE(listing.out.find("r/- * 0:\tinetpub/wwwroot/uploads/zz_shell.aspx\n"), std::string::npos)
      << listing.out;
  // Copies of live entries (doc_020, doc_040, doc_060... moved down when doc_013.txt went)
  // are not reported as deleted names.
  EXPECT_EQ(listing.out.find("* 0:\tinetpub/wwwroot/uploads/doc_0"), std::string::npos);
  const auto body = run_shellcarve({"ls", "--bodyfile", "--index-slack", image_.string()});
  ASSERT_EQ(body.status, 0) << body.err;
  // 2021-05-03T11:00:00Z = 1620039600; size 80 from the key.
  EXPECT_NE(body.out.find("0|/inetpub/wwwroot/uploads/zz_shell.aspx (deleted)|0|r/----------|0|0|80|"
                          "1620039600|1620039600|1620039600|1620039600\n"),
            std::string::npos);
  const auto without = run_shellcarve({"ls", image_.string()});
  ASSERT_EQ(without.status, 0) << without.err;
  EXPECT_EQ(without.out.find("zz_shell.aspx"), std::string::npos);
}

TEST_F(RecordCarving, FileRecordFromAFreeCluster) {
  const auto result = timeline();
  ASSERT_EQ(result.status, 0) << result.err;
  // gone.aspx (entry 211, sequence 1; the entry now holds new_3.log, sequence 2): its record
  // survives in the free cluster of the deleted cache.bin; the path comes from its parent
  // reference (aspnet_client, live with the same sequence).
  EXPECT_NE(result.out.find(std::string(kR2) +
                            ",$SI Creation,...B,/inetpub/wwwroot/aspnet_client/gone.aspx,,211,1,true,"
                            "CARVED_MFT,132645132002222222,80,1507408,"),
            std::string::npos);
  EXPECT_NE(result.out.find(std::string(kR2) +
                            ",$FN Creation,...B,/inetpub/wwwroot/aspnet_client/gone.aspx,,211,1,true,"
                            "CARVED_MFT,132645132002222222,0,1507480,"),
            std::string::npos);
  EXPECT_NE(result.out.find("carved FILE record at offset 1507328 (unallocated)"), std::string::npos);
}

TEST_F(RecordCarving, IndexRecordsOfARemovedDirectory) {
  const auto result = timeline();
  ASSERT_EQ(result.status, 0) << result.err;
  // old_site (entry 68) was removed at R5; its INDX records in clusters 365-367 are free
  // and still name its pages (created at R1), placed under the directory's last path.
  EXPECT_NE(result.out.find("2021-05-02T10:00:00.1111111Z,$I30 $FN Creation,...B,"
                            "/inetpub/wwwroot/old_site/page_017.htm,,166,1,true,I30_CARVED,"),
            std::string::npos);
  EXPECT_NE(result.out.find("from a carved INDX record (VCN 0) at offset 1495040 (unallocated)"),
            std::string::npos);
}

TEST_F(RecordCarving, NoCarveLeavesThemOut) {
  const auto result = timeline({"--no-carve"});
  ASSERT_EQ(result.status, 0) << result.err;
  for (const char* source : {",I30_SLACK,", ",I30_CARVED,", ",CARVED_MFT,"})
    EXPECT_EQ(result.out.find(source), std::string::npos) << source;
}

TEST_F(RecordCarving, ScanReportsTheCarvedShellWithEvidence) {
  TempDir dir;
  const auto result = run_shellcarve({"scan", image_.string(), "--out", (dir / "case").string(), "--no-hash"});
  ASSERT_EQ(result.status, 1) << result.err;
  const std::string findings = read_text(dir / "case" / "findings.json");
  EXPECT_EQ(json_values(findings, "state"), std::vector<std::string>{"carved"});
  EXPECT_EQ(json_values(findings, "path"), std::vector<std::string>{"/inetpub/wwwroot/aspnet_client/gone.aspx"});
  EXPECT_EQ(json_values(findings, "mft_entry"), std::vector<std::string>{"211"});
  EXPECT_EQ(json_values(findings, "image_offset"), std::vector<std::string>{std::to_string(kGoneRecordOffset)});
  EXPECT_EQ(json_values(findings, "md5"), std::vector<std::string>{"33dbf38e80ed166d1322bf4874fed403"});
  EXPECT_EQ(json_values(findings, "planted_at"), std::vector<std::string>{kR2});
  const auto sha = json_values(findings, "sha256");
  ASSERT_EQ(sha.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(dir / "case" / "evidence" / (sha[0] + ".bin")));
  const std::string manifest = read_text(dir / "case" / "manifest.json");
  EXPECT_NE(manifest.find("1 carved (1 FILE signatures"), std::string::npos) << manifest;
}

TEST_F(RecordCarving, CarverJoinsARecordSplitAcrossReads) {
  const auto bytes = image_bytes(kGoneRecordOffset, 4096);
  carve::RecordCarver carver(1024, 4096);
  carver.scan(std::span(bytes).first(700), kGoneRecordOffset, "unallocated");
  carver.scan(std::span(bytes).subspan(700), kGoneRecordOffset + 700, "unallocated");
  ASSERT_EQ(carver.file_records().size(), 1u);
  const auto& record = carver.file_records()[0].record;
  EXPECT_EQ(record.image_offset, kGoneRecordOffset);
  EXPECT_EQ(record.header_entry_number, 211u);
  EXPECT_EQ(record.entry_number, 211u);
  ASSERT_EQ(record.file_names.size(), 1u);
  EXPECT_EQ(record.file_names[0].name, "gone.aspx");
}

TEST_F(RecordCarving, CarverRejectsATornRecord) {
  auto bytes = image_bytes(kCacheCluster * 4096, 4096);
  bytes[1022] ^= std::byte{0xFF};  // the second sector's update sequence number
  carve::RecordCarver carver(1024, 4096);
  carver.scan(bytes, kCacheCluster * 4096, "unallocated");
  EXPECT_TRUE(carver.file_records().empty());
  EXPECT_EQ(carver.stats().file_signatures, 1u);
  EXPECT_EQ(carver.stats().rejected, 1u);
}

TEST_F(RecordCarving, CarverKeepsNoMoreThanTheLimit) {
  const auto bytes = image_bytes(365 * 4096, 4 * 4096);  // 3 INDX records, then the FILE record
  Limits limits;
  limits.max_carved_records = 2;
  carve::RecordCarver carver(1024, 4096, limits);
  carver.scan(std::span(bytes).subspan(4096), 366 * 4096, "unallocated");  // any order
  carver.scan(std::span(bytes).first(4096), 365 * 4096, "unallocated");
  carver.keep_lowest();
  ASSERT_EQ(carver.index_records().size(), 2u);
  EXPECT_EQ(carver.index_records()[0].image_offset, 365u * 4096);
  EXPECT_EQ(carver.index_records()[1].image_offset, 366u * 4096);
  EXPECT_TRUE(carver.file_records().empty());
  EXPECT_EQ(carver.stats().over_limit, 2u);
}

TEST_F(RecordCarving, CarverFindsTheFreeIndxRecords) {
  const auto bytes = image_bytes(365 * 4096, 3 * 4096);
  carve::RecordCarver carver(1024, 4096);
  carver.scan(bytes, 365 * 4096, "unallocated");
  EXPECT_EQ(carver.index_records().size(), 3u);
  EXPECT_EQ(carver.index_records()[0].image_offset, 365u * 4096);
}

// A directory whose $INDEX_ALLOCATION claims more bytes than the volume holds is not walked
// (a crafted sparse run could otherwise keep the walk reading zeros), and says so.
TEST_F(RecordCarving, IndexAllocationLargerThanTheVolumeIsRefused) {
  auto bytes = image_bytes(0, 8u << 20);
  // uploads (entry 67): $MFT starts at cluster 4 and is contiguous there (mkntfs).
  const size_t record = 4 * 4096 + 67 * 1024;
  size_t attribute = record + (std::to_integer<size_t>(bytes[record + 0x14]) |
                               std::to_integer<size_t>(bytes[record + 0x15]) << 8);
  while (std::to_integer<uint8_t>(bytes[attribute]) != 0xA0)
    attribute += std::to_integer<size_t>(bytes[attribute + 4]) | std::to_integer<size_t>(bytes[attribute + 5]) << 8;
  bytes[attribute + 0x30 + 6] = std::byte{0x01};  // data size += 2^48
  MemoryImage memory(std::move(bytes));
  auto volume = ntfs::NtfsVolume::open(memory, 0);
  ASSERT_TRUE(volume) << volume.error().message;
  const auto slack = ntfs::read_directory_index_slack(*volume, 67);
  ASSERT_EQ(slack.warnings.size(), 1u);
  EXPECT_NE(slack.warnings[0].find("larger than the volume; not read"), std::string::npos) << slack.warnings[0];
  EXPECT_EQ(slack.index_records, 0u);
}

// fls lists the names it finds in $I30 slack as deleted with inode 0; our rows must name
// the one that is not also a live entry with the same times (see docs/carving.md).
TEST(RecordCarvingCorpus, I30SlackNamesAgreeWithFls) {
  const auto image = unpack_corpus_image("images/dfir_ntfs/ntfs_index.raw.gz");
  if (!image) GTEST_SKIP() << "shared corpus not present";
  const std::string fls_deleted =
      read_text(*corpus_dir() / "images/dfir_ntfs/ntfs_index.raw.o128.fls_deleted.txt");
  ASSERT_NE(fls_deleted.find("r/- * 0:\ttest_dir/BBBBBBBBBBBBB-del.txt"), std::string::npos);
  const auto result = run_shellcarve({"timeline", image->string(), "--webroots", "all"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find(",$I30 $FN Creation,...B,/test_dir/BBBBBBBBBBBBB-del.txt,,0,0,true,I30_SLACK,"),
            std::string::npos);
}

}  // namespace
}  // namespace shellcarve::test
