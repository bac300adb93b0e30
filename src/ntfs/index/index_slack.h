// index_slack.h: names a directory's $I30 index still remembers after the files are gone.
// It lives beside the index parser because it reads only NTFS structures; carve/ and the
// listing (timeline/index_slack_rows.h) turn what it recovers into timeline rows and names.
//
// An index node keeps entries packed between its header and its used size; removing an
// entry moves the ones after it down, so the bytes between the used and the allocated size
// (the slack) still hold whole $FILE_NAME keys of removed entries -- deleted or renamed
// files with their four $FILE_NAME times. An INDX record that the $I30 $BITMAP marks free
// (a node emptied by deletions) keeps even its former live entries. Both are recovered here.
//
// Deduplication rule (documented in docs/carving.md): the slack of a directory often holds
// copies of entries that are still live (moved down, their old bytes left behind), so a
// recovered entry is dropped when the directory's live index has an entry with the same
// name and the same four $FILE_NAME times -- it tells nothing the live entry does not. Among
// the remaining ones, an entry with the same name, times and file reference as one found
// earlier (lower image offset) in the same directory is dropped too. DOS 8.3 names are left
// out as they are for live names (their long-name twin carries the same times).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/index/index_entry.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

struct RecoveredIndexEntry {
  IndexEntry entry;            // from_slack; file_name always set
  uint64_t directory_entry = 0;      // the directory whose index holds it
  std::optional<uint64_t> node_vcn;  // INDX record VCN; none: the $INDEX_ROOT node
  bool unused_node = false;          // the whole INDX record is free in the $I30 $BITMAP
};

struct DirectoryIndexSlack {
  std::vector<RecoveredIndexEntry> entries;  // in image-offset order, deduplicated
  uint64_t index_records = 0;                // INDX records parsed
  uint64_t dropped_live = 0;                 // same name and times as a live entry
  uint64_t dropped_repeats = 0;              // repeated within the directory's slack
  std::vector<std::string> warnings;         // unreadable or damaged index parts
};

// Reads the $I30 index of directory `directory_entry` ($INDEX_ROOT, $INDEX_ALLOCATION and
// its $BITMAP) and returns the entries recovered from slack and unused nodes. Never fails:
// a part that cannot be read is a warning naming the entry and offset.
DirectoryIndexSlack read_directory_index_slack(const NtfsVolume& volume,
                                               uint64_t directory_entry);

// The deduplication rule above, for entries recovered from one directory's index (carved
// INDX records use it too): drops from `recovered` those matching `live` entries and
// repeats; returns {dropped as live, dropped as repeats}.
std::pair<uint64_t, uint64_t> drop_known_index_entries(std::vector<RecoveredIndexEntry>& recovered,
                                                       const std::vector<IndexEntry>& live);

}  // namespace shellcarve::ntfs
