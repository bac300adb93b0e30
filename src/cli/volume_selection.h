// Opening the NTFS volume a command works on: the image, its partitions, and the partition
// the examiner chose (--partition N) or the first NTFS one.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "image/image.h"
#include "ntfs/ntfs_volume.h"
#include "volume/partition.h"

namespace shellcarve::cli {

struct OpenedVolume {
  std::unique_ptr<Image> image;
  Partition partition;
  std::unique_ptr<ntfs::NtfsVolume> volume;
};

Result<OpenedVolume> open_ntfs_volume(const std::string& image_path,
                                      std::optional<uint32_t> partition_index);

}  // namespace shellcarve::cli
