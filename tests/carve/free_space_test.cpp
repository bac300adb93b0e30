// The free-space walker against The Sleuth Kit: `blkls -l` lists a volume's unallocated
// clusters and plain `blkls` prints their bytes in LCN order, so the walker must visit the
// same clusters and hand over the same bytes -- with blocks small enough that runs split and
// lookaheads are exercised, on two threads.
#include "carve/free_space.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "image/image.h"
#include "ntfs/committed_images.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

using carve::ClusterBlock;
using carve::ClusterRun;

TEST(FreeClusterRuns, MergesAdjacentFreeClustersAndStopsAtTheClusterCount) {
  // Bits: cluster 0 allocated, 1..11 free, 12 allocated, 13..15 free, 16..23 free.
  std::vector<std::byte> bits{std::byte{0x01}, std::byte{0x10}, std::byte{0x00}};
  auto bitmap = ntfs::ClusterBitmap::from_bytes(bits, 22);
  EXPECT_EQ(carve::free_cluster_runs(bitmap, 22),
            (std::vector<ClusterRun>{{1, 11}, {13, 9}}));
  // Clusters the bitmap does not cover are allocated.
  EXPECT_EQ(carve::free_cluster_runs(bitmap, 100),
            (std::vector<ClusterRun>{{1, 11}, {13, 11}}));
  EXPECT_TRUE(carve::free_cluster_runs(ntfs::ClusterBitmap::from_bytes({}, 50), 50).empty());
}

struct Walked {
  std::map<uint64_t, std::vector<std::byte>> owned;  // by LCN
  std::set<uint64_t> covered;  // every cluster in a block's bytes, margins included
  std::vector<std::string> problems;
};

Walked walk(const std::filesystem::path& path, const carve::FreeSpaceOptions& options,
            carve::FreeSpaceStats* stats_out = nullptr) {
  Walked walked;
  auto image = open_image(path.string());
  EXPECT_TRUE(image) << image.error().message;
  if (!image) return walked;
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  EXPECT_TRUE(volume) << volume.error().message;
  if (!volume) return walked;
  auto bitmap = ntfs::ClusterBitmap::load(*volume);
  EXPECT_TRUE(bitmap) << bitmap.error().message;
  if (!bitmap) return walked;
  const uint64_t cluster = volume->cluster_size();
  std::mutex mutex;
  auto visitor = [&](const ClusterBlock& block) {
    std::vector<std::byte> copy(block.owned_bytes().begin(), block.owned_bytes().end());
    // The margins must be the bytes that really surround the owned part in the image.
    std::vector<std::byte> image_bytes(block.bytes.size());
    EXPECT_TRUE(volume->read_bytes(block.image_offset, image_bytes));
    EXPECT_TRUE(std::equal(image_bytes.begin(), image_bytes.end(), block.bytes.begin()));
    std::lock_guard lock(mutex);
    if (block.owned_begin % cluster != 0 || block.owned_end % cluster != 0 ||
        block.image_offset != volume->cluster_offset(block.first_lcn) ||
        (block.starts_run && block.owned_begin != 0) ||
        (block.ends_run && block.owned_end != block.bytes.size()))
      walked.problems.push_back("bad geometry at LCN " + std::to_string(block.first_lcn));
    for (uint64_t i = 0; i < block.bytes.size() / cluster; ++i) walked.covered.insert(block.first_lcn + i);
    if (!walked.owned.emplace(block.owned_lcn(cluster), std::move(copy)).second)
      walked.problems.push_back("LCN owned twice: " + std::to_string(block.owned_lcn(cluster)));
  };
  std::vector<carve::FreeSpaceVisitor> visitors(2, visitor);
  auto stats = carve::walk_free_space(*volume, *bitmap, visitors, options);
  EXPECT_TRUE(stats) << stats.error().message;
  if (stats && stats_out) *stats_out = *stats;
  return walked;
}

TEST(FreeSpaceWalker, VisitsExactlyTheClustersAndBytesBlklsReports) {
  ASSERT_TRUE(have_tool("blkls")) << "blkls (The Sleuth Kit) not installed";
  const auto image = committed_image("ntfs-basic.raw");
  ASSERT_FALSE(image.empty());
  carve::FreeSpaceOptions options;
  options.block_size = 3 * 4096;  // splits every run longer than 3 clusters
  options.lookahead = 5000;       // rounds up to 2 clusters
  options.lookbehind = 4096;
  carve::FreeSpaceStats stats;
  const Walked walked = walk(image, options, &stats);
  EXPECT_TRUE(walked.problems.empty()) << walked.problems.front();
  EXPECT_TRUE(stats.warnings.empty());

  std::set<uint64_t> ours;
  std::vector<std::byte> bytes;
  for (const auto& [lcn, owned] : walked.owned) {
    for (uint64_t i = 0; i < owned.size() / 4096; ++i) ours.insert(lcn + i);
    bytes.insert(bytes.end(), owned.begin(), owned.end());
  }
  std::set<uint64_t> theirs;
  std::istringstream listing(run_command("blkls -l " + shell_quote(image.string())).out);
  for (std::string line; std::getline(listing, line);)
    if (line.ends_with("|f")) theirs.insert(std::stoull(line));
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(ours, theirs);
  EXPECT_TRUE(std::includes(theirs.begin(), theirs.end(), walked.covered.begin(), walked.covered.end()))
      << "margins stay inside free runs";
  EXPECT_EQ(stats.clusters, theirs.size());
  EXPECT_EQ(stats.bytes_scanned, bytes.size());
  EXPECT_GT(stats.bytes_read, stats.bytes_scanned) << "lookaheads are read too";

  TempDir dir;
  write_bytes(dir / "ours", bytes);
  const auto md5 = [](const std::string& command) { return run_command(command).out.substr(0, 32); };
  EXPECT_EQ(md5("md5sum < " + shell_quote((dir / "ours").string())),
            md5("blkls " + shell_quote(image.string()) + " | md5sum"));
}

TEST(FreeSpaceWalker, UnreadableClustersAreWarningsAndTheWalkGoesOn) {
  // The half image ends after cluster 4095: cluster 5000 cannot be read, cluster 100 can.
  const auto image = committed_image("ntfs-basic-half.raw");
  ASSERT_FALSE(image.empty());
  auto opened = open_image(image.string());
  ASSERT_TRUE(opened);
  auto volume = ntfs::NtfsVolume::open(**opened, 0);
  ASSERT_TRUE(volume) << volume.error().message;
  std::vector<uint64_t> visited;
  const std::vector<carve::FreeSpaceVisitor> visitors{
      [&](const ClusterBlock& block) { visited.push_back(block.owned_lcn(4096)); }};
  auto stats = carve::walk_cluster_runs(*volume, {{100, 2}, {5000, 3}}, visitors);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(visited, std::vector<uint64_t>{100});
  EXPECT_EQ(stats->unreadable_blocks, 1u);
  ASSERT_EQ(stats->warnings.size(), 1u);
  EXPECT_NE(stats->warnings.front().find("clusters 5000..5002"), std::string::npos) << stats->warnings.front();
}

TEST(FreeSpaceWalker, NeedsAVisitor) {
  const auto image = committed_image("ntfs-basic.raw");
  auto opened = open_image(image.string());
  ASSERT_TRUE(opened);
  auto volume = ntfs::NtfsVolume::open(**opened, 0);
  ASSERT_TRUE(volume);
  EXPECT_FALSE(carve::walk_cluster_runs(*volume, {{10, 2}}, {}));
}

}  // namespace
}  // namespace shellcarve::test
