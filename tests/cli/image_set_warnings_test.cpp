// A file beside an image set that is not part of it, or a short split-raw segment, is named
// by the commands that open the image: `info` (stderr and its JSON "warnings") and `scan`
// (stderr and manifest.json), not only by the image layer (tests/image/).
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

constexpr const char* kStrayWarning = "ntfs-basic.E04' is not part of the set: the set ends with 'done' in '";

// The committed ntfs-basic.E01/E02/E03 with another set's first segment as ntfs-basic.E04.
fs::path set_with_stray(const test::TempDir& dir) {
  for (const char* name : {"ntfs-basic.E01", "ntfs-basic.E02", "ntfs-basic.E03"}) {
    const auto source = test::test_image(name);
    EXPECT_TRUE(source) << name;
    if (source) fs::copy_file(*source, dir / name);
  }
  const auto stray = test::test_image("gpt-ntfs.E01");
  EXPECT_TRUE(stray);
  if (stray) fs::copy_file(*stray, dir / "ntfs-basic.E04");
  return dir / "ntfs-basic.E01";
}

TEST(ImageSetWarnings, InfoNamesTheStraySegment) {
  test::TempDir dir;
  const fs::path first = set_with_stray(dir);
  const auto run = test::run_shellcarve({"info", first.string(), "--json"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.err.find(std::string("shellcarve: warning: '") + (dir / kStrayWarning).string()), std::string::npos)
      << run.err;
  EXPECT_NE(run.out.find("\"warnings\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(kStrayWarning), std::string::npos) << run.out;
  const auto text = test::run_shellcarve({"info", first.string()});
  EXPECT_NE(text.out.find("Warning:      '"), std::string::npos) << text.out;
}

TEST(ImageSetWarnings, ScanNamesTheStraySegment) {
  test::TempDir dir;
  const fs::path first = set_with_stray(dir);
  const auto run = test::run_shellcarve({"scan", first.string(), "--out", (dir / "case").string(), "--no-hash"});
  ASSERT_NE(run.status, 2) << run.err;
  EXPECT_NE(run.err.find(kStrayWarning), std::string::npos) << run.err;
  EXPECT_NE(test::read_text(dir / "case" / "manifest.json").find(kStrayWarning), std::string::npos);
}

TEST(ImageSetWarnings, InfoAndScanNameAShortSplitSegment) {
  test::TempDir dir;
  const auto raw = test::test_image("ntfs-basic.raw.gz");
  ASSERT_TRUE(raw);
  const auto split = test::run_command("cd " + test::shell_quote(dir.path().string()) + " && split -b 8MiB -d -a 3 "
                                       "--numeric-suffixes=1 " + test::shell_quote(raw->string()) + " disk.");
  ASSERT_EQ(split.status, 0) << split.err;
  fs::resize_file(dir / "disk.002", 8 * 1024 * 1024 - 4096);
  const std::string said = "disk.002' is 4096 bytes short";
  const auto info = test::run_shellcarve({"info", (dir / "disk.001").string()});
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.err.find(said), std::string::npos) << info.err;
  const auto scan = test::run_shellcarve({"scan", (dir / "disk.001").string(), "--out", (dir / "case").string(),
                                          "--no-hash"});
  ASSERT_NE(scan.status, 2) << scan.err;
  EXPECT_NE(scan.err.find(said), std::string::npos) << scan.err;
  EXPECT_NE(test::read_text(dir / "case" / "manifest.json").find(said), std::string::npos);
}

}  // namespace
}  // namespace shellcarve
