#include "carve/free_space.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <new>
#include <thread>

namespace shellcarve::carve {
namespace {

// Short runs separated by at most this many allocated bytes are fetched with one read: one
// large read beats many small ones on disks and on EWF (whose chunks are 32 KiB).
constexpr uint64_t kMaxGapBytes = 256 * 1024;
constexpr size_t kMaxWarnings = 100;

// A block: `owned` clusters from `lcn`, with `lookbehind` clusters of its run before them
// and `lookahead` after.
struct Block {
  uint64_t lcn = 0;
  uint64_t owned = 0;
  uint64_t lookbehind = 0;
  uint64_t lookahead = 0;
  bool starts_run = false;
  bool ends_run = false;
  uint64_t read_lcn() const { return lcn - lookbehind; }
  uint64_t read_end() const { return lcn + owned + lookahead; }
};

// One image read covering clusters [lcn, lcn + clusters) and blocks [first, first + count).
struct ReadItem {
  uint64_t lcn = 0;
  uint64_t clusters = 0;
  size_t first = 0;
  size_t count = 0;
};

struct Plan {
  std::vector<Block> blocks;
  std::vector<ReadItem> reads;
  uint64_t max_read_clusters = 0;
};

uint64_t clusters_for(uint64_t bytes, uint64_t cluster_size) {
  return (bytes + cluster_size - 1) / cluster_size;
}

Plan make_plan(const std::vector<ClusterRun>& runs, uint64_t cluster_size,
               const FreeSpaceOptions& options) {
  const uint64_t owned = std::max<uint64_t>(1, options.block_size / cluster_size);
  const uint64_t lookahead = clusters_for(options.lookahead, cluster_size);
  const uint64_t lookbehind = clusters_for(options.lookbehind, cluster_size);
  const uint64_t max_read = lookbehind + owned + lookahead;
  const uint64_t max_gap = kMaxGapBytes / cluster_size;
  Plan plan;
  for (const ClusterRun& run : runs) {
    for (uint64_t done = 0; done < run.length;) {
      const uint64_t take = std::min(owned, run.length - done);
      const uint64_t after = std::min(lookahead, run.length - done - take);
      plan.blocks.push_back({run.lcn + done, take, std::min(lookbehind, done), after, done == 0,
                             done + take == run.length});
      done += take;
    }
  }
  for (size_t i = 0; i < plan.blocks.size(); ++i) {
    const Block& block = plan.blocks[i];
    if (!plan.reads.empty()) {
      ReadItem& last = plan.reads.back();
      const uint64_t last_end = last.lcn + last.clusters;
      if (block.read_lcn() >= last.lcn && block.read_lcn() <= last_end + max_gap &&
          block.read_end() - last.lcn <= max_read) {
        last.clusters = std::max(last_end, block.read_end()) - last.lcn;
        ++last.count;
        continue;
      }
    }
    plan.reads.push_back({block.read_lcn(), block.read_end() - block.read_lcn(), i, 1});
  }
  for (const ReadItem& read : plan.reads)
    plan.max_read_clusters = std::max(plan.max_read_clusters, read.clusters);
  return plan;
}

// Reads clusters [lcn, lcn + clusters) into `out`; an error names the image range.
Status read_clusters(const ntfs::NtfsVolume& volume, uint64_t lcn, uint64_t clusters,
                     std::span<std::byte> out) {
  const uint64_t offset = volume.cluster_offset(lcn);
  if (auto status = volume.read_bytes(offset, out.first(clusters * volume.cluster_size()));
      !status)
    return fail(status.error().code,
                fmt::format("clusters {}..{} (image bytes {}..{}) unreadable: {}", lcn,
                            lcn + clusters - 1, offset,
                            offset + clusters * volume.cluster_size() - 1,
                            status.error().message));
  return {};
}

constexpr size_t kPageSize = 4096;
struct AlignedDelete {
  void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t{kPageSize}); }
};

class Walker {
 public:
  Walker(const ntfs::NtfsVolume& volume, const Plan& plan) : volume_(volume), plan_(plan) {}

  // Unreadable blocks: (LCN, message), so the report can be ordered by place.
  using Problems = std::vector<std::pair<uint64_t, std::string>>;

