#include "cli/volume_selection.h"

#include <fmt/format.h>

namespace shellcarve::cli {

Result<OpenedVolume> open_ntfs_volume(const std::string& image_path,
                                      std::optional<uint32_t> partition_index) {
  OpenedVolume opened;
  SC_ASSIGN_OR_RETURN(opened.image, open_image(image_path));
  SC_ASSIGN_OR_RETURN(const PartitionTable table, read_partition_table(*opened.image));
  const uint32_t sector_size = opened.image->sector_size();
  std::string tried;
  for (const Partition& partition : table.partitions) {
    if (partition_index && partition.index != *partition_index) continue;
    auto volume = ntfs::NtfsVolume::open(*opened.image, partition.byte_offset(sector_size));
    if (volume) {
      opened.partition = partition;
      opened.volume = std::make_unique<ntfs::NtfsVolume>(std::move(*volume));
      return opened;
    }
    if (partition_index)
      return fail(volume.error().code,
                  fmt::format("partition {} of '{}' (sector {}): {}", partition.index,
                              image_path, partition.start_sector, volume.error().message));
    tried += fmt::format("; partition {} at sector {}: {}", partition.index,
                         partition.start_sector, volume.error().message);
  }
  if (partition_index)
    return fail(ErrorCode::kNotFound, fmt::format("'{}' has no partition {} ({} partitions)",
                                                  image_path, *partition_index,
                                                  table.partitions.size()));
  return fail(ErrorCode::kFormat,
              fmt::format("'{}' holds no NTFS volume shellcarve can read{}", image_path, tried));
}

}  // namespace shellcarve::cli
