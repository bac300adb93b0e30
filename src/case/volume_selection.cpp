#include "case/volume_selection.h"

#include <fmt/format.h>

namespace shellcarve {
namespace {

// A partition whose failure to open is worth a warning: one that says it is NTFS (type
// 0x07 / Basic data as libtsk describes it) or whose boot sector names NTFS. A FAT system
// partition or a Linux swap is simply not ours.
bool claims_ntfs(const Partition& partition, const Error& error) {
  return partition.description.find("NTFS") != std::string::npos ||
         partition.description.find("Basic data") != std::string::npos ||
         error.code != ErrorCode::kFormat;
}

}  // namespace

Result<OpenedImage> open_ntfs_volumes(const std::string& image_path,
                                      std::optional<uint32_t> partition_index) {
  OpenedImage opened;
  SC_ASSIGN_OR_RETURN(opened.image, open_image(image_path));
  opened.warnings = opened.image->open_warnings();
  SC_ASSIGN_OR_RETURN(const PartitionTable table, read_partition_table(*opened.image));
  const uint32_t sector_size = opened.image->sector_size();
  std::string tried;
  bool listed = false;
  for (const Partition& partition : table.partitions) {
    if (partition_index && partition.index != *partition_index) continue;
    listed = true;
    auto volume = ntfs::NtfsVolume::open(*opened.image, partition.byte_offset(sector_size));
    if (volume) {
      opened.volumes.push_back({partition, std::make_unique<ntfs::NtfsVolume>(std::move(*volume))});
      continue;
    }
    const std::string what = fmt::format("partition {} of '{}' (sector {}): {}", partition.index,
                                         image_path, partition.start_sector, volume.error().message);
    if (partition_index) return fail(volume.error().code, what);
    if (claims_ntfs(partition, volume.error()))
      opened.warnings.push_back(what + "; not examined, the other partitions are");
    tried += fmt::format("; partition {} at sector {}: {}", partition.index, partition.start_sector,
                         volume.error().message);
  }
  if (partition_index && !listed)
    return fail(ErrorCode::kNotFound, fmt::format("'{}' has no partition {} ({} partitions)", image_path,
                                                  *partition_index, table.partitions.size()));
  if (opened.volumes.empty())
    return fail(ErrorCode::kFormat,
                fmt::format("'{}' holds no NTFS volume shellcarve can read{}", image_path, tried));
  return opened;
}

Result<OpenedVolume> open_ntfs_volume(const std::string& image_path,
                                      std::optional<uint32_t> partition_index) {
  SC_ASSIGN_OR_RETURN(OpenedImage all, open_ntfs_volumes(image_path, partition_index));
  // The others (opening one reads a boot sector and $MFT's first record) are closed here;
  // the image they read from lives on in `first`.
  OpenedVolume first{std::move(all.image), all.volumes.front().partition,
                     std::move(all.volumes.front().volume), std::move(all.warnings)};
  return first;
}

}  // namespace shellcarve
