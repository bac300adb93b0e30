// record_events.h: carved FILE and INDX records as timeline rows. A carved FILE record
// gives its $STANDARD_INFORMATION times and the times of each of its $FILE_NAMEs (source
// CARVED_MFT); a carved INDX record gives the four $FILE_NAME times of each entry, live or
// in its slack (source I30_CARVED). Offsets are those of the carved bytes.
//
// Paths: a name's parent reference is looked up in the live volume; when the directory is
// there with the same sequence (or, deleted, one less: NTFS bumps it on free), the name is
// placed under that directory's path, otherwise under /$OrphanFiles like other names whose
// directory is gone. A FILE record without a $FILE_NAME is "/[carved]/FILE-<number>". Rows
// are kept when the path is in a web root (so orphans appear with --webroots all only).
//
// What the live volume already says is not repeated: a carved FILE record whose number and
// sequence are those of a live record with the same $STANDARD_INFORMATION times, and a
// carved index entry naming a record that has the same $FILE_NAME (name, parent, times),
// are dropped and counted. Repeated copies of one index entry (same name, parent and times)
// among carved INDX records are kept once: the first live-node copy, else the first slack
// copy, in image-offset order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "carve/record_carver.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "timeline/event.h"
#include "timeline/webroots.h"

namespace shellcarve::carve {

inline constexpr const char* kSourceCarvedMft = "CARVED_MFT";

struct RecordEventCounts {
  uint64_t file_records = 0;          // carved FILE records kept
  uint64_t file_records_live = 0;     // dropped: the live MFT still describes them
  uint64_t index_entries = 0;         // carved index entries kept
  uint64_t index_entries_live = 0;    // dropped: a live record has the same $FILE_NAME
  uint64_t index_entries_repeats = 0;
};

// The path a name with parent `parent` gets (see above).
std::string carved_name_path(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                             ntfs::FileReference parent, const std::string& name);

// Drops what the live volume already says from `files` and `indexes`, sets each kept FILE
// record's path, and appends the rows in scope to `events`.
RecordEventCounts append_carved_record_events(std::vector<CarvedFileRecord>& files,
                                              const std::vector<CarvedIndexRecord>& indexes,
                                              const ntfs::FileCatalog& catalog,
                                              const ntfs::DirectoryTree& tree,
                                              const WebRootSelection& webroots,
                                              std::vector<TimelineEvent>& events);

}  // namespace shellcarve::carve
