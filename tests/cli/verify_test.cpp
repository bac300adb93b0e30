// `shellcarve verify` run as a program: its MD5 equals ewfverify's "calculated over data" on
// every E01 with a stored ewfverify answer, and md5sum / sha256sum on raw media; given
// hashes are compared; a chunk failing its checksum is reported with its offset and the
// run goes on to a negative verdict.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "support/test_support.h"
#include "support/tsk_oracles.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

struct EwfCase {
  std::string name;
  bool committed;
  std::string image;
  std::string oracle;  // ewfverify output
};

std::ostream& operator<<(std::ostream& out, const EwfCase& c) { return out << c.name; }

std::string first(const std::string& json, const std::string& key) {
  const auto values = test::json_values(json, key);
  return values.empty() ? "<absent>" : values.front();
}

class VerifyVsEwfverify : public ::testing::TestWithParam<EwfCase> {};

TEST_P(VerifyVsEwfverify, SameMd5AndVerdict) {
  const EwfCase& c = GetParam();
  std::optional<fs::path> image;
  fs::path oracle;
  if (c.committed) {
    image = test::test_image(c.image);
    oracle = fs::path(SHELLCARVE_SOURCE_DIR) / "test-images" / "expected" / c.oracle;
  } else {
    image = test::unpack_corpus_image(c.image);
    if (image) oracle = *test::corpus_dir() / c.oracle;
  }
  if (!image) GTEST_SKIP() << c.image << " not available";
  const std::string ewfverify = test::read_text(oracle);
  ASSERT_NE(ewfverify.find("ewfverify: SUCCESS"), std::string::npos) << oracle;

  const auto run = test::run_shellcarve({"verify", "--json", image->string()});
  EXPECT_EQ(run.status, 0) << run.err << run.out;
  EXPECT_EQ(first(run.out, "md5"), test::tool_field(ewfverify, "MD5 hash calculated over data"));
  EXPECT_EQ(first(run.out, "stored_md5"), test::tool_field(ewfverify, "MD5 hash stored in file"));
  EXPECT_EQ(first(run.out, "verified"), "true");
  EXPECT_EQ(first(run.out, "bytes_read"), first(run.out, "media_size"));
  EXPECT_EQ(test::json_values(run.out, "offset").size(), 0u);  // no damage
}

INSTANTIATE_TEST_SUITE_P(
    Images, VerifyVsEwfverify,
    ::testing::Values(
        EwfCase{"committed_three_segments", true, "ntfs-basic.E01", "ntfs-basic.E01.ewfverify.txt"},
        EwfCase{"committed_gpt", true, "gpt-ntfs.E01", "gpt-ntfs.E01.ewfverify.txt"},
        EwfCase{"velociraptor", false, "images/velociraptor/test.ntfs.dd.E01",
                "images/velociraptor/test.ntfs.dd.E01.ewfverify.txt"},
        EwfCase{"velociraptor_partition", false, "images/velociraptor/partition_image.E01",
                "images/velociraptor/partition_image.E01.ewfverify.txt"},
        EwfCase{"ftk_imager_md5_sha1", false, "images/sleuthkit/imageformat_mmls_1.E01",
                "images/sleuthkit/imageformat_mmls_1.E01.ewfverify.txt"},
        EwfCase{"tsk_ext2", false, "images/sleuthkit/image.E01", "images/sleuthkit/image.E01.ewfverify.txt"},
        EwfCase{"plaso_split", false, "images/plaso/image-split.E01",
                "images/plaso/image-split.E01.ewfverify.txt"},
        EwfCase{"plaso_ext2", false, "images/plaso/image.E01", "images/plaso/image.E01.ewfverify.txt"},
        EwfCase{"dfvfs_ext2", false, "images/dfvfs/ext2.E01", "images/dfvfs/ext2.E01.ewfverify.txt"},
        EwfCase{"cfreds", false, "images/bulk_extractor/CFReDS001.E01",
                "images/bulk_extractor/CFReDS001.E01.ewfverify.txt"}),
    [](const auto& param_info) { return param_info.param.name; });

