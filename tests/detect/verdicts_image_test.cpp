// The verdicts an examiner signs, end to end on test-images/verdicts.raw
// (scripts/make-verdict-image.sh): the patch time inferred from the installed Exchange builds
// without --patched-at, every shell's relation to it, the copies and stomps told apart, and a
// volume whose format time is later than its files reported once as a volume note.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

const std::string kAc = "/inetpub/wwwroot/aspnet_client/";
const std::string kOwa = "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/";

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

class Verdicts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto image = test_image("verdicts.raw.gz");
    ASSERT_TRUE(image);
    run_ = run_scan_into_temp(image->string(), {"--no-hash"}).release();
  }
  static void TearDownTestSuite() { delete run_; }
  static ScanRun* run_;
};
ScanRun* Verdicts::run_ = nullptr;

TEST_F(Verdicts, UnknownBuildFolderIsAFindingNotThePatch) {
  const std::string f = finding_for(run_->json, kOwa + "99.0.0.0");
  ASSERT_FALSE(f.empty()) << run_->json;
  EXPECT_TRUE(has(f, "unknown_exchange_build_folder")) << f;
  EXPECT_TRUE(has(f, "\"severity\": \"medium\""));
}

TEST_F(Verdicts, EachShellAgainstThePatch) {
  const auto expect = [&](const std::string& path, const char* relation, bool written_after) {
    const std::string f = finding_for(run_->json, path);
    ASSERT_FALSE(f.empty()) << path;
    EXPECT_TRUE(has(f, std::string("\"relative_to_patch\": \"") + relation + "\"")) << path << "\n" << f;
    EXPECT_TRUE(has(f, std::string("\"written_after_patch\": ") + (written_after ? "true" : "false"))) << path;
  };
  expect(kAc + "prepatch.aspx", "before", false);
  expect(kAc + "reused.aspx", "undetermined", true);
  expect(kAc + "copied.aspx", "after", false);
  expect(kAc + "gone.aspx", "after", false);
  expect(kAc + "stomped.aspx", "after", false);
  expect(kOwa + "expiredpassword.aspx:shell.aspx", "undetermined", true);
  // Moved in or linked after the patch, but ntfs-3g copied the old $SI times into the new
  // name and there is no journal: never "before".
  expect(kAc + "staged.aspx", "undetermined", false);
  expect(kOwa + "signout.aspx", "undetermined", false);
  expect(kAc + "linked.aspx", "undetermined", false);
  // Written after the patch is critical, like a post-patch birth.
  EXPECT_TRUE(has(finding_for(run_->json, kAc + "reused.aspx"), "\"severity\": \"critical\""));
  EXPECT_TRUE(has(finding_for(run_->json, kOwa + "expiredpassword.aspx:shell.aspx"), "\"severity\": \"critical\""));
}

TEST_F(Verdicts, OnlyTheStompIsATimestomp) {
  EXPECT_TRUE(has(finding_for(run_->json, kAc + "stomped.aspx"), "\"timestomp_verdict\": \"yes\""));
  const std::string copied = finding_for(run_->json, kAc + "copied.aspx");
  EXPECT_TRUE(has(copied, "\"timestomp_verdict\": \"undetermined\"")) << copied;
  EXPECT_TRUE(has(copied, "\"timestomped\": false"));
  for (const char* name : {"prepatch.aspx", "reused.aspx", "gone.aspx", "staged.aspx"})
    EXPECT_TRUE(has(finding_for(run_->json, kAc + name), "\"timestomped\": false")) << name;
}

TEST_F(Verdicts, VolumeFormatTimeIsAVolumeNote) {
  EXPECT_TRUE(has(run_->json, "timestomp indicator si_creation_before_volume_format fires on")) << run_->json;
  EXPECT_TRUE(has(run_->result.err, "shellcarve: note: partition 0: timestomp indicator si_creation_before_volume_format"));
  const std::string prepatch = finding_for(run_->json, kAc + "prepatch.aspx");
  EXPECT_TRUE(has(prepatch, "\"timestomp_verdict\": \"no\"")) << prepatch;
  EXPECT_TRUE(has(prepatch, "si_creation_before_volume_format")) << "kept as set aside";
}

TEST_F(Verdicts, EveryBoundNamesItsSource) {
  const std::string f = finding_for(run_->json, kAc + "copied.aspx");
  EXPECT_TRUE(has(f, "\"planted_between\": [")) << f;
  EXPECT_TRUE(has(f, "$STANDARD_INFORMATION at image offset")) << f;
  EXPECT_TRUE(has(f, "$FILE_NAME 'copied.aspx' at image offset")) << f;
}

}  // namespace
}  // namespace shellcarve::test
