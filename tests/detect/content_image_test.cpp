// `shellcarve scan` end to end on test-images/content.raw (scripts/make-content-image.sh):
// the pages the hunt once never examined -- a one-liner after 80 MiB of HTML, one at the
// end of a 3 GiB sparse page, the one-liner in UTF-16 (LE and BE with a byte order mark, LE
// without) and a C# Process.Start page in UTF-16 -- are each a finding, with the hashes of
// the bytes on disk, and the manifest says how much was scanned, in how many chunks, and
// which evidence was too large to copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "ntfs/committed_images.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

std::map<std::string, std::string> content_facts() { return image_facts("content.facts.env"); }

// The JSON object of the finding for `path` in findings.json ("" when there is none).
std::string finding_of(const std::string& json, const std::string& path) {
  const size_t at = json.find("\"path\": \"" + path + "\"");
  if (at == std::string::npos) return "";
  return json.substr(at, json.find("\"path\": ", at + 1) - at);
}

class ContentImage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto image = committed_image("content.raw");
    ASSERT_FALSE(image.empty());
    dir_ = new TempDir();
    result_ = new CommandResult(run_shellcarve({"scan", image.string(), "--out", (*dir_ / "case").string(), "--no-hash"}));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
  }
  static std::filesystem::path case_dir() { return *dir_ / "case"; }

  static TempDir* dir_;
  static CommandResult* result_;
};

TempDir* ContentImage::dir_ = nullptr;
CommandResult* ContentImage::result_ = nullptr;

TEST_F(ContentImage, EveryPageIsAFindingWithTheHashOfItsBytes) {
  ASSERT_EQ(result_->status, 1) << result_->err;
  const auto facts = content_facts();
  ASSERT_FALSE(facts.empty());
  const std::string json = read_text(case_dir() / "findings.json");
  const std::string big = finding_of(json, "/inetpub/wwwroot/big.aspx");
  ASSERT_FALSE(big.empty()) << json;
  EXPECT_NE(big.find(facts.at("CONTENT_BIG_SHA256")), std::string::npos);
  EXPECT_NE(big.find("SC_ChinaChopper_JScript_Eval_Unsafe"), std::string::npos) << big;
  EXPECT_NE(big.find("chunks"), std::string::npos) << big;
  const std::string sparse = finding_of(json, "/inetpub/wwwroot/sparse.aspx");
  ASSERT_FALSE(sparse.empty()) << json;
  EXPECT_NE(sparse.find("SC_ChinaChopper_JScript_Eval_Unsafe"), std::string::npos) << sparse;
  EXPECT_NE(sparse.find("runs of zeros"), std::string::npos) << sparse;
  for (const std::string name : {"utf16le-bom", "utf16be-bom", "utf16le-nobom", "cmd-utf16"}) {
    const std::string finding = finding_of(json, "/inetpub/wwwroot/" + name + ".aspx");
    ASSERT_FALSE(finding.empty()) << name << "\n" << json;
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), [](char c) { return c == '-' ? '_' : std::toupper(c); });
    EXPECT_NE(finding.find(facts.at("CONTENT_" + key + "_SHA256")), std::string::npos) << finding;
    EXPECT_NE(finding.find("UTF-16"), std::string::npos) << finding;
    EXPECT_NE(finding.find(name == "cmd-utf16" ? "SC_ASPX_Process_Shell" : "SC_ChinaChopper_JScript_Eval_Unsafe"),
              std::string::npos)
        << finding;
  }
  EXPECT_TRUE(finding_of(json, "/inetpub/wwwroot/index.htm").empty());
}

TEST_F(ContentImage, LargeEvidenceIsCopiedOrSaidToBeWithheld) {
  ASSERT_EQ(result_->status, 1) << result_->err;
  const auto facts = content_facts();
  const auto big = case_dir() / "evidence" / (facts.at("CONTENT_BIG_SHA256") + ".bin");
  ASSERT_TRUE(std::filesystem::exists(big));
  EXPECT_EQ(std::filesystem::file_size(big), std::stoull(facts.at("CONTENT_BIG_SIZE")));
  const std::string manifest = read_text(case_dir() / "manifest.json");
  EXPECT_NE(manifest.find("sparse.aspx"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("over the evidence limit"), std::string::npos) << manifest;
  EXPECT_NE(result_->err.find("over the evidence limit"), std::string::npos) << result_->err;
}

TEST_F(ContentImage, ManifestAndStderrSayWhatWasScanned) {
  ASSERT_EQ(result_->status, 1) << result_->err;
  const std::string manifest = read_text(case_dir() / "manifest.json");
  // Counts are per volume (partition.N.), the limits once for the run.
  for (const std::string key : {"partition.0.hunt.bytes_scanned", "partition.0.hunt.chunks_scanned",
                                "partition.0.hunt.zero_bytes_skipped", "hunt.chunk_size", "hunt.chunk_overlap",
                                "hunt.max_evidence_bytes", "yara.timeout_seconds"})
    EXPECT_EQ(json_values(manifest, key).size(), 1u) << key << "\n" << manifest;
  const auto skipped = json_values(manifest, "partition.0.hunt.zero_bytes_skipped");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_GT(std::stoull(skipped[0]), 3ull << 30 >> 1);  // most of the sparse page
  const auto scanned = json_values(manifest, "partition.0.hunt.bytes_scanned");
  ASSERT_EQ(scanned.size(), 1u);
  EXPECT_GT(std::stoull(scanned[0]), 80ull << 20);  // all of big.aspx
  EXPECT_NE(result_->err.find(" chunks, "), std::string::npos) << result_->err;
}

}  // namespace
}  // namespace shellcarve::test