// test-images/expected/facts.env: KEY=VALUE lines.
std::map<std::string, std::string> facts() {
  std::map<std::string, std::string> values;
  std::istringstream in(test::read_text(fs::path(SHELLCARVE_SOURCE_DIR) / "test-images" / "expected" / "facts.env"));
  for (std::string line; std::getline(in, line);) {
    const size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return values;
}

TEST(Verify, RawMatchesCoreutilsAndGivenHashes) {
  const auto image = test::test_image("mbr-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  auto tool = [&](const char* name) {
    const auto out = test::run_command(std::string(name) + " " + test::shell_quote(image->string())).out;
    return out.substr(0, out.find(' '));
  };
  const std::string md5 = tool("md5sum"), sha1 = tool("sha1sum"), sha256 = tool("sha256sum");
  ASSERT_EQ(md5, "19ed9075cb454bc9f07be000270bc180");  // test-images/expected/MD5SUMS.uncompressed

  auto nothing = test::run_shellcarve({"verify", "--json", image->string()});
  EXPECT_EQ(nothing.status, 0) << nothing.err;
  EXPECT_EQ(first(nothing.out, "md5"), md5);
  EXPECT_EQ(first(nothing.out, "sha1"), sha1);
  EXPECT_EQ(first(nothing.out, "sha256"), sha256);
  EXPECT_EQ(first(nothing.out, "stored_md5"), "null");
  EXPECT_EQ(first(nothing.out, "verified"), "null");

  auto given = test::run_shellcarve({"verify", "--json", image->string(), "--md5", md5, "--sha1", sha1,
                                     "--sha256", sha256});
  EXPECT_EQ(given.status, 0) << given.err;
  EXPECT_EQ(first(given.out, "verified"), "true");
  EXPECT_EQ(first(given.out, "given_sha256"), sha256);

  std::string wrong = sha256;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  auto mismatch = test::run_shellcarve({"verify", "--json", image->string(), "--md5", md5, "--sha256", wrong});
  EXPECT_EQ(mismatch.status, 1) << mismatch.err;
  EXPECT_EQ(first(mismatch.out, "verified"), "false");
  EXPECT_EQ(first(mismatch.out, "mismatches"), "[");
  EXPECT_NE(mismatch.out.find("\"given SHA-256\""), std::string::npos) << mismatch.out;

  auto text = test::run_shellcarve({"verify", image->string(), "--md5", md5});
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("Verified:     yes"), std::string::npos) << text.out;
}

TEST(Verify, CorpusRawAgainstItsSha256) {
  const auto image = test::unpack_corpus_image("images/ntfs_samples/ntfs-lastaccess.raw.gz");
  if (!image) GTEST_SKIP() << "shared corpus absent";
  const std::string line = test::read_text(*test::corpus_dir() / "images/ntfs_samples/ntfs-lastaccess.raw.sha256");
  const std::string sha256 = line.substr(0, 64);
  const auto run = test::run_shellcarve({"verify", "--json", image->string(), "--sha256", sha256});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(first(run.out, "sha256"), sha256);
  EXPECT_EQ(first(run.out, "verified"), "true");
}

TEST(Verify, SplitRawHashesLikeTheWhole) {
  const auto image = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::TempDir dir;
  ASSERT_EQ(test::run_command("split -b 3000000 -d -a 3 --numeric-suffixes=1 " + test::shell_quote(image->string()) +
                              " " + test::shell_quote((dir / "gpt.").string())).status, 0);
  const auto run = test::run_shellcarve({"verify", "--json", (dir / "gpt.001").string(), "--md5",
                                         "28bfcca3ad7c68f84ef680e14003ae91"});
  EXPECT_EQ(run.status, 0) << run.err << run.out;
  EXPECT_EQ(first(run.out, "format"), "split-raw");
}

TEST(Verify, ChunkFailingItsChecksumIsReportedAndTheRunGoesOn) {
  const auto image = test::test_image("ewf-bad-chunk/gpt-ntfs.E01");
  const auto raw = test::test_image("gpt-ntfs.raw.gz");
  ASSERT_TRUE((image && raw)) << "test-images absent";
  const auto f = facts();
  const std::string offset = f.at("EWF_BAD_CHUNK_MEDIA_OFFSET");
  const std::string size = f.at("EWF_BAD_CHUNK_SIZE");

  const auto run = test::run_shellcarve({"verify", "--json", image->string()});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(first(run.out, "verified"), "false");
  EXPECT_EQ(first(run.out, "bytes_read"), first(run.out, "media_size"));
  EXPECT_EQ(test::json_values(run.out, "offset"), std::vector<std::string>{offset});
  EXPECT_EQ(test::json_values(run.out, "length"), std::vector<std::string>{size});
  EXPECT_NE(first(run.out, "what").find("media offset " + offset), std::string::npos) << run.out;

  // The hash is of the media with the bad chunk read as zeros.
  test::TempDir dir;
  const auto zeroed = dir / "zeroed.raw";
  fs::copy_file(*raw, zeroed);
  ASSERT_EQ(test::run_command("dd if=/dev/zero of=" + test::shell_quote(zeroed.string()) + " bs=1 seek=" + offset +
                              " count=" + size + " conv=notrunc").status, 0);
  const auto md5 = test::run_command("md5sum " + test::shell_quote(zeroed.string())).out.substr(0, 32);
  EXPECT_EQ(first(run.out, "md5"), md5);

  const auto text = test::run_shellcarve({"verify", image->string()});
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(text.out.find("Damage:       EWF chunk data at media offset " + offset), std::string::npos) << text.out;
}

TEST(Verify, MalformedGivenHashIsAnError) {
  const auto image = test::test_image("random.bin");
  ASSERT_TRUE(image) << "test-images absent";
  const auto run = test::run_shellcarve({"verify", image->string(), "--md5", "xyz"});
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.err.rfind("shellcarve: error: verify: --md5 wants 32 hex digits", 0), 0u) << run.err;
}

TEST(Verify, RandomDataStillHashes) {
  const auto image = test::test_image("random.bin");
  ASSERT_TRUE(image) << "test-images absent";
  const auto run = test::run_shellcarve({"verify", "--json", image->string(), "--md5", "CB70E3D7A10D96144FEBB7BC1D358BAB"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(first(run.out, "verified"), "true");
}

}  // namespace
}  // namespace shellcarve
