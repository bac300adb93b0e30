// MFT scan: one pass over every record of $MFT in large sequential reads (its extents in
// disk order), parsed on all cores, reduced to a FileCatalog. Extension records are folded
// into their base records afterwards. An unreadable region or a damaged record is noted
// and the scan goes on.
#pragma once

#include "common/result.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

struct MftScanOptions {
  unsigned threads = 0;                // 0 = one per core
  uint64_t read_size = 8u << 20;       // bytes per read
};

Result<FileCatalog> scan_mft(const NtfsVolume& volume, const MftScanOptions& options = {});

}  // namespace shellcarve::ntfs
