// `scan` and `timeline` with Volume Shadow Copies, end to end on plaso's vsstest volume
// (two stores: store 1 holds syslog; by store 2 it had become syslog.gz and another_file
// had appeared; password.txt exists only on the live volume): every timeline row names its store, the stores'
// web roots are compared with the live volume's in findings.json's snapshot_differences and
// the timeline, with both versions' provenance; and the merge of a store's findings into
// the live ones (snapshot_findings.h) on findings made by hand.
#include <gtest/gtest.h>

#include "case/snapshot_findings.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

class VssScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!corpus_dir()) return;
    const auto path = unpack_corpus_image("images/plaso/vsstest.raw.gz");
    if (!path) return;
    image_ = new std::string(path->string());
    run_ = run_scan_into_temp(*image_, {"--webroots", "all", "--no-hash"}).release();
  }
  static void TearDownTestSuite() {
    delete run_;
    delete image_;
    run_ = nullptr;
    image_ = nullptr;
  }
  void SetUp() override {
    if (run_ == nullptr) GTEST_SKIP() << "shared corpus absent";
  }
  static std::string* image_;
  static ScanRun* run_;
};
std::string* VssScan::image_ = nullptr;
ScanRun* VssScan::run_ = nullptr;

// The snapshot_differences objects of findings.json whose path is `path`, as text.
std::vector<std::string> differences_for(const std::string& json, const std::string& path) {
  std::vector<std::string> out;
  const size_t section = json.find("\"snapshot_differences\": [");
  for (size_t at = json.find("\"path\": \"" + path + "\"", section); section != std::string::npos && at != std::string::npos;
       at = json.find("\"path\": \"" + path + "\"", at + 1)) {
    const size_t begin = json.rfind("\"change\"", at);
    out.push_back(json.substr(begin, json.find("\n    }", at) - begin));
  }
  return out;
}

TEST_F(VssScan, StoresAreHuntedAndCompared) {
  ASSERT_LE(run_->result.status, 1) << run_->result.err;
  EXPECT_NE(run_->result.err.find("2 Volume Shadow Copy store(s) hunted and compared"), std::string::npos)
      << run_->result.err;
  // syslog is in store 1 only, gone live (gzipped to syslog.gz, MFT entry 35 reused).
  const auto syslog = differences_for(run_->json, "/syslog");
  ASSERT_EQ(syslog.size(), 1u) << run_->json.substr(run_->json.find("snapshot_differences"), 2000);
  EXPECT_NE(syslog[0].find("\"change\": \"deleted_since_snapshot\""), std::string::npos) << syslog[0];
  EXPECT_NE(syslog[0].find("\"store\": 1,"), std::string::npos) << syslog[0];
  EXPECT_NE(syslog[0].find("\"live\": null"), std::string::npos) << syslog[0];
  EXPECT_NE(syslog[0].find("\"mft_entry\": 35"), std::string::npos) << syslog[0];
  // another_file appeared between the snapshots: added since store 1 only.
  const auto another = differences_for(run_->json, "/another_file");
  ASSERT_EQ(another.size(), 1u);
  EXPECT_NE(another[0].find("\"store_time\": \"2013-12-03T06:35:09.7363787Z\""), std::string::npos) << another[0];
  // password.txt: added after both snapshots.
  const auto password = differences_for(run_->json, "/password.txt");
  ASSERT_EQ(password.size(), 2u);
  for (const auto& d : password) {
    EXPECT_NE(d.find("\"change\": \"added_since_snapshot\""), std::string::npos) << d;
    EXPECT_NE(d.find("\"snapshot\": null"), std::string::npos) << d;
  }
}

TEST_F(VssScan, EveryTimelineRowNamesItsStore) {
  const std::string csv = read_text(run_->case_dir() / "timeline.csv");
  ASSERT_FALSE(csv.empty());
  EXPECT_NE(csv.find(",partition,store,store_time,webroot,"), std::string::npos) << csv.substr(0, 300);
  size_t live = 0, store1 = 0, store2 = 0, diff = 0;
  for (size_t at = 0, end; at < csv.size(); at = end + 2) {
    end = csv.find("\r\n", at);
    const std::string line = csv.substr(at, end - at);
    live += line.find(",0,live,,") != std::string::npos;
    store1 += line.find(",0,1,2013-12-03T06:35:09.7363787Z,") != std::string::npos;
    store2 += line.find(",0,2,2013-12-03T06:37:48.9190583Z,") != std::string::npos;
    diff += line.find(",VSS_DIFF,") != std::string::npos;
  }
  EXPECT_GT(live, 50u);
  EXPECT_GT(store1, 50u);
  EXPECT_GT(store2, 50u);
  EXPECT_GT(diff, 2u);
  // The difference rows carry both versions.
  EXPECT_NE(csv.find("deleted_since_snapshot: /syslog: in the snapshot, not on the live volume"), std::string::npos);
  const std::string jsonl = read_text(run_->case_dir() / "timeline.jsonl");
  EXPECT_NE(jsonl.find("\"store\":\"live\",\"store_time\":null"), std::string::npos);
  EXPECT_NE(jsonl.find("\"store\":\"2\",\"store_time\":\"2013-12-03T06:37:48.9190583Z\""), std::string::npos);
}

TEST_F(VssScan, OutputsAreTheSameRunAfterRun) {
  const auto again = run_scan_into_temp(*image_, {"--webroots", "all", "--no-hash"});
  EXPECT_EQ(again->json, run_->json);
  EXPECT_EQ(read_text(again->case_dir() / "timeline.csv"), read_text(run_->case_dir() / "timeline.csv"));
}

