// Carving test-images/carve.raw (scripts/make-carve-image.sh): two deleted webshells whose
// MFT entries were reused -- one in a single cluster, one whose eval line crosses the
// boundary of its two contiguous clusters -- and two written raw into slack (a file's last
// cluster, an MFT record). Each must be found once, at the offset the recipe recorded, with
// the hash of the bytes really there; the same with blocks of one cluster, so that objects
// cross block boundaries; and through `scan`, with evidence files named by hash.
#include "carve/carve_volume.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "case/scan_carving.h"
#include "image/image.h"
#include "ntfs/committed_images.h"
#include "common/digest.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

std::map<std::string, std::string> carve_facts() { return image_facts("carve.facts.env"); }

uint64_t fact(const std::map<std::string, std::string>& facts, const std::string& key) {
  return std::stoull(facts.at(key));
}

class CarveImage : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = committed_image("carve.raw");
    ASSERT_FALSE(path_.empty());
    facts_ = carve_facts();
    ASSERT_FALSE(facts_.empty());
    auto image = open_image(path_.string());
    ASSERT_TRUE(image) << image.error().message;
    image_ = std::move(*image);
    auto volume = ntfs::NtfsVolume::open(*image_, 0);
    ASSERT_TRUE(volume) << volume.error().message;
    volume_ = std::make_unique<ntfs::NtfsVolume>(std::move(*volume));
    auto rules = compile_scan_rules({});
    ASSERT_TRUE(rules) << rules.error().message;
    rules_ = *rules;
  }

  carve::CarveResult carve(size_t block_size) {
    carve::CarveOptions options;
    options.block_size = block_size;
    options.workers = 2;
    evidence_dir_ = std::make_unique<TempDir>();
    evidence_ = std::make_unique<EvidenceStore>(evidence_dir_->path().string());
    options.evidence = evidence_.get();
    auto result = carve::carve_volume(*volume_, rules_, options);
    EXPECT_TRUE(result) << result.error().message;
    return result ? std::move(*result) : carve::CarveResult{};
  }

  // The finding at `prefix`_OFFSET, checked against the recipe's facts and the image bytes.
  void expect_found(const carve::CarveResult& result, const std::string& prefix, FindingState state) {
    const uint64_t offset = fact(facts_, prefix + "_OFFSET");
    int hits = 0;
    for (const Finding& finding : result.findings) {
      if (finding.image_offset != offset) continue;
      ++hits;
      EXPECT_EQ(finding.state, state);
      EXPECT_EQ(finding.size, fact(facts_, prefix + "_SIZE"));
      EXPECT_EQ(finding.sha256, facts_.at(prefix + "_SHA256"));
      ASSERT_TRUE(finding.cluster);
      EXPECT_EQ(*finding.cluster, offset / 4096);
      EXPECT_FALSE(finding.rules.empty());
      EXPECT_EQ(finding.relative_to_patch, PatchRelation::kUndetermined);
      EXPECT_FALSE(finding.planted_at);
      // The bytes really at that offset hash to what the finding says.
      std::vector<std::byte> bytes(finding.size);
      ASSERT_TRUE(image_->read(offset, bytes));
      EXPECT_EQ(digest_all(bytes).sha256, finding.sha256);
      // Written to the evidence store as it was found, with those bytes.
      EXPECT_TRUE(evidence_->contains(finding.sha256));
      EXPECT_EQ(read_text(evidence_->path_of(finding.sha256)).size(), finding.size);
      EXPECT_TRUE(std::binary_search(result.newly_stored.begin(), result.newly_stored.end(), finding.sha256));
    }
    EXPECT_EQ(hits, 1) << prefix << " at image offset " << offset;
  }

  std::filesystem::path path_;
  std::map<std::string, std::string> facts_;
  std::unique_ptr<Image> image_;
  std::unique_ptr<ntfs::NtfsVolume> volume_;
  std::unique_ptr<TempDir> evidence_dir_;
  std::unique_ptr<EvidenceStore> evidence_;
  std::shared_ptr<const detect::YaraRules> rules_;
};

TEST_F(CarveImage, FindsDeletedShellsInFreeClustersAndShellsInSlack) {
  const carve::CarveResult result = carve(16u << 20);
  expect_found(result, "CARVE_CHOPPER", FindingState::kCarved);
  expect_found(result, "CARVE_SPAN", FindingState::kCarved);
  expect_found(result, "CARVE_FILE_SLACK", FindingState::kSlack);
  expect_found(result, "CARVE_MFT_SLACK", FindingState::kSlack);
  EXPECT_EQ(result.findings.size(), 4u);
  for (const Finding& finding : result.findings) {
    if (finding.state != FindingState::kSlack) continue;
    const bool mft = finding.image_offset == fact(facts_, "CARVE_MFT_SLACK_OFFSET");
    EXPECT_EQ(finding.mft_entry, fact(facts_, mft ? "CARVE_MFT_SLACK_ENTRY" : "CARVE_FILE_SLACK_ENTRY"));
    auto record = volume_->read_record(finding.mft_entry);
    ASSERT_TRUE(record);
    EXPECT_EQ(finding.mft_sequence, record->sequence);
    EXPECT_TRUE(record->in_use());
  }
  EXPECT_GT(result.unallocated_bytes, 0u);
  EXPECT_GT(result.slack_bytes, 0u);
  EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
}

TEST_F(CarveImage, OneClusterBlocksGiveTheSameFindings) {
  const carve::CarveResult big = carve(16u << 20);
  const carve::CarveResult small = carve(4096);
  ASSERT_EQ(big.findings.size(), small.findings.size());
  for (size_t i = 0; i < big.findings.size(); ++i) {
    EXPECT_EQ(big.findings[i].image_offset, small.findings[i].image_offset);
    EXPECT_EQ(big.findings[i].sha256, small.findings[i].sha256);
  }
}

TEST_F(CarveImage, ScanReportsCarvedFindingsAndEvidenceUnlessTold) {
  TempDir dir;
  auto run = run_shellcarve({"scan", path_.string(), "--out", (dir / "case").string(), "--no-hash"});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("carved "), std::string::npos) << run.err;
  const std::string json = read_text(dir / "case" / "findings.json");
  const auto states = json_values(json, "state");
  EXPECT_EQ(std::count(states.begin(), states.end(), "carved"), 2);
  EXPECT_EQ(std::count(states.begin(), states.end(), "slack"), 2);
  const auto offsets = json_values(json, "image_offset");
  EXPECT_NE(std::find(offsets.begin(), offsets.end(), facts_.at("CARVE_CHOPPER_OFFSET")), offsets.end());
  EXPECT_TRUE(std::filesystem::exists(dir / "case" / "evidence" / (facts_.at("CARVE_SPAN_SHA256") + ".bin")));
  EXPECT_NE(read_text(dir / "case" / "manifest.json").find(".carve.content\": \"carved "), std::string::npos);
  const auto paths = json_values(json, "path");
  EXPECT_NE(std::find(paths.begin(), paths.end(), "/inetpub/wwwroot/readme.txt"), paths.end());

  auto skipped = run_shellcarve({"scan", path_.string(), "--out", (dir / "plain").string(), "--no-hash", "--no-carve"});
  EXPECT_NE(skipped.err.find("carving skipped"), std::string::npos) << skipped.err;
  const auto plain_states = json_values(read_text(dir / "plain" / "findings.json"), "state");
  EXPECT_EQ(std::count(plain_states.begin(), plain_states.end(), "carved"), 0);
}

}  // namespace
}  // namespace shellcarve::test
