// directory_index.h: a directory's $I30 index read from the volume -- its $INDEX_ROOT node,
// then the INDX records of its $INDEX_ALLOCATION, with the $BITMAP telling which records
// are in use. The live entries are what Windows (and fls) list in the directory; on request
// also the entries found in node slack and in INDX records the $BITMAP marks free (removed
// names: ntfs/index/index_slack.h turns them into recovered names).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/index/index_entry.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

// An entry found outside the live index: in a node's slack, or in a whole unused INDX record.
struct RemovedIndexEntry {
  IndexEntry entry;                  // from_slack; file_name always set
  std::optional<uint64_t> node_vcn;  // INDX record VCN; none: the $INDEX_ROOT node
  bool unused_node = false;          // the whole INDX record is free in the $I30 $BITMAP
};

struct DirectoryIndex {
  std::vector<IndexEntry> live;            // $INDEX_ROOT and in-use INDX records, "last" included
  std::vector<RemovedIndexEntry> removed;  // only when asked; DOS 8.3 keys left out
  uint64_t index_records = 0;              // INDX records parsed
  std::vector<std::string> warnings;       // unreadable or damaged parts, naming entry and offset
};

enum class IndexEntries { kLiveOnly, kLiveAndRemoved };

// Reads the $I30 index of directory `directory_entry`. Never fails: a part that cannot be
// read is a warning naming the entry and offset, and what could be read is kept. An
// allocation larger than the volume or an impossible INDX record size is not read (said).
DirectoryIndex read_directory_index(const NtfsVolume& volume, uint64_t directory_entry,
                                    IndexEntries which = IndexEntries::kLiveOnly);

// The volume's INDX record size, from the root directory's $INDEX_ROOT (4096, what every
// NTFS version writes, when it cannot be read or is not a power of two in 512..64 KiB).
uint32_t volume_index_record_size(const NtfsVolume& volume);

}  // namespace shellcarve::ntfs
