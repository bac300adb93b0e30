// `scan` says what it did not or could not do, and its case folder is all one run's:
// every NTFS partition is scanned (mbr-ntfs.raw, shell on partition 1); a FIFO as IMAGE is
// refused at once; a stored-hash mismatch (ewf-bad-chunk) is said on stderr and in
// findings.json; --out is replaced whole (nothing of an earlier run or a failed one mixes
// in), a second run into it is refused while one holds the lock, a file-size limit is an
// error line, and other commands do not overwrite a case folder's files without --force.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

test::CommandResult scan(const std::vector<std::string>& args) {
  std::string command = "timeout -s KILL 60 " + test::shell_quote(SHELLCARVE_BINARY) + " scan";
  for (const auto& arg : args) command += " " + test::shell_quote(arg);
  return test::run_command(command);
}

// Names in `dir` other than `keep`: staging folders and partial files left behind.
std::vector<std::string> leftovers(const fs::path& dir, const std::set<std::string>& keep) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    if (!keep.contains(entry.path().filename().string())) names.push_back(entry.path().filename().string());
  return names;
}

TEST(ScanCaseFolder, ShellOnTheSecondPartitionIsFoundAndNamed) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto run = scan({image->string(), "--out", (dir / "case").string(), "--no-hash"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("partition 1: /inetpub/wwwroot/aspnet_client/shell.aspx"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("shellcarve: partition 0: scanned"), std::string::npos) << run.err;
  const auto narrowed = scan({image->string(), "--out", (dir / "first").string(), "--no-hash", "--partition", "0"});
  EXPECT_EQ(narrowed.status, 0) << narrowed.err;
}

TEST(ScanCaseFolder, FifoAsImageIsRefusedAndCreatesNothing) {
  test::TempDir dir;
  const auto fifo = dir / "image.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto run = scan({fifo.string(), "--out", (dir / "case").string()});
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_NE(run.err.find("'" + fifo.string() + "' is a FIFO, not an image"), std::string::npos) << run.err;
  EXPECT_EQ(leftovers(dir.path(), {"image.fifo", ".case.lock"}), std::vector<std::string>{});
}

TEST(ScanCaseFolder, StoredHashMismatchIsSaid) {
  const auto image = test::test_image("ewf-bad-chunk/gpt-ntfs.E01");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto run = scan({image->string(), "--out", (dir / "case").string()});
  EXPECT_TRUE(run.status == 0 || run.status == 1) << run.err;
  EXPECT_NE(run.err.find("shellcarve: warning: MISMATCH: '" + image->string() + "' does not match its stored hashes"),
            std::string::npos) << run.err;
  const std::string findings = test::read_text(dir / "case" / "findings.json");
  EXPECT_EQ(test::json_values(findings, "image_verified"), std::vector<std::string>{"false"}) << findings;
  EXPECT_NE(findings.find("\"image_verification\": \"MISMATCH"), std::string::npos) << findings;
}

TEST(ScanCaseFolder, ForceReplacesTheWholeFolderAndAFailedRunLeavesItAsItWas) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  const auto other = test::test_image("random.bin");
  ASSERT_TRUE((image && other)) << "test-images absent";
  test::TempDir dir;
  const auto out = dir / "case";
  ASSERT_EQ(scan({image->string(), "--out", out.string(), "--no-hash"}).status, 1);
  test::write_bytes(out / "stray-from-another-run.txt", test::bytes_of("x"));
  test::write_bytes(out / "findings.json.partial-abc123", test::bytes_of("x"));
  fs::create_directory(dir / ".case.staging-999999");  // a killed run's
  // Refused without --force; a failed --force run changes nothing.
  EXPECT_EQ(scan({image->string(), "--out", out.string(), "--no-hash"}).status, 2);
  const std::string manifest = test::read_text(out / "manifest.json");
  const auto failed = scan({other->string(), "--out", out.string(), "--no-hash", "--force"});
  EXPECT_EQ(failed.status, 2) << failed.err;
  EXPECT_EQ(test::read_text(out / "manifest.json"), manifest);
  EXPECT_TRUE(fs::exists(out / "stray-from-another-run.txt"));
  // A complete --force run replaces everything.
  const auto rerun = scan({image->string(), "--out", out.string(), "--no-hash", "--force"});
  EXPECT_EQ(rerun.status, 1) << rerun.err;
  EXPECT_FALSE(fs::exists(out / "stray-from-another-run.txt"));
  EXPECT_FALSE(fs::exists(out / "findings.json.partial-abc123"));
  EXPECT_TRUE(fs::exists(out / "manifest.json"));
  EXPECT_EQ(leftovers(dir.path(), {"case", ".case.lock"}), std::vector<std::string>{});
}

