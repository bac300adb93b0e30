// Opening the NTFS volumes a command works on: the image, its partitions, and either the
// partition the examiner chose (--partition N) or every NTFS one. A server disk holds C:
// and D: (and web roots live on either), so "the first NTFS partition" would leave a
// volume unexamined without a word.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "image/image.h"
#include "image/vss/vss.h"
#include "ntfs/ntfs_volume.h"
#include "volume/partition.h"

namespace shellcarve {

// One volume: the partition it is on and the NTFS engine over it.
struct PartitionVolume {
  Partition partition;
  std::unique_ptr<ntfs::NtfsVolume> volume;
};

// One volume with the image it reads from (ls, cat: one volume at a time).
struct OpenedVolume {
  std::unique_ptr<Image> image;
  Partition partition;
  std::unique_ptr<ntfs::NtfsVolume> volume;
  std::vector<std::string> warnings;  // the image's open warnings, partitions not examined
};

// The image and every NTFS volume on it, in partition order. `warnings` holds the image's
// open warnings (Image::open_warnings) and names each partition that looks like NTFS (by
// its type or boot sector) but failed to open: the others are still examined.
struct OpenedImage {
  std::unique_ptr<Image> image;
  std::vector<PartitionVolume> volumes;
  std::vector<std::string> warnings;
};

// The volume on --partition N, or the first NTFS one.
Result<OpenedVolume> open_ntfs_volume(const std::string& image_path,
                                      std::optional<uint32_t> partition_index);

// Every NTFS volume (or only --partition N). An image with none is an error naming what
// each partition is; so is a --partition that does not exist or holds no NTFS.
Result<OpenedImage> open_ntfs_volumes(const std::string& image_path,
                                      std::optional<uint32_t> partition_index);

// --vss: which Volume Shadow Copy stores of each volume are examined ("all", or 1-based
// store numbers "1,3" as vshadowinfo numbers them).
struct StoreSelection {
  bool all = false;
  std::vector<uint32_t> indexes;
  bool empty() const { return !all && indexes.empty(); }
  bool wants(uint32_t index) const;
};

// "all", "none" (empty), or "N[,N...]"; kInvalidArgument otherwise.
Result<StoreSelection> parse_store_selection(const std::string& text);

// One VSS store of a volume, opened as an NTFS volume of its own: its Image is the store's
// read-only view (vss.h) and the NtfsVolume reads from it at offset 0.
struct StoreVolume {
  Partition partition;  // the partition the live volume is on
  VssStore store;
  std::unique_ptr<Image> image;
  std::unique_ptr<ntfs::NtfsVolume> volume;
};

// The stores `selection` asks for on `partition` of `image` (which must outlive them), in
// store order. A store that cannot be read (data on another volume, damaged metadata, no
// NTFS in it) is a warning naming it; a store number asked for that the volume does not
// have is an error. The catalog's own warnings are appended to `warnings`.
Result<std::vector<StoreVolume>> open_store_volumes(Image& image, const Partition& partition,
                                                    const StoreSelection& selection,
                                                    std::vector<std::string>& warnings);

}  // namespace shellcarve
