// ImageDescription: what `info` tells about an image -- format, segments, E01 metadata,
// partitions, the file system in each and its Volume Shadow Copy stores -- gathered from image/, volume/ and ntfs/, and
// rendered as text or as JSON with stable keys that later tools read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "image/image.h"
#include "image/vss/vss.h"
#include "volume/partition.h"

namespace shellcarve {

struct FilesystemDescription {
  std::string type;  // "ntfs", or libtsk's name for another file system, or "unknown"
  // NTFS only:
  std::optional<uint64_t> cluster_size;
  std::optional<uint64_t> mft_offset;  // byte offset of $MFT in the image
  std::optional<uint64_t> volume_serial;
  std::optional<std::string> label;  // $VOLUME_NAME of MFT entry 3; null when unreadable
  std::optional<uint32_t> mft_record_size;
  std::optional<uint64_t> total_sectors;  // as the boot sector states (backup sector excluded)
  bool from_backup_boot_sector = false;
  // Volume Shadow Copies (NTFS only): whether the volume has a VSS catalog, and its stores
  // (each says whether it can be read from this image, and why not).
  bool vss_present = false;
  std::vector<VssStore> vss_stores;
  std::vector<std::string> warnings;
};

struct PartitionDescription {
  Partition partition;
  FilesystemDescription filesystem;
};

struct ImageDescription {
  std::string format;
  std::vector<std::string> segments;
  std::vector<std::string> warnings;  // Image::open_warnings: e.g. a file beside the set, not read
  uint64_t media_size = 0;
  uint32_t sector_size = 0;
  std::optional<EwfMetadata> ewf;
  std::string partition_scheme;
  std::vector<PartitionDescription> partitions;
};

Result<ImageDescription> describe_image(Image& image);

// True when the description found nothing we know: no partition table and no file system
// at offset 0 (random bytes, a wiped disk, a format we do not read).
bool holds_nothing_known(const ImageDescription& description);

std::string render_json(const ImageDescription& description);
std::string render_text(const ImageDescription& description);

}  // namespace shellcarve