TEST_F(VssScan, TimelineCommandTakesVss) {
  const auto none = run_shellcarve({"timeline", *image_, "--webroots", "all"});
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.out.find(",0,1,2013-12-03T06:35:09.7363787Z,"), std::string::npos);
  const auto one = run_shellcarve({"timeline", *image_, "--webroots", "all", "--vss", "1"});
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_NE(one.out.find(",0,1,2013-12-03T06:35:09.7363787Z,"), std::string::npos);
  EXPECT_EQ(one.out.find(",0,2,2013-12-03T06:37:48.9190583Z,"), std::string::npos);
  const auto bad = run_shellcarve({"timeline", *image_, "--vss", "7"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("has no VSS store 7"), std::string::npos) << bad.err;
}

Finding finding(const std::string& path, const std::string& sha256) {
  Finding f;
  f.path = path;
  f.sha256 = sha256;
  return f;
}

TEST(SnapshotFindings, ContentFlaggedLiveIsANoteNotAFinding) {
  std::vector<Finding> findings{finding("/inetpub/wwwroot/a.aspx", "aa")};
  std::vector<Finding> store{finding("/inetpub/wwwroot/old/a.aspx", "aa")};
  EXPECT_EQ(merge_snapshot_findings(findings, std::move(store), 0, 1, 130000000000000000), 0u);
  ASSERT_EQ(findings.size(), 1u);
  ASSERT_EQ(findings[0].notes.size(), 1u);
  EXPECT_NE(findings[0].notes[0].find("also in VSS store 1"), std::string::npos);
}

TEST(SnapshotFindings, SnapshotOnlyContentIsASnapshotFindingBoundedByTheSnapshotTime) {
  std::vector<Finding> findings{finding("/inetpub/wwwroot/a.aspx", "aa")};
  Finding gone = finding("/inetpub/wwwroot/shell.aspx", "bb");
  gone.planted_latest = 140000000000000000;  // later than the snapshot: the snapshot bounds it
  std::vector<Finding> store{gone};
  EXPECT_EQ(merge_snapshot_findings(findings, std::move(store), 0, 2, 130000000000000000), 1u);
  ASSERT_EQ(findings.size(), 2u);
  const Finding& f = findings[1];
  EXPECT_EQ(f.state, FindingState::kSnapshot);
  EXPECT_EQ(f.store, 2u);
  EXPECT_EQ(f.store_time, 130000000000000000u);
  EXPECT_EQ(f.planted_latest, 130000000000000000u);
  EXPECT_NE(f.planted_latest_source.find("snapshot time of VSS store 2"), std::string::npos);
  ASSERT_EQ(f.planted_evidence.size(), 1u);
  EXPECT_EQ(f.planted_evidence[0].role, "latest");
  EXPECT_EQ(f.planted_evidence[0].filetime, 130000000000000000u);
  // The same content in a later store is a note on that finding.
  std::vector<Finding> later{finding("/inetpub/wwwroot/shell.aspx", "bb")};
  EXPECT_EQ(merge_snapshot_findings(findings, std::move(later), 0, 3, 131000000000000000), 0u);
  EXPECT_EQ(findings.size(), 2u);
  // On another partition it is not the same finding.
  std::vector<Finding> elsewhere{finding("/x.aspx", "aa")};
  EXPECT_EQ(merge_snapshot_findings(findings, std::move(elsewhere), 1, 1, 130000000000000000), 1u);
}

}  // namespace
}  // namespace shellcarve::test

namespace shellcarve::test {
namespace {

// A webshell that only a snapshot holds: vsstest's store 1 has syslog (MFT entry 35, its
// one cluster at byte 147456), which is gone live and whose cluster store 1 reads from the
// live volume (never overwritten since); a copy of the image with a one-line shell written
// there gives store 1 a shell the live volume does not have as a file (carving off).
TEST(VssScanSnapshotOnly, ShellOnlyInAStoreIsASnapshotFinding) {
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  const auto path = unpack_corpus_image("images/plaso/vsstest.raw.gz");
  ASSERT_TRUE(path);
  const TempDir dir;
  const auto copy = dir / "vsstest-shell.raw";
  const std::string shell = "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"shellcarve_test\"],\"unsafe\");%>";
  ASSERT_EQ(run_command("cp --sparse=always " + shell_quote(path->string()) + " " + shell_quote(copy.string())).status, 0);
  ASSERT_EQ(run_command("printf '%s' " + shell_quote(shell) + " | dd of=" + shell_quote(copy.string()) +
                        " bs=1 seek=147456 conv=notrunc status=none")
                .status,
            0);
  const auto run = run_scan_into_temp(copy.string(), {"--webroots", "all", "--no-hash", "--no-carve"});
  ASSERT_EQ(run->result.status, 1) << run->result.err;
  const std::string finding = finding_for(run->json, "/syslog");
  ASSERT_FALSE(finding.empty()) << run->json;
  EXPECT_NE(finding.find("\"state\": \"snapshot\""), std::string::npos) << finding;
  EXPECT_NE(finding.find("\"store\": 1,"), std::string::npos) << finding;
  EXPECT_NE(finding.find("\"store_time\": \"2013-12-03T06:35:09.7363787Z\""), std::string::npos) << finding;
  EXPECT_NE(finding.find("only in VSS store 1 (2013-12-03T06:35:09.7363787Z): allocated there (MFT entry 35-1"),
            std::string::npos)
      << finding;
  EXPECT_NE(run->result.err.find("partition 0 vss1: /syslog (snapshot"), std::string::npos) << run->result.err;
  // Only one finding: the same shell is not reported again for store 2 (it has syslog.gz).
  EXPECT_EQ(json_values(run->json, "state").size(), 1u);
}

}  // namespace
}  // namespace shellcarve::test
