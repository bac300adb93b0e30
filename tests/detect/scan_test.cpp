// `shellcarve scan` end to end on test-images/ntfs-basic.E01, whose recipe planted China
// Chopper one-liners as a resident file, a hard link, an ADS, a file with $SI set back, a
// deleted non-resident file and a deleted file in a deleted folder, next to a benign logon
// page (test-images/README.md). The examiner's patch time 2021-03-03T03:20:00Z falls between
// the early and the late plants.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

const std::string kImage = std::string(SHELLCARVE_SOURCE_DIR) + "/test-images/ntfs-basic.E01";

class Scan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = run_scan_into_temp(kImage, {"--patched-at", "2021-03-03T03:20:00Z"}).release(); }
  static void TearDownTestSuite() { delete run_; }
  static ScanRun* run_;
};
ScanRun* Scan::run_ = nullptr;

TEST_F(Scan, ExitsOneWithFindingsAndWritesTheCaseFolder) {
  EXPECT_EQ(run_->result.status, 1) << run_->result.err;
  for (const char* name : {"findings.json", "findings.csv", "timeline.csv", "timeline.jsonl",
                           "timeline.body", "manifest.json"})
    EXPECT_TRUE(std::filesystem::exists(run_->dir / "case" / name)) << name;
  EXPECT_NE(run_->json.find("\"patched_at\": \"2021-03-03T03:20:00.0000000Z\""), std::string::npos);
  EXPECT_NE(run_->json.find("\"patched_at_source\": \"examiner\""), std::string::npos);
}

TEST_F(Scan, PlantedBeforeAndAfterThePatch) {
  const std::string early = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/discover.aspx");
  ASSERT_FALSE(early.empty());
  EXPECT_NE(early.find("\"relative_to_patch\": \"before\""), std::string::npos) << early;
  // critical for its place (aspnet_client), not for its time: the reasons say which
  EXPECT_NE(early.find("\"severity\": \"critical\""), std::string::npos);
  EXPECT_NE(early.find("critical: in aspnet_client"), std::string::npos) << early;
  EXPECT_EQ(early.find("after the patch"), std::string::npos) << early;
  EXPECT_NE(early.find("\"planted_at\": \"2021-03-03T03:14:15.9265358Z\""), std::string::npos);
  const std::string late = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/deleted_shell.aspx");
  ASSERT_FALSE(late.empty());
  EXPECT_NE(late.find("\"state\": \"deleted\""), std::string::npos) << late;
  EXPECT_NE(late.find("\"relative_to_patch\": \"after\""), std::string::npos);
  EXPECT_NE(late.find("\"severity\": \"critical\""), std::string::npos);
  EXPECT_NE(late.find("critical: planted after the patch"), std::string::npos) << late;
  EXPECT_NE(late.find("\"mft_entry\": 100,"), std::string::npos);
  EXPECT_NE(late.find("\"mft_sequence\": 2,"), std::string::npos);
  EXPECT_NE(late.find("\"md5\": \"5e6b3b5b7e21911632332e99c8c990da\""), std::string::npos);
}

TEST_F(Scan, TimestompedFileIsDatedByItsFileNameTimes) {
  const std::string stomped = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/stomped.aspx");
  ASSERT_FALSE(stomped.empty());
  EXPECT_NE(stomped.find("\"timestomped\": true"), std::string::npos) << stomped;
  EXPECT_NE(stomped.find("\"planted_at_source\": \"$FN creation"), std::string::npos);
  EXPECT_NE(stomped.find("\"timestomp_verdict\": \"yes\""), std::string::npos);
  EXPECT_NE(stomped.find("\"planted_at\": \"2021-03-03T03:25:10.5050505Z\""), std::string::npos);
  EXPECT_NE(stomped.find("\"relative_to_patch\": \"after\""), std::string::npos);
  EXPECT_NE(stomped.find("si_creation_before_fn_creation"), std::string::npos);
}

TEST_F(Scan, AlternateStreamAndResidentDeletedFile) {
  const std::string ads = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/readme.txt:shell.aspx");
  ASSERT_FALSE(ads.empty());
  EXPECT_NE(ads.find("\"state\": \"ads\""), std::string::npos) << ads;
  EXPECT_NE(ads.find("SC_ChinaChopper"), std::string::npos);
  const std::string resident = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/tmp_drop/payload.aspx");
  ASSERT_FALSE(resident.empty());
  EXPECT_NE(resident.find("\"state\": \"deleted\""), std::string::npos);
}

TEST_F(Scan, BenignPageIsNotFlaggedAndEvidenceIsReadOnly) {
  const std::string logon = "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/logon.aspx";
  EXPECT_TRUE(finding_for(run_->json, logon).empty());
  // Not a finding, but a page Microsoft never shipped in this form: listed for review.
  const size_t review = run_->json.find("\"review\": [");
  ASSERT_NE(review, std::string::npos);
  const size_t listed = run_->json.find("\"path\": \"" + logon + "\"", review);
  ASSERT_NE(listed, std::string::npos);
  EXPECT_NE(run_->json.find("\"integrity\": \"modified\"", listed), std::string::npos);
  // ... and in the timeline, at its $FN creation.
  const std::string timeline = read_text(run_->dir / "case" / "timeline.csv");
  EXPECT_NE(timeline.find("Exchange integrity: modified,...B," + logon), std::string::npos);
  const auto evidence = run_->dir / "case" / "evidence";
  size_t files = 0;
  for (const auto& item : std::filesystem::directory_iterator(evidence)) {
    ++files;
    struct stat st {};
    ASSERT_EQ(::stat(item.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0444u) << item.path();
    const std::string sha = run_command("sha256sum " + shell_quote(item.path().string()) + " | cut -c1-64").out.substr(0, 64);
    EXPECT_EQ(item.path().filename().string(), sha + ".bin");
  }
  EXPECT_EQ(files, 2u);  // the one-liner and the 2530-byte deleted shell, each once
}

TEST(ScanOptions, NonEmptyOutputIsRefusedAndBadPatchTimeIsAnError) {
  TempDir dir;
  write_bytes(dir / "something", {std::byte{1}});
  auto refused = run_shellcarve({"scan", kImage, "--out", dir.path().string()});
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("shellcarve: error: --out"), std::string::npos) << refused.err;
  auto bad = run_shellcarve({"scan", kImage, "--out", (dir / "x").string(), "--patched-at", "last tuesday"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("not an ISO 8601 time"), std::string::npos);
}

TEST(ScanOptions, WithoutAPatchTimeTheRelationIsUnknown) {
  TempDir dir;
  auto result = run_shellcarve({"scan", kImage, "--out", (dir / "case").string(), "--no-hash"});
  EXPECT_EQ(result.status, 1);
  const std::string json = read_text(dir / "case" / "findings.json");
  EXPECT_NE(json.find("\"patched_at\": null"), std::string::npos);
  EXPECT_NE(json.find("\"patched_at_source\": \"unknown\""), std::string::npos);
  EXPECT_EQ(json.find("\"relative_to_patch\": \"after\""), std::string::npos);
}

}  // namespace
}  // namespace shellcarve::test