TEST(ScanCaseFolder, ASecondRunIntoTheSameFolderIsRefused) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const int lock = ::open((dir / ".case.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);
  const auto run = scan({image->string(), "--out", (dir / "case").string(), "--no-hash"});
  ::close(lock);
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_NE(run.err.find("is being written by another shellcarve run"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir / "case"));
}

TEST(ScanCaseFolder, FileSizeLimitIsAnErrorLine) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  // 2 blocks of 512 bytes: the first output does not fit.
  const auto run = test::run_command("ulimit -f 2; timeout -s KILL 60 " + test::shell_quote(SHELLCARVE_BINARY) +
                                     " scan " + test::shell_quote(image->string()) + " --no-hash --out " +
                                     test::shell_quote((dir / "case").string()));
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_NE(run.err.find("shellcarve: error: cannot write"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("File too large"), std::string::npos) << run.err;
  EXPECT_EQ(leftovers(dir.path(), {".case.lock"}), std::vector<std::string>{});
}

TEST(ScanCaseFolder, InterruptedRunLeavesNothingBehind) {
  const auto image = test::test_image("ntfs-basic.E01");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  // The signal may come before or after the scan ends (no timing is assumed): either the
  // case folder is complete, or the run says it was interrupted and left no folder.
  const auto run = test::run_command(
      test::shell_quote(SHELLCARVE_BINARY) + " scan " + test::shell_quote(image->string()) + " --out " +
      test::shell_quote((dir / "case").string()) + " & pid=$!; sleep 0.5; kill -TERM $pid; wait $pid");
  if (run.status == 2) {
    EXPECT_NE(run.err.find("shellcarve: error: interrupted by SIGTERM"), std::string::npos) << run.err;
    EXPECT_FALSE(fs::exists(dir / "case"));
  } else {
    EXPECT_TRUE(fs::exists(dir / "case" / "manifest.json")) << run.status << run.err;
  }
  EXPECT_EQ(leftovers(dir.path(), {"case", ".case.lock"}), std::vector<std::string>{});
}

TEST(ScanCaseFolder, OtherCommandsDoNotOverwriteACaseFolder) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto out = dir / "case";
  ASSERT_EQ(scan({image->string(), "--out", out.string(), "--no-hash"}).status, 1);
  const std::string manifest = test::read_text(out / "manifest.json");
  const std::string findings = test::read_text(out / "findings.json");
  const auto timeline = test::run_shellcarve({"timeline", image->string(), "-o", (out / "t.csv").string()});
  EXPECT_EQ(timeline.status, 2) << timeline.err;
  EXPECT_NE(timeline.err.find("is a scan's case folder"), std::string::npos) << timeline.err;
  const auto carve = test::run_shellcarve({"carve", image->string(), "--out", (out / "findings.json").string()});
  EXPECT_EQ(carve.status, 2) << carve.err;
  EXPECT_EQ(test::read_text(out / "manifest.json"), manifest);
  EXPECT_EQ(test::read_text(out / "findings.json"), findings);
  EXPECT_EQ(test::run_shellcarve({"timeline", image->string(), "-o", (out / "t.csv").string(), "--force", "--no-hash"})
                .status, 0);
}

TEST(ScanCaseFolder, ImpossiblePatchDateAndUnsafeOutName) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto bad = scan({image->string(), "--out", (dir / "a").string(), "--patched-at", "2021-02-31T21:00:00Z"});
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_NE(bad.err.find("'2021-02-31T21:00:00Z' is not an ISO 8601 time"), std::string::npos) << bad.err;
  const auto out = dir / "case\x1b[2J";
  const auto run = scan({image->string(), "--out", out.string(), "--no-hash"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("critical -> " + (dir / "case").string() + "\\x1b[2J"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace shellcarve
