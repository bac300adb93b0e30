// index_slack_listing.h: the names that live directories' $I30 indexes still hold in their
// slack (index_slack.h), as rows of the whole-volume listing (`ls --index-slack`), which
// fls also gives.
//
// A row per recovered name, after the names of the MFT: "<directory>/<name> (deleted)",
// inode the key's file reference entry (no attribute: the record is not what says so), the
// name's type from the key's flags, meta type and permissions unknown ("-/---------", as
// fls prints a name without a record), and the key's own real size and four $FILE_NAME
// times -- where fls prints zeros, having no record to take them from.
//
// Which copies become rows: the deduplication rule of index_slack.h first (a copy with the
// name and the four times of a live entry of the directory is that entry's old bytes, not
// a deleted file), then fls's own (TSK adds a name to a directory once per MFT entry): a
// copy is left out when the directory already lists that name for the same MFT entry --
// from that record's own $FILE_NAME (say, a deleted record listed anyway) or from an earlier
// copy. fls applies only the second, so it also lists stale copies of live files as
// deleted names with inode 0; docs/tsk-differences.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "carve/index_slack.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/listing.h"

namespace shellcarve::carve {

struct VolumeIndexSlack {
  // (directory entry, what its index slack holds), in entry order; directories without a
  // recovered name are left out.
  std::vector<std::pair<uint64_t, DirectoryIndexSlack>> directories;
  uint64_t directories_read = 0;
  uint64_t names = 0;         // rows, after the rule above
  uint64_t dropped_live = 0;   // copies of live entries (same name and times)
  uint64_t dropped_known = 0;  // names listed already for the same MFT entry
  std::vector<std::string> warnings;
};

// Reads the $I30 slack of every live directory of the catalog (in use, a base record, the
// directory flag set), on as many threads as call work(): each claims the next directory
// until none is left. The result does not depend on how many threads took part.
class VolumeIndexSlackReader {
 public:
  VolumeIndexSlackReader(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog);
  void work();
  // After every work() call has returned. Never fails; what cannot be read is a warning.
  VolumeIndexSlack take();

 private:
  const ntfs::NtfsVolume& volume_;
  const ntfs::FileCatalog& catalog_;
  std::vector<uint64_t> directories_;
  std::vector<DirectoryIndexSlack> read_;  // by position in directories_
  std::atomic<size_t> next_{0};
};

// The same on the calling thread alone.
VolumeIndexSlack read_volume_index_slack(const ntfs::NtfsVolume& volume,
                                         const ntfs::FileCatalog& catalog);

// The rows, directory by directory in tree order of the directories' paths; names of
// directories the tree does not place as live are skipped.
void for_each_index_slack_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                              const VolumeIndexSlack& slack,
                              const std::function<void(const ListingRow&)>& sink);

}  // namespace shellcarve::carve
