// Every error exits 2 with exactly one stderr line "shellcarve: error: ..." saying what and
// where: missing and unreadable files, a file that is no image we know, an empty file, an
// E01 set missing a middle segment, a truncated E01; a truncated raw image is a warning
// naming the shortfall; bad command lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/test_support.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

// Checks the one-line error contract and returns the message after the prefix.
std::string expect_error(const test::CommandResult& run) {
  EXPECT_EQ(run.status, 2) << run.out << run.err;
  EXPECT_EQ(run.err.rfind("shellcarve: error: ", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  return run.err;
}

TEST(Errors, MissingFile) {
  test::TempDir dir;
  const auto path = (dir / "nope.E01").string();
  for (const char* command : {"info", "verify"}) {
    const auto message = expect_error(test::run_shellcarve({command, path}));
    EXPECT_NE(message.find("cannot open '" + path + "': No such file or directory"), std::string::npos) << message;
  }
}

TEST(Errors, DirectoryIsNotAnImage) {
  test::TempDir dir;
  const auto message = expect_error(test::run_shellcarve({"info", dir.path().string()}));
  EXPECT_NE(message.find("'" + dir.path().string() + "' is a directory"), std::string::npos) << message;
}

TEST(Errors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  test::TempDir dir;
  const auto path = dir / "locked.raw";
  test::write_bytes(path, std::vector<std::byte>(4096));
  fs::permissions(path, fs::perms::none);
  const auto message = expect_error(test::run_shellcarve({"verify", path.string()}));
  EXPECT_NE(message.find("cannot open '" + path.string() + "': Permission denied"), std::string::npos) << message;
}

TEST(Errors, FileThatIsNoImageWeKnow) {
  const auto image = test::test_image("random.bin");
  ASSERT_TRUE(image) << "test-images absent";
  const auto message = expect_error(test::run_shellcarve({"info", image->string()}));
  EXPECT_NE(message.find("'" + image->string() + "' holds no partition table and no file system"),
            std::string::npos) << message;
}

TEST(Errors, EmptyFileEverywhere) {
  test::TempDir dir;
  const auto path = dir / "empty.raw";
  test::write_bytes(path, {});
  for (const char* command : {"info", "verify"}) {
    const auto message = expect_error(test::run_shellcarve({command, path.string()}));
    EXPECT_NE(message.find("'" + path.string() + "' is empty (0 bytes)"), std::string::npos) << message;
  }
}

TEST(Errors, E01WithMissingMiddleSegmentNamesIt) {
  const auto image = test::test_image("ewf-missing-segment/ntfs-basic.E01");
  ASSERT_TRUE(image) << "test-images absent";
  const auto missing = (image->parent_path() / "ntfs-basic.E02").string();
  for (const char* command : {"info", "verify"}) {
    const auto message = expect_error(test::run_shellcarve({command, image->string()}));
    EXPECT_NE(message.find("segment '" + missing + "' is missing"), std::string::npos) << message;
  }
}

TEST(Errors, E01CutInHalf) {
  const auto image = test::test_image("gpt-ntfs.E01");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  const auto cut = dir / "cut.E01";
  fs::copy_file(*image, cut);
  fs::resize_file(cut, fs::file_size(cut) / 2);
  for (const char* command : {"info", "verify"}) {
    const auto message = expect_error(test::run_shellcarve({command, cut.string()}));
    EXPECT_NE(message.find("EWF segment '" + cut.string() + "' is truncated"), std::string::npos) << message;
  }
}

TEST(Errors, RawImageShorterThanItsNtfsIsAWarningNamingTheShortfall) {
  const auto image = test::test_image("ntfs-basic-truncated.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  const auto run = test::run_shellcarve({"info", "--json", image->string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.err.find("shellcarve: warning: '" + image->string() + "'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("claims 65535 sectors (33553920 bytes) but the image ends at byte 109056: the "
                         "image is truncated"),
            std::string::npos) << run.err;
  EXPECT_NE(run.out.find("the image is truncated"), std::string::npos) << run.out;
}

TEST(Errors, CommandLine) {
  expect_error(test::run_shellcarve({"info"}));
  expect_error(test::run_shellcarve({"verify"}));
  const auto unknown = expect_error(test::run_shellcarve({"frobnicate", "x"}));
  EXPECT_NE(unknown.find("unknown command 'frobnicate'"), std::string::npos);
  const auto option = expect_error(test::run_shellcarve({"verify", "--sha512", "x", "y"}));
  EXPECT_NE(option.find("verify: "), std::string::npos) << option;
}

}  // namespace
}  // namespace shellcarve
