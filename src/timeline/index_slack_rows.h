// index_slack_rows.h: the names recovered from live directories' $I30 slack
// (ntfs/index/volume_index_slack.h) as rows of the whole-volume listing (`ls --index-slack`,
// which fls also gives).
//
// A row per recovered name, after the names of the MFT: "<directory>/<name> (deleted)",
// inode the key's file reference entry (no attribute: the record is not what says so), the
// name's type from the key's flags, meta type and permissions unknown ("-/---------", as
// fls prints a name without a record), and the key's own real size and four $FILE_NAME
// times -- where fls prints zeros, having no record to take them from.
#pragma once

#include <functional>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/index/volume_index_slack.h"
#include "timeline/listing.h"

namespace shellcarve {

// The rows, directory by directory in tree order of the directories' paths; names of
// directories the tree does not place as live are skipped.
void for_each_index_slack_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                              const ntfs::VolumeIndexSlack& slack,
                              const std::function<void(const ListingRow&)>& sink);

}  // namespace shellcarve
