// Golden outputs: the case folder `scan` writes for the bundled sample (README's main
// command, scripts/demo.sh) compared byte for byte with the committed copy in
// test-images/expected/golden/ntfs-basic/. A substring check lets a renamed key, a changed
// time format or a lost row through; this does not. Only what must differ between runs is
// normalised before comparing: the manifest's start and finish times, the tool's commit,
// and the paths of this checkout and of the temporary case folder (everything else,
// evidence file names included, must be identical run after run, as the brief demands).
//
// After an intended change of an output, regenerate with
//   SHELLCARVE_UPDATE_GOLDEN=1 ctest --test-dir build -R GoldenOutputs
// and review the diff of test-images/expected/golden/ like any other code change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace shellcarve {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(SHELLCARVE_SOURCE_DIR) / "test-images/expected/golden/ntfs-basic";
const std::vector<std::string> kOutputs{"findings.json", "findings.csv", "manifest.json",
                                        "timeline.csv", "timeline.jsonl", "timeline.body"};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string normalised(const std::string& name, std::string text, const fs::path& case_dir) {
  text = replace_all(std::move(text), case_dir.string(), "<case>");
  text = replace_all(std::move(text), SHELLCARVE_SOURCE_DIR, "<source>");
  if (name == "manifest.json") {
    static const std::regex kVolatile(R"re("(started|finished|git_commit)": "[^"]*")re");
    text = std::regex_replace(text, kVolatile, "\"$1\": \"<run>\"");
  }
  return text;
}

class GoldenOutputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string sample = (fs::path(SHELLCARVE_SOURCE_DIR) / "test-images/ntfs-basic.E01").string();
    run_ = test::run_scan_into_temp(sample, {"--patched-at", "2021-03-03T03:20:00Z"}).release();
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  static test::ScanRun* run_;
};
test::ScanRun* GoldenOutputs::run_ = nullptr;

TEST_F(GoldenOutputs, SampleCaseFolderMatchesTheCommittedOutputs) {
  ASSERT_TRUE(run_->result.status == 0 || run_->result.status == 1) << run_->result.err;  // 1: findings
  const bool update = std::getenv("SHELLCARVE_UPDATE_GOLDEN") != nullptr;
  if (update) fs::create_directories(kGoldenDir);
  for (const std::string& name : kOutputs) {
    SCOPED_TRACE(name);
    const fs::path produced = run_->case_dir() / name;
    ASSERT_TRUE(fs::exists(produced));
    const std::string text = normalised(name, test::read_text(produced), run_->case_dir());
    const fs::path golden = kGoldenDir / name;
    if (update) {
      std::ofstream(golden, std::ios::binary) << text;
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " missing: SHELLCARVE_UPDATE_GOLDEN=1 writes it";
    const std::string expected = test::read_text(golden);
    if (text == expected) continue;
    // The first differing line, so the failure says what changed.
    size_t line = 1, at = 0;
    while (at < text.size() && at < expected.size() && text[at] == expected[at]) line += text[at++] == '\n';
    const auto line_of = [](const std::string& s, size_t pos) {
      const size_t begin = s.rfind('\n', pos == 0 ? 0 : pos - 1);
      const size_t start = begin == std::string::npos ? 0 : begin + 1;
      return s.substr(start, s.find('\n', start) - start);
    };
    ADD_FAILURE() << name << " differs from " << golden << " at line " << line << ":\n  produced: "
                  << line_of(text, at) << "\n  golden:   " << line_of(expected, at)
                  << "\n(intended? SHELLCARVE_UPDATE_GOLDEN=1 rewrites the golden files)";
  }
}

TEST_F(GoldenOutputs, EvidenceFilesAreNamedByTheirHashes) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(run_->case_dir() / "evidence"))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string listing;
  for (const auto& name : names) listing += name + "\n";
  const fs::path golden = kGoldenDir / "evidence.txt";
  if (std::getenv("SHELLCARVE_UPDATE_GOLDEN")) {
    std::ofstream(golden, std::ios::binary) << listing;
    return;
  }
  EXPECT_EQ(listing, test::read_text(golden));
}

}  // namespace
}  // namespace shellcarve
