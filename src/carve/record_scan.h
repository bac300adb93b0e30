// record_scan.h: the record-carving pass over a volume. Two regions hold FILE and INDX
// records that the live file system no longer describes: the slack of $MFT itself (its
// allocated clusters past its data size, where records of a shrunk or not yet grown MFT
// lie) and the unallocated clusters of $Bitmap. Records inside $MFT's data are not carved:
// the MFT scan already reads every one of them, in use or not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "carve/record_carver.h"
#include "carve/record_events.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/event.h"
#include "timeline/webroots.h"

namespace shellcarve::carve {

struct RecordCarving {
  std::vector<CarvedFileRecord> files;     // kept records, by image offset, paths set
  std::vector<CarvedIndexRecord> indexes;  // by image offset
  std::vector<TimelineEvent> events;       // CARVED_MFT and I30_CARVED rows in scope, unsorted
  std::vector<uint64_t> evtx_chunks;       // image offsets of intact EVTX chunks in free clusters, sorted
  RecordCarverStats stats;
  RecordEventCounts counts;
  uint64_t mft_slack_bytes = 0;
  uint64_t unallocated_bytes = 0;
  std::vector<std::string> warnings;  // unreadable regions, with offsets
};

RecordCarving carve_records(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                            const ntfs::DirectoryTree& tree, const WebRootSelection& webroots);

}  // namespace shellcarve::carve
