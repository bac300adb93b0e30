// ntfs/ -- NTFS from bytes: boot sector, MFT records (fixups, header, one file per attribute
// type), data runs, $ATTRIBUTE_LIST merging, the MFT reader over a volume, paths, stream
// content, $UsnJrnl and $I30. Parsers take a std::span of bytes, so the same code serves
// the live MFT, MFT slack and carved bytes; nothing here includes libtsk.
//
// boot_sector.h: the NTFS boot sector (BIOS parameter block), sector 0 of the volume, with
// a backup copy in the volume's last sector.
#pragma once

#include <cstdint>
#include <span>

#include "common/result.h"

namespace shellcarve::ntfs {

struct BootSector {
  uint16_t bytes_per_sector = 0;
  uint32_t sectors_per_cluster = 0;
  uint64_t total_sectors = 0;
  uint64_t mft_lcn = 0;
  uint64_t mftmirr_lcn = 0;
  uint32_t mft_record_size = 0;
  uint32_t index_record_size = 0;
  uint64_t volume_serial = 0;

  uint64_t cluster_size() const { return uint64_t{bytes_per_sector} * sectors_per_cluster; }
  uint64_t volume_size() const { return total_sectors * bytes_per_sector; }
  uint64_t mft_offset() const { return mft_lcn * cluster_size(); }  // from the volume start
};

// Parses a 512-byte (or larger) boot sector. kFormat when it is not NTFS (OEM id), kCorrupt
// when it claims NTFS but its geometry is impossible (the message names the field).
Result<BootSector> parse_boot_sector(std::span<const std::byte> sector);

}  // namespace shellcarve::ntfs
