// `shellcarve carve` on ntfs-basic (test-images/README.md): deleted_shell.aspx (MFT entry
// 100) was deleted with its cluster left free, so the carver finds its bytes there -- at the
// cluster TSK's istat names, with the hash of what TSK's icat returns for the entry -- and
// reads the same through the E01 acquisition of the same media.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "ntfs/committed_images.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

// "Starting address: 4625, length: 1" under the $DATA line of a stored `istat -r` report.
std::optional<uint64_t> first_data_cluster(const std::filesystem::path& istat) {
  const std::string text = read_text(istat);
  std::smatch match;
  static const std::regex kData(R"(Type: \$DATA \(128-\d+\)[^\n]*\n\s*Starting address: (\d+))");
  if (!std::regex_search(text, match, kData)) return std::nullopt;
  return std::stoull(match[1]);
}

TEST(CarveCommand, FindsTheDeletedShellWhereTskSaysItsClusterIs) {
  const auto raw = committed_image("ntfs-basic.raw");
  ASSERT_FALSE(raw.empty());
  const auto cluster = first_data_cluster(std::filesystem::path(SHELLCARVE_SOURCE_DIR) /
                                          "test-images/expected/ntfs-basic.raw.istat/100.txt");
  ASSERT_TRUE(cluster);
  const auto run = run_shellcarve({"carve", raw.string()});
  ASSERT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("1 object(s) flagged"), std::string::npos) << run.err;
  EXPECT_EQ(json_values(run.out, "state"), std::vector<std::string>{"carved"});
  EXPECT_EQ(json_values(run.out, "image_offset"), std::vector<std::string>{std::to_string(*cluster * 4096)});
  EXPECT_EQ(json_values(run.out, "cluster"), std::vector<std::string>{std::to_string(*cluster)});
  EXPECT_EQ(json_values(run.out, "size"), std::vector<std::string>{"2530"});
  if (have_tool("icat")) {
    const auto icat = run_command("icat " + shell_quote(raw.string()) + " 100 | sha256sum");
    EXPECT_EQ(json_values(run.out, "sha256"), std::vector<std::string>{icat.out.substr(0, 64)});
  }

  const std::filesystem::path e01 = std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "test-images/ntfs-basic.E01";
  const auto through_ewf = run_shellcarve({"carve", e01.string()});
  EXPECT_EQ(through_ewf.status, 1) << through_ewf.err;
  EXPECT_EQ(through_ewf.out, run.out) << "same media, same findings";
}

TEST(CarveCommand, WritesToAFileAndSaysWhatItDid) {
  const auto raw = committed_image("ntfs-basic.raw");
  TempDir dir;
  const auto run = run_shellcarve({"carve", raw.string(), "--out", (dir / "f.json").string(), "--no-slack"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(read_text(dir / "f.json").find("\"state\": \"carved\""), std::string::npos);
  EXPECT_NE(run.err.find("0 bytes of slack"), std::string::npos) << run.err;
}

TEST(CarveCommand, ATruncatedImageIsCarvedAsFarAsItGoes) {
  // ntfs-basic-truncated ends inside record 90 of $MFT ($Bitmap and all data are gone).
  const auto truncated = committed_image("ntfs-basic-truncated.raw");
  ASSERT_FALSE(truncated.empty());
  const auto run = run_shellcarve({"carve", truncated.string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.err.find("$Bitmap unreadable, unallocated space not carved"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("2140 unreadable, their slack not scanned (first: record 90:"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("0 bytes of slack"), std::string::npos) << "records 0..89 are scanned";
}

}  // namespace
}  // namespace shellcarve::test
