// The scan pipeline as a library call (case/scan_pipeline.h), on test-images/mbr-ntfs.raw:
// two NTFS partitions, the one-liner inetpub/wwwroot/aspnet_client/shell.aspx on the
// second (index 1, sector 14336; test-images/README.md section 2). Every volume is
// scanned by default and each finding, timeline row and manifest entry names its
// partition; --partition narrows; the progress ends at 100% on each volume.
#include "case/scan_pipeline.h"
#include "case/case_folder.h"
#include "common/csv_cell.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "support/test_support.h"

namespace shellcarve {
namespace {

constexpr const char* kShell = "/inetpub/wwwroot/aspnet_client/shell.aspx";

ScanRequest request_for(const std::filesystem::path& image, const test::TempDir& dir) {
  ScanRequest request;
  request.image_path = image.string();
  request.out = (dir / "case").string();
  request.hash = false;
  return request;
}

TEST(ScanPipeline, EveryNtfsPartitionIsScannedAndNamed) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  ScanRequest request = request_for(*image, dir);
  std::map<uint32_t, std::pair<uint64_t, uint64_t>> last;  // partition -> last (done, total)
  request.progress = [&](uint32_t partition, uint64_t done, uint64_t total) { last[partition] = {done, total}; };
  const auto report = run_scan(request);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->volumes.size(), 2u);
  EXPECT_EQ(report->volumes[0].partition.start_sector, 2048u);
  EXPECT_EQ(report->volumes[1].partition.start_sector, 14336u);
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(report->findings[0].path, kShell);
  EXPECT_EQ(report->findings[0].partition, 1u);
  for (const auto& [partition, progress] : last) EXPECT_EQ(progress.first, progress.second) << partition;
  EXPECT_TRUE(last.contains(1));

  const auto case_dir = dir / "case";
  EXPECT_EQ(test::json_values(test::read_text(case_dir / "findings.json"), "partition"),
            std::vector<std::string>{"1"});
  // partition, then severity_reasons, deobfuscated (empty here), store (live), store_time (empty)
  std::string reasons;
  for (const auto& r : report->findings[0].severity_reasons) reasons += (reasons.empty() ? "" : ";") + r;
  EXPECT_NE(test::read_text(case_dir / "findings.csv").find(",1," + csv_cell(reasons) + ",,live,\r\n"), std::string::npos);
  const std::string manifest = test::read_text(case_dir / "manifest.json");
  EXPECT_NE(manifest.find("\"partitions\": \"0, 1\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"partition.1.start_sector\": \"14336\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"partition.0.usn_journal\""), std::string::npos) << manifest;
  // Timeline rows of the shell's volume name it.
  const std::string jsonl = test::read_text(case_dir / "timeline.jsonl");
  const size_t row = jsonl.find("\"path\":\"" + std::string(kShell) + "\"");
  ASSERT_NE(row, std::string::npos) << jsonl.substr(0, 2000);
  const size_t end = jsonl.find('\n', row);
  EXPECT_NE(jsonl.substr(row, end - row).find("\"partition\":1"), std::string::npos);
}

// Flagged content is written to the staging folder's evidence/ as it is found, not held
// until the case folder is written at the end (issue "Nothing silent", item 13): when the
// hunt of the shell's volume reports 100%, its evidence file is already on disk.
TEST(ScanPipeline, EvidenceIsOnDiskBeforeTheScanEnds) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  ScanRequest request = request_for(*image, dir);
  std::vector<std::string> during;  // evidence files in staging when partition 1's hunt ended
  request.progress = [&](uint32_t partition, uint64_t done, uint64_t total) {
    if (partition != 1 || done != total) return;
    const auto staging = staging_folders_in_progress();
    ASSERT_EQ(staging.size(), 1u);
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(staging[0]) / "evidence"))
      during.push_back(entry.path().filename().string());
  };
  const auto report = run_scan(request);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->findings.size(), 1u);
  const std::string name = report->findings[0].sha256 + ".bin";
  EXPECT_EQ(during, std::vector<std::string>{name});
  EXPECT_TRUE(std::filesystem::exists(dir / "case" / "evidence" / name));
  const std::string manifest = test::read_text(dir / "case" / "manifest.json");
  EXPECT_NE(manifest.find("evidence/" + name), std::string::npos) << manifest;
}

TEST(ScanPipeline, PartitionOptionNarrows) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  ScanRequest request = request_for(*image, dir);
  request.partition = 0;
  const auto report = run_scan(request);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->volumes.size(), 1u);
  EXPECT_TRUE(report->findings.empty());
}

TEST(ScanPipeline, NoNtfsVolumeIsAnErrorAndWritesNothing) {
  const auto image = test::test_image("random.bin");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto report = run_scan(request_for(*image, dir));
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find(image->string()), std::string::npos) << report.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir / "case"));
}

}  // namespace
}  // namespace shellcarve
