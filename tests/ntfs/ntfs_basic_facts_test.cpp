// Facts about test-images/ntfs-basic.raw that its recipe chose (test-images/README.md):
// deleted files and directories, a reused entry, ADS, hard links, fragmented files, a
// fragmented $MFT, Unicode names, content of deleted files -- checked through `ls` and `cat`
// as an examiner runs them.
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

std::string md5_of(const std::string& bytes) {
  TempDir dir;
  write_bytes(dir / "x", std::vector<std::byte>(reinterpret_cast<const std::byte*>(bytes.data()),
                                                reinterpret_cast<const std::byte*>(bytes.data()) + bytes.size()));
  return run_command("md5sum < " + shell_quote((dir / "x").string()) + " | cut -c1-32").out.substr(0, 32);
}

class NtfsBasic : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = committed_image("ntfs-basic.raw");
    ASSERT_FALSE(image_.empty());
  }
  std::string ls(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"ls", image_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run_shellcarve(args);
    EXPECT_EQ(result.status, 0) << result.err;
    return result.out;
  }
  std::filesystem::path image_;
};

TEST_F(NtfsBasic, DeletedNamesAreListedWithTheirPaths) {
  const std::string deleted = ls({"--deleted"});
  EXPECT_NE(deleted.find("* 100-128-"), std::string::npos) << deleted;
  EXPECT_NE(deleted.find("aspnet_client/deleted_shell.aspx"), std::string::npos);
  EXPECT_NE(deleted.find("tmp_drop/payload.aspx"), std::string::npos);
  EXPECT_EQ(deleted.find("iisstart.htm"), std::string::npos);
}

TEST_F(NtfsBasic, ReusedEntryShowsItsNewSequence) {
  const std::string listing = ls({"--long"});
  EXPECT_NE(listing.find("89-128-"), std::string::npos);
  EXPECT_NE(listing.find("\t2\t"), std::string::npos);
  EXPECT_NE(listing.find("/inetpub/temp/reuser.tmp"), std::string::npos);
  EXPECT_EQ(listing.find("victim.tmp"), std::string::npos) << "the old name is gone from the MFT";
}

TEST_F(NtfsBasic, AdsHardLinksAndUnicodeNames) {
  const std::string listing = ls();
  EXPECT_NE(listing.find("97-128-4:\tinetpub/wwwroot/aspnet_client/readme.txt:shell.aspx"),
            std::string::npos) << listing.substr(0, 2000);
  EXPECT_NE(listing.find("discover.aspx"), std::string::npos);
  EXPECT_NE(listing.find("OutlookEN.aspx"), std::string::npos);
  EXPECT_NE(listing.find("отчёт.txt"), std::string::npos);
  EXPECT_NE(listing.find("测试.aspx"), std::string::npos);
  EXPECT_NE(listing.find("🐚shell.aspx"), std::string::npos);
  EXPECT_EQ(listing.find("PROGRA~1"), std::string::npos) << "DOS twins are not listed";
}

TEST_F(NtfsBasic, CatReadsFragmentedAndDeletedContent) {
  auto frag = run_shellcarve({"cat", image_.string(), "90"});
  ASSERT_EQ(frag.status, 0) << frag.err;
  EXPECT_EQ(md5_of(frag.out), "12e6d1c15635a975f74bc553d3278054");
  auto deleted = run_shellcarve({"cat", image_.string(), "100"});
  ASSERT_EQ(deleted.status, 0) << deleted.err;
  EXPECT_EQ(md5_of(deleted.out), "5e6b3b5b7e21911632332e99c8c990da");
  EXPECT_NE(deleted.err.find("clusters 4625-4625: unallocated"), std::string::npos) << deleted.err;
  auto ads = run_shellcarve({"cat", image_.string(), "97:shell.aspx"});
  ASSERT_EQ(ads.status, 0) << ads.err;
  EXPECT_EQ(md5_of(ads.out), "33dbf38e80ed166d1322bf4874fed403");
}

TEST_F(NtfsBasic, FragmentedMftIsReadThroughItsRuns) {
  auto image = open_image(image_.string());
  ASSERT_TRUE(image);
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  ASSERT_TRUE(volume) << volume.error().message;
  EXPECT_EQ(volume->record_count(), 2230u);
  auto catalog = ntfs::scan_mft(*volume);
  ASSERT_TRUE(catalog);
  ASSERT_NE(catalog->find(2229), nullptr);
  EXPECT_EQ(catalog->find(2229)->file_names.at(0).name, "u_ex210303_2100.log");
  const auto tree = ntfs::build_directory_tree(*catalog);
  EXPECT_TRUE(tree.warnings.empty());
  EXPECT_EQ(filetime_to_iso8601(catalog->find(66)->standard_information->times.creation),
            "2021-02-26T09:12:34.1111111Z");
}

TEST_F(NtfsBasic, TruncatedImageStillListsWhatCanBeRead) {
  const auto truncated = committed_image("ntfs-basic-truncated.raw");
  ASSERT_FALSE(truncated.empty());
  auto result = run_shellcarve({"ls", truncated.string()});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("truncated"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("inetpub"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace shellcarve::test
