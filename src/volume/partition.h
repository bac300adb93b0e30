// volume/ -- partitions of the media through libtsk's volume layer (DOS/MBR, GPT, ...), and
// naming of non-NTFS file systems through libtsk's file-system layer. A bare volume (no
// partition table) is one partition at offset 0. Only this module and image/ include libtsk.
//
// partition.h: the partition list every later layer starts from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "image/image.h"

namespace shellcarve {

struct Partition {
  uint32_t index = 0;           // 0-based position among the data partitions we list
  uint64_t start_sector = 0;    // in units of the image's sector size
  uint64_t length_sectors = 0;
  std::string description;      // as libtsk describes it, e.g. "NTFS / exFAT (0x07)"
  uint64_t byte_offset(uint32_t sector_size) const { return start_sector * sector_size; }
};

struct PartitionTable {
  std::string scheme;  // "dos", "gpt", ... or "none" for a bare volume
  std::vector<Partition> partitions;
};

// The allocated data partitions (meta entries and unallocated gaps left out), or the whole
// media as one partition when there is no partition table.
Result<PartitionTable> read_partition_table(Image& image);

// libtsk's name for the file system at `byte_offset` ("ntfs", "fat16", "ext2", ...), or ""
// when libtsk recognises none.
std::string name_filesystem(Image& image, uint64_t byte_offset);

}  // namespace shellcarve
