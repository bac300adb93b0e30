// Cluster allocation: the volume's $Bitmap (MFT entry 6), one bit per cluster, set when
// the cluster is allocated. For a deleted file it tells, run by run, whether its clusters
// are still free (the content is likely intact) or now allocated -- and to which file --
// (the content is likely overwritten).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "common/result.h"
#include "ntfs/mft_entry.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

class ClusterBitmap {
 public:
  static Result<ClusterBitmap> load(const NtfsVolume& volume);
  // A bitmap over given bytes (tests, carved copies).
  static ClusterBitmap from_bytes(std::vector<std::byte> bits, uint64_t cluster_count) {
    ClusterBitmap bitmap;
    bitmap.bits_ = std::move(bits);
    bitmap.cluster_count_ = cluster_count;
    return bitmap;
  }
  // Clusters past the end of $Bitmap count as allocated (nothing can be claimed of them).
  bool is_allocated(uint64_t lcn) const {
    if (lcn / 8 >= bits_.size()) return true;
    return (std::to_integer<unsigned>(bits_[lcn / 8]) >> (lcn % 8)) & 1;
  }
  uint64_t cluster_count() const { return cluster_count_; }
  // The raw bitmap, bit (lcn % 8) of byte lcn / 8; for walkers that skip 8 clusters at once.
  std::span<const std::byte> bytes() const { return bits_; }

 private:
  std::vector<std::byte> bits_;
  uint64_t cluster_count_ = 0;
};

struct ClusterRangeStatus {
  uint64_t lcn = 0;
  uint64_t length = 0;
  bool allocated = false;
  std::vector<uint64_t> owners;  // in-use MFT entries whose runs cover part of the range
};

// Splits the runs' clusters into ranges of equal allocation state; for allocated ranges
// finds the in-use files (other than `self`) whose runs overlap them.
std::vector<ClusterRangeStatus> describe_clusters(const NtfsVolume& volume,
                                                  const ClusterBitmap& bitmap,
                                                  const std::vector<DataRun>& runs,
                                                  uint64_t self);

}  // namespace shellcarve::ntfs
