// $UsnJrnl:$J in the timeline: every journal record whose path lies in a web root becomes an
// event ("USN FILE_CREATE|CLOSE" ...), with the path as it was when the record was written:
// the journal is replayed in order and each record's own name and parent reference update
// what we know, so a file later renamed or deleted still shows the name it had then.
// Entries seen only in the journal (long gone from the MFT) still appear. The earliest
// FILE_CREATE of each file feeds the timestomp indicators.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/event.h"
#include "timeline/webroots.h"

namespace shellcarve {

// (MFT entry, sequence) -> earliest FILE_CREATE FILETIME in the journal.
using UsnCreateTimes = std::map<std::pair<uint64_t, uint16_t>, uint64_t>;

struct UsnTimeline {
  bool journal_present = false;
  uint64_t records = 0;
  std::vector<TimelineEvent> events;  // in scope only, unsorted
  UsnCreateTimes first_create;
  std::vector<std::string> warnings;
};

UsnTimeline build_usn_events(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                             const ntfs::DirectoryTree& tree, const WebRootSelection& webroots);

}  // namespace shellcarve
