// What decoding Script Encoder blobs brings (only with SHELLCARVE_MEASURE=1, like
// DetectionQuality.MeasureAgainstPublicRules): every corpus page holding a blob (`#@~^`) is
// scanned with our rules and the content heuristics as it is and as deobfuscate() folds it;
// prints, for webshells/ and benign/, how many are flagged each way and which change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "detect/deobfuscate/deobfuscate.h"
#include "detect/heuristics.h"
#include "detect/yara_scanner.h"
#include "support/test_support.h"

namespace shellcarve::detect {
namespace {

namespace fs = std::filesystem;

std::string why_flagged(YaraScanner& scanner, const std::string& name, std::string_view text) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(text.data()), text.size());
  std::string why;
  auto outcome = scanner.scan_memory(bytes, ScanTarget::from_path(name));
  EXPECT_TRUE(outcome) << outcome.error().message;
  if (outcome)
    for (const auto& m : outcome->matches) why += (why.empty() ? "" : ",") + m.rule;
  for (const auto& hit : content_heuristics(name, bytes)) why += (why.empty() ? "" : ",") + hit.name;
  return why;
}

TEST(ScriptEncoderMeasure, EncodedPagesAsTheyAreAndDecoded) {
  if (!std::getenv("SHELLCARVE_MEASURE")) GTEST_SKIP() << "set SHELLCARVE_MEASURE=1";
  const auto root = test::corpus_dir();
  if (!root) GTEST_SKIP() << "shared corpus not present";
  auto sources = collect_rule_files(SHELLCARVE_SOURCE_DIR "/rules", "default");
  ASSERT_TRUE(sources);
  auto rules = YaraRules::compile(*sources);
  ASSERT_TRUE(rules);
  auto scanner = YaraScanner::create(*rules);
  ASSERT_TRUE(scanner);
  for (const char* part : {"webshells", "benign"}) {
    size_t pages = 0, blobs = 0, mismatches = 0, before = 0, after = 0;
    std::string changes;
    for (const auto& entry : fs::recursive_directory_iterator(*root / part)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.find("#@~^") == std::string::npos) continue;
      std::string name = entry.path().string();
      if (name.ends_with(".txt")) name.resize(name.size() - 4);
      const auto folded = deobfuscate::deobfuscate(text, name);
      if (folded.encoded_blobs == 0) continue;
      ++pages;
      blobs += folded.encoded_blobs;
      mismatches += folded.encoded_blob_mismatches;
      const std::string was = why_flagged(*scanner, name, text);
      const std::string is = why_flagged(*scanner, name, folded.text);
      before += !was.empty();
      after += !is.empty();
      if (was != is) changes += fmt::format("  {}: [{}] -> [{}]\n", entry.path().lexically_relative(*root).string(), was, is);
    }
    std::cout << fmt::format("{}: {} pages with blobs ({} blobs, {} length/checksum mismatches); flagged as they are {}, "
                             "decoded {}\n{}",
                             part, pages, blobs, mismatches, before, after, changes);
  }
}

}  // namespace
}  // namespace shellcarve::detect
