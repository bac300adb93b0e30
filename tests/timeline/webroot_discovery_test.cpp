// Web roots that only IIS's applicationHost.config reveals, on test-images/iis-config.raw
// (recipe in scripts/make-test-images.sh, contents in test-images/README.md section 5): the
// attacker's site "Backup" serves C:\ProgramData\Sync\web, which no built-in profile covers,
// and holds a China Chopper one-liner; the default web root holds a page with client-side
// eval( and a benign form page, neither of which may be flagged.
#include <gtest/gtest.h>

#include "ntfs/committed_images.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

constexpr const char* kShell = "/ProgramData/Sync/web/health.aspx";

class WebRootDiscovery : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = committed_image("iis-config.raw");
    ASSERT_FALSE(image_.empty()) << "test-images/iis-config.raw.gz missing";
  }
  std::filesystem::path image_;
};

TEST_F(WebRootDiscovery, TimelineTakesTheBackupSiteFromApplicationHostConfig) {
  const auto result = run_shellcarve({"timeline", image_.string()});
  ASSERT_EQ(result.status, 0) << result.err;
  // Created at I3 (2021-04-05 02:10:00.3333333), entry 76, under the discovered root.
  EXPECT_NE(result.out.find("2021-04-05T02:10:00.3333333Z,$SI Creation,...B," + std::string(kShell) +
                            ",,76,1,false,SI,"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find(std::string(kShell) + ",,76,1,false,FN,132620622003333333,0,"),
            std::string::npos);
  // Every event of the shell carries the discovered root as its webroot column.
  size_t events = 0;
  for (size_t at = result.out.find(std::string(kShell) + ",,76,"); at != std::string::npos;
       at = result.out.find(std::string(kShell) + ",,76,", at + 1)) {
    const size_t eol = result.out.find('\n', at);
    const std::string line = result.out.substr(at, eol - at);
    EXPECT_NE(line.find(",/ProgramData/Sync/web,"), std::string::npos) << line;
    ++events;
  }
  EXPECT_EQ(events, 8u) << result.out;
  // stderr names the root and where it came from.
  EXPECT_NE(result.err.find("/ProgramData/Sync/web  (applicationHost.config:Backup)"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("/inetpub/wwwroot  (profile:IIS)"), std::string::npos) << result.err;
}

TEST_F(WebRootDiscovery, ScanFlagsTheShellOutsideTheBuiltInRootsButNotTheBenignPages) {
  TempDir dir;
  const auto result = run_shellcarve({"scan", image_.string(), "--out", (dir / "case").string()});
  EXPECT_EQ(result.status, 1) << result.err;
  const std::string json = read_text(dir / "case" / "findings.json");
  ASSERT_FALSE(json.empty()) << result.err;
  EXPECT_NE(json.find("\"path\": \"" + std::string(kShell) + "\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"path\": \"/inetpub/wwwroot/index.html\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"path\": \"/inetpub/wwwroot/contact.aspx\""), std::string::npos) << json;
  EXPECT_EQ(json.find("index.html"), std::string::npos) << json;
  EXPECT_EQ(json.find("contact.aspx"), std::string::npos) << json;
}

}  // namespace
}  // namespace shellcarve::test
