// volume_index_slack.h: the names that every live directory's $I30 index still holds in its
// slack (index_slack.h), read for the whole volume (`ls --index-slack`, which fls also
// gives); timeline/index_slack_rows.h makes them listing rows.
//
// Which copies are kept: the deduplication rule of index_slack.h first (a copy with the
// name and the four times of a live entry of the directory is that entry's old bytes, not
// a deleted file), then fls's own (TSK adds a name to a directory once per MFT entry): a
// copy is left out when the directory already lists that name for the same MFT entry --
// from that record's own $FILE_NAME (say, a deleted record listed anyway) or from an earlier
// copy. fls applies only the second, so it also lists stale copies of live files as
// deleted names with inode 0; docs/tsk-differences.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/index/index_slack.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

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
  VolumeIndexSlackReader(const NtfsVolume& volume, const FileCatalog& catalog);
  void work();
  // After every work() call has returned. Never fails; what cannot be read is a warning.
  VolumeIndexSlack take();

 private:
  const NtfsVolume& volume_;
  const FileCatalog& catalog_;
  std::vector<uint64_t> directories_;
  std::vector<DirectoryIndexSlack> read_;  // by position in directories_
  std::atomic<size_t> next_{0};
};

// The same on the calling thread alone.
VolumeIndexSlack read_volume_index_slack(const NtfsVolume& volume,
                                         const FileCatalog& catalog);

// The path of a live directory as the tree places it ("" for the root, so children are
// "/name"), or nullopt when it is not a live, placed directory: where its slack names go.
std::optional<std::string> live_directory_path(const FileCatalog& catalog,
                                               const DirectoryTree& tree, uint64_t entry);

}  // namespace shellcarve::ntfs
