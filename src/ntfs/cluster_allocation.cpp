#include "ntfs/cluster_allocation.h"

#include <fmt/format.h>

#include <algorithm>

#include "ntfs/stream_reader.h"

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kBitmapEntry = 6;

}  // namespace

Result<ClusterBitmap> ClusterBitmap::load(const NtfsVolume& volume) {
  SC_ASSIGN_OR_RETURN(const MftEntry file, volume.read_file(kBitmapEntry));
  for (const auto& attribute : file.attributes) {
    if (attribute.type != AttributeType::kData || !attribute.name.empty()) continue;
    ClusterBitmap bitmap;
    SC_ASSIGN_OR_RETURN(bitmap.bits_,
                        read_stream_bytes(volume, attribute, volume.cluster_count() / 8 + 4096));
    bitmap.cluster_count_ = volume.cluster_count();
    return bitmap;
  }
  return fail(ErrorCode::kCorrupt, "MFT entry 6 ($Bitmap) has no $DATA stream");
}

std::vector<ClusterRangeStatus> describe_clusters(const NtfsVolume& volume,
                                                  const ClusterBitmap& bitmap,
                                                  const std::vector<DataRun>& runs,
                                                  uint64_t self) {
  std::vector<ClusterRangeStatus> ranges;
  for (const DataRun& run : runs) {
    // Runs pointing past the volume are damage reported elsewhere; never loop over them.
    if (!run.lcn || *run.lcn >= bitmap.cluster_count()) continue;
    const uint64_t length = std::min(run.length, bitmap.cluster_count() - *run.lcn);
    for (uint64_t i = 0; i < length; ++i) {
      const uint64_t lcn = *run.lcn + i;
      const bool allocated = bitmap.is_allocated(lcn);
      if (!ranges.empty() && ranges.back().allocated == allocated &&
          ranges.back().lcn + ranges.back().length == lcn) {
        ++ranges.back().length;
      } else {
        ranges.push_back({lcn, 1, allocated, {}});
      }
    }
  }
  if (std::none_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.allocated; }))
    return ranges;
  // Who holds the allocated ranges now: one pass over the in-use records' runs.
  for (uint64_t entry = 0; entry < volume.record_count(); ++entry) {
    if (entry == self) continue;
    auto record = volume.read_record(entry);
    if (!record || !record->in_use()) continue;
    for (const auto& attribute : record->attributes) {
      if (attribute.resident) continue;
      for (const DataRun& run : attribute.runs) {
        if (!run.lcn) continue;
        for (auto& range : ranges) {
          if (!range.allocated) continue;
          const bool overlaps = *run.lcn < range.lcn + range.length &&
                                range.lcn < *run.lcn + run.length;
          const uint64_t owner = record->is_base() ? entry : record->base_record.entry;
          if (overlaps && std::find(range.owners.begin(), range.owners.end(), owner) ==
                              range.owners.end())
            range.owners.push_back(owner);
        }
      }
    }
  }
  return ranges;
}

}  // namespace shellcarve::ntfs
