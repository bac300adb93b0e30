// carve/ -- finds evidence outside the live file system: webshell content in unallocated
// clusters and in slack, FILE and INDX records outside the live $MFT and directories. It
// reads through ntfs/ (volume geometry, $Bitmap, records) and reports through detect/
// (Finding) and timeline/ (rows); it never writes a name taken from the image.
//
// free_space.h: the free-space walker. $Bitmap (MFT entry 6) has one bit per cluster, clear
// when the cluster is free. Free clusters are grouped into *runs*: maximal sequences of
// clusters that are all free and have consecutive LCNs. Consecutive LCNs are physically
// adjacent bytes of the volume (cluster n sits at volume_offset + n * cluster_size), so a
// deleted file whose clusters were one data run, and whose clusters are all still free, lies
// whole inside one free run and is seen whole. Content is never stitched across an allocated
// cluster (the bytes there belong to someone else now) nor across two runs.
//
// A run is read in large sequential blocks (FreeSpaceOptions::block_size, 16 MiB by
// default). A block's bytes are [lookbehind | owned part | lookahead]: the lookbehind repeats
// the last `lookbehind` bytes of the previous block of the same run, the lookahead the first
// `lookahead` bytes of the next one (neither reaches outside the run, so the first block of a
// run has no lookbehind and the last no lookahead). A scanner reports only what *starts* in
// the owned part and may look back and on into the margins to find where it starts and
// ends, so an object that crosses a block boundary is seen whole, and reported exactly once.
// Short runs close together are fetched with one read and still handed over one by one.

// Both cores: the blocks are shared out to `visitors.size()` worker threads, each reading its
// block (Image::read is thread-safe) and calling its own visitor -- so a visitor needs no
// locking (give each worker its own scanner, e.g. its own YaraScanner) but blocks arrive in
// no particular order: sort the results (e.g. by image offset) for reproducible output.
//
// Use:
//   std::vector<FreeSpaceVisitor> visitors(default_worker_count(), my_visitor_for_worker);
//   SC_ASSIGN_OR_RETURN(auto stats, walk_free_space(volume, bitmap, visitors));
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::carve {

// Clusters [lcn, lcn + length) of the volume.
struct ClusterRun {
  uint64_t lcn = 0;
  uint64_t length = 0;
  bool operator==(const ClusterRun&) const = default;
};

// The maximal runs of free clusters among the volume's first `cluster_count` clusters,
// ascending by LCN.
std::vector<ClusterRun> free_cluster_runs(const ntfs::ClusterBitmap& bitmap,
                                          uint64_t cluster_count);

// One block handed to a visitor: bytes of consecutive clusters of one run.
struct ClusterBlock {
  uint64_t first_lcn = 0;               // LCN of bytes[0] (the lookbehind's first cluster)
  uint64_t image_offset = 0;            // image byte offset of bytes[0]
  std::span<const std::byte> bytes;     // lookbehind, owned part, lookahead
  size_t owned_begin = 0;               // the owned part is bytes[owned_begin, owned_end)
  size_t owned_end = 0;
  // True when bytes[0] is the first byte of its free run (no free byte precedes it).
  bool starts_run = false;
  // True when bytes ends where its free run ends.
  bool ends_run = false;

  std::span<const std::byte> owned_bytes() const {
    return bytes.subspan(owned_begin, owned_end - owned_begin);
  }
  uint64_t owned_lcn(uint64_t cluster_size) const { return first_lcn + owned_begin / cluster_size; }
};

// Called once per block, on the worker thread it belongs to (see the top of this file).
using FreeSpaceVisitor = std::function<void(const ClusterBlock&)>;

struct FreeSpaceOptions {
  size_t block_size = 16u << 20;  // owned bytes per block (rounded down to whole clusters)
  // Margins a scanner needs around the owned part (at least the largest object it cuts);
  // rounded up to whole clusters.
  size_t lookahead = 1u << 20;
  size_t lookbehind = 0;
};

struct FreeSpaceStats {
  uint64_t runs = 0;            // free runs walked
  uint64_t clusters = 0;        // free clusters walked
  uint64_t bytes_scanned = 0;   // owned bytes handed to visitors (= free bytes read)
  uint64_t bytes_read = 0;      // bytes read from the image, lookaheads included
  uint64_t blocks = 0;
  // Blocks that could not be read (past the image's end, I/O errors): what and where, the
  // first 100 by image offset; unreadable_blocks counts them all. The walk goes on.
  std::vector<std::string> warnings;
  uint64_t unreadable_blocks = 0;
};

// Number of worker threads for this machine (hardware threads, at least 1, at most 8).
unsigned default_worker_count();

// Walks `runs` (clusters of `volume`, e.g. free_cluster_runs or any other list) in blocks,
// on visitors.size() threads. Fails only for an empty visitor list; unreadable blocks are
// warnings in the stats.
Result<FreeSpaceStats> walk_cluster_runs(const ntfs::NtfsVolume& volume,
                                         const std::vector<ClusterRun>& runs,
                                         std::span<const FreeSpaceVisitor> visitors,
                                         const FreeSpaceOptions& options = {});

// walk_cluster_runs over free_cluster_runs(bitmap, volume.cluster_count()).
Result<FreeSpaceStats> walk_free_space(const ntfs::NtfsVolume& volume,
                                       const ntfs::ClusterBitmap& bitmap,
                                       std::span<const FreeSpaceVisitor> visitors,
                                       const FreeSpaceOptions& options = {});

}  // namespace shellcarve::carve
