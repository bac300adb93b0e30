// hunt_webshells over a whole volume (--webroots all) on test-images/ntfs-basic.E01: the
// planted pages are found where they are, and NTFS's own files are not scanned as pages
// ($MFT holds every resident page's bytes and was reported as a shell of its own).
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

TEST(HuntWholeVolume, MetadataFilesAreNotFindings) {
  TempDir dir;
  const std::string image = std::string(SHELLCARVE_SOURCE_DIR) + "/test-images/ntfs-basic.E01";
  auto result = run_shellcarve({"scan", image, "--out", (dir / "case").string(), "--no-hash", "--webroots", "all"});
  ASSERT_EQ(result.status, 1) << result.err;
  const std::string json = read_text(dir / "case" / "findings.json");
  EXPECT_NE(json.find("\"path\": \"/inetpub/wwwroot/aspnet_client/tmp_drop/payload.aspx\""), std::string::npos);
  EXPECT_EQ(json.find("\"path\": \"/$"), std::string::npos) << "a metadata file was reported";
}

}  // namespace
}  // namespace shellcarve::test
