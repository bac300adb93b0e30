// $UsnJrnl:$J in the timeline: every journal record whose path lies in a web root becomes an
// event ("USN FILE_CREATE|CLOSE" ...), with the path as it was when the record was written:
// the journal is replayed in order and each record's own name and parent reference update
// what we know, so a file later renamed or deleted still shows the name it had then.
// Entries seen only in the journal (long gone from the MFT) still appear. The earliest
// FILE_CREATE of each file feeds the timestomp indicators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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

// One journal record of a file in scope, kept for the planted-time evidence: when, which
// changes (USN_REASON_*), under which parent and name, and where the record lies.
struct UsnFileChange {
  uint64_t filetime = 0;
  uint32_t reason = 0;
  uint64_t parent_entry = 0;
  std::string name;
  int64_t usn = 0;
  uint64_t image_offset = 0;
};
using UsnFileHistory = std::map<std::pair<uint64_t, uint16_t>, std::vector<UsnFileChange>>;

struct UsnTimeline {
  bool journal_present = false;
  uint64_t records = 0;
  std::vector<TimelineEvent> events;  // in scope only, unsorted
  UsnCreateTimes first_create;
  // Every record (in journal order) of the files whose present name lies in a web root,
  // wherever the file was when the record was written (a file moved in keeps its past).
  UsnFileHistory history;
  // The oldest timestamp in the journal: a file with no record changed not since then.
  std::optional<uint64_t> oldest_record_time;
  std::vector<std::string> warnings;
};

UsnTimeline build_usn_events(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                             const ntfs::DirectoryTree& tree, const WebRootSelection& webroots);

}  // namespace shellcarve
