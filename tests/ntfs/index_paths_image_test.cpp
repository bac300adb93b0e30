// Issue 18 item 4 on test-images/paths.raw (scripts/make-paths-image.sh): the $FILE_NAME
// parent of inetpub/wwwroot/a rewritten to the root, and that of
// inetpub/wwwroot/aspnet_client/c to its own subfolder d (a loop). The web root's $I30 still
// lists both; Windows serves the shells from there and fls (which walks the indexes) lists
// them there. Before the index check `ls` put them at /a/... and under /$OrphanFiles, and
// `scan` exited 0 without a finding.
#include <gtest/gtest.h>

#include <sstream>

#include "support/test_support.h"

namespace shellcarve::test {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The allocated file names `fls -r -p` lists under inetpub/ and outside/ ("r/r
// 75-128-2:\tpath"): the paths of its index walk. fls also lists `a` at the root, where the
// forged $FILE_NAME claims it (as "-/d", its content as r/r below it); we list each name once,
// where the index puts it, and say the disagreement instead.
std::vector<std::string> fls_indexed_file_paths(const std::string& fls) {
  std::vector<std::string> paths;
  std::istringstream lines(fls);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("r/r ") || has(line, "*")) continue;
    const std::string path = line.substr(line.find('\t') + 1);
    if (path.starts_with("inetpub/") || path.starts_with("outside/")) paths.push_back(path);
  }
  return paths;
}

TEST(IndexPaths, LsPlacesNamesWhereTheIndexListsThemAsFlsDoes) {
  const auto image = test_image("paths.raw.gz");
  ASSERT_TRUE(image);
  const CommandResult ls = run_shellcarve({"ls", image->string()});
  ASSERT_EQ(ls.status, 0) << ls.err;
  const std::string fls = read_text(std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "test-images/expected/paths.raw.fls.txt");
  ASSERT_TRUE(has(fls, "inetpub/wwwroot/a/b/shell.aspx"));
  for (const std::string& path : fls_indexed_file_paths(fls)) EXPECT_TRUE(has(ls.out, "\t" + path + "\n")) << path << "\n" << ls.out;
  EXPECT_FALSE(has(ls.out, "\ta/b/shell.aspx\n")) << ls.out;
  EXPECT_FALSE(has(ls.out, "$OrphanFiles/c")) << ls.out;
  // Each disagreement is said, with both parents and where each fact lies.
  EXPECT_TRUE(has(ls.err, "'a': the $I30 index of directory entry")) << ls.err;
  EXPECT_TRUE(has(ls.err, "names parent entry 5")) << ls.err;
  EXPECT_TRUE(has(ls.err, "'c': the $I30 index of directory entry")) << ls.err;
}

class IndexPathsScan : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = shared_scan_of_test_image("paths.raw.gz", {"--no-hash", "--no-carve"});
    ASSERT_TRUE(run_) << "paths.raw.gz cannot be unpacked";
  }
  const ScanRun* run_ = nullptr;
};

TEST_F(IndexPathsScan, ShellsUnderARewrittenParentAreFound) {
  EXPECT_EQ(run_->result.status, 1) << run_->result.err;
  for (const char* path : {"/inetpub/wwwroot/a/b/shell.aspx", "/inetpub/wwwroot/aspnet_client/c/d/loop.aspx"}) {
    const std::string f = finding_for(run_->json, path);
    ASSERT_FALSE(f.empty()) << path << "\n" << run_->json;
    EXPECT_TRUE(has(f, "\"webroot\": \"/inetpub/wwwroot")) << f;
  }
}

TEST_F(IndexPathsScan, TheDisagreementIsAFindingWithBothParents) {
  const std::string a = finding_for(run_->json, "/inetpub/wwwroot/a");
  ASSERT_FALSE(a.empty()) << run_->json;
  EXPECT_TRUE(has(a, "file_name_parent_disagrees_with_index")) << a;
  EXPECT_TRUE(has(a, "names parent entry 5")) << a;
  EXPECT_TRUE(has(a, "path by $FILE_NAME: '/a'")) << a;
  EXPECT_TRUE(has(a, "index entry at image offset")) << a;
  const std::string c = finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/c");
  ASSERT_FALSE(c.empty()) << run_->json;
  EXPECT_TRUE(has(c, "file_name_parent_disagrees_with_index")) << c;
  const std::string manifest = read_text(run_->case_dir() / "manifest.json");
  EXPECT_TRUE(has(manifest, "2 name(s) placed where the index lists them")) << manifest;
}

}  // namespace
}  // namespace shellcarve::test