  void run(const FreeSpaceVisitor& visitor, FreeSpaceStats& stats, Problems& problems) {
    // Page-aligned: the kernel copies into it markedly faster than into malloc's 16-byte
    // offset (6 GiB bench volume, page cache warm: 0.63 s of system time instead of 1.1 s).
    const size_t size = plan_.max_read_clusters * volume_.cluster_size();
    const std::unique_ptr<std::byte[], AlignedDelete> storage(
        static_cast<std::byte*>(::operator new[](size, std::align_val_t{kPageSize})));
    const std::span<std::byte> buffer(storage.get(), size);
    for (size_t i = next_.fetch_add(1); i < plan_.reads.size(); i = next_.fetch_add(1)) {
      const ReadItem& item = plan_.reads[i];
      if (read_clusters(volume_, item.lcn, item.clusters, buffer)) {
        stats.bytes_read += item.clusters * volume_.cluster_size();
        for (size_t b = item.first; b < item.first + item.count; ++b) {
          const Block& block = plan_.blocks[b];
          visit(block, std::span(buffer).subspan((block.read_lcn() - item.lcn) * volume_.cluster_size()),
                visitor, stats);
        }
        continue;
      }
      // The joint read failed: read block by block so one bad spot costs only its block.
      for (size_t b = item.first; b < item.first + item.count; ++b) {
        Block block = plan_.blocks[b];
        auto status = read_clusters(volume_, block.read_lcn(), block.read_end() - block.read_lcn(), buffer);
        if (!status && (block.lookahead > 0 || block.lookbehind > 0)) {
          // The margins may be what is unreadable: the owned part alone is still worth it.
          block.lookahead = block.lookbehind = 0;
          block.starts_run = block.ends_run = false;
          status = read_clusters(volume_, block.lcn, block.owned, buffer);
        }
        if (!status) {
          ++stats.unreadable_blocks;
          problems.emplace_back(block.lcn, status.error().message);
          continue;
        }
        stats.bytes_read += (block.read_end() - block.read_lcn()) * volume_.cluster_size();
        visit(block, buffer, visitor, stats);
      }
    }
  }

 private:
  void visit(const Block& block, std::span<const std::byte> bytes, const FreeSpaceVisitor& visitor,
             FreeSpaceStats& stats) const {
    const uint64_t cluster = volume_.cluster_size();
    ClusterBlock view;
    view.first_lcn = block.read_lcn();
    view.image_offset = volume_.cluster_offset(view.first_lcn);
    view.bytes = bytes.first((block.read_end() - block.read_lcn()) * cluster);
    view.owned_begin = block.lookbehind * cluster;
    view.owned_end = view.owned_begin + block.owned * cluster;
    view.starts_run = block.starts_run;
    view.ends_run = block.ends_run;
    visitor(view);
    stats.bytes_scanned += block.owned * cluster;
    stats.clusters += block.owned;
    ++stats.blocks;
  }

  const ntfs::NtfsVolume& volume_;
  const Plan& plan_;
  std::atomic<size_t> next_{0};
};

}  // namespace

std::vector<ClusterRun> free_cluster_runs(const ntfs::ClusterBitmap& bitmap,
                                          uint64_t cluster_count) {
  std::vector<ClusterRun> runs;
  const std::span<const std::byte> bits = bitmap.bytes();
  // Clusters the bitmap does not cover count as allocated (ClusterBitmap::is_allocated).
  const uint64_t limit = std::min<uint64_t>(cluster_count, uint64_t{bits.size()} * 8);
  auto add_free = [&](uint64_t lcn, uint64_t length) {
    if (!runs.empty() && runs.back().lcn + runs.back().length == lcn)
      runs.back().length += length;
    else
      runs.push_back({lcn, length});
  };
  for (uint64_t byte = 0; byte * 8 < limit; ++byte) {
    const unsigned value = std::to_integer<unsigned>(bits[byte]);
    const uint64_t lcn = byte * 8;
    if (value == 0xFF) continue;
    if (value == 0 && lcn + 8 <= limit) {
      add_free(lcn, 8);
      continue;
    }
    for (unsigned bit = 0; bit < 8 && lcn + bit < limit; ++bit)
      if (((value >> bit) & 1) == 0) add_free(lcn + bit, 1);
  }
  return runs;
}

unsigned default_worker_count() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

Result<FreeSpaceStats> walk_cluster_runs(const ntfs::NtfsVolume& volume,
                                         const std::vector<ClusterRun>& runs,
                                         std::span<const FreeSpaceVisitor> visitors,
                                         const FreeSpaceOptions& options) {
  if (visitors.empty()) return fail(ErrorCode::kInvalidArgument, "free-space walk without visitors");
  const Plan plan = make_plan(runs, volume.cluster_size(), options);
  Walker walker(volume, plan);
  std::vector<FreeSpaceStats> per_worker(visitors.size());
  std::vector<Walker::Problems> problems(visitors.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < visitors.size(); ++i)
      threads.emplace_back([&, i] { walker.run(visitors[i], per_worker[i], problems[i]); });
    walker.run(visitors[0], per_worker[0], problems[0]);
  }
  FreeSpaceStats stats;
  stats.runs = runs.size();
  for (FreeSpaceStats& part : per_worker) {
    stats.clusters += part.clusters;
    stats.bytes_scanned += part.bytes_scanned;
    stats.bytes_read += part.bytes_read;
    stats.blocks += part.blocks;
    stats.unreadable_blocks += part.unreadable_blocks;
  }
  // Workers finish in any order; the report must not depend on it.
  Walker::Problems all;
  for (auto& part : problems) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size() && i < kMaxWarnings; ++i)
    stats.warnings.push_back(std::move(all[i].second));
  return stats;
}

Result<FreeSpaceStats> walk_free_space(const ntfs::NtfsVolume& volume,
                                       const ntfs::ClusterBitmap& bitmap,
                                       std::span<const FreeSpaceVisitor> visitors,
                                       const FreeSpaceOptions& options) {
  return walk_cluster_runs(volume, free_cluster_runs(bitmap, bitmap.cluster_count()), visitors,
                           options);
}

}  // namespace shellcarve::carve
