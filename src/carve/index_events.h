// index_events.h: timeline rows for $I30 entries recovered outside the live index -- from
// the slack and unused nodes of live directories (source I30_SLACK) and from INDX records
// carved out of free space (source I30_CARVED). Each entry gives the four times of its
// $FILE_NAME key as four rows, the path being its directory's path plus the key's name, the
// MFT entry and sequence those of the key's file reference, the offset that of the entry.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/index/index_slack.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/event.h"
#include "timeline/webroots.h"

namespace shellcarve::carve {

inline constexpr const char* kSourceI30Slack = "I30_SLACK";
inline constexpr const char* kSourceI30Carved = "I30_CARVED";

// Appends the rows of one recovered entry (whose file_name is set). `note` ends each message.
void append_index_entry_events(std::vector<TimelineEvent>& events, const ntfs::IndexEntry& entry,
                               const std::string& path, const std::string& source,
                               const std::string& webroot, const std::string& note);

struct IndexSlackTimeline {
  std::vector<TimelineEvent> events;  // unsorted
  uint64_t directories = 0;           // directories whose index was read
  uint64_t index_records = 0;
  uint64_t names = 0;                 // recovered entries that became rows
  uint64_t dropped_live = 0;          // see the deduplication rule in index_slack.h
  uint64_t dropped_repeats = 0;
  std::vector<std::string> warnings;
};

// Every live directory whose contents lie in a web root (all of them in kAll mode) has its
// $I30 slack read; each recovered name whose path is in a web root becomes rows.
IndexSlackTimeline build_index_slack_timeline(const ntfs::NtfsVolume& volume,
                                              const ntfs::FileCatalog& catalog,
                                              const ntfs::DirectoryTree& tree,
                                              const WebRootSelection& webroots);

}  // namespace shellcarve::carve
