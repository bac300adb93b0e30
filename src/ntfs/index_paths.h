// index_paths.h: paths checked against the directory indexes. A name's path comes from its
// $FILE_NAME parent reference (directory_tree.h), but Windows opens a path by looking each
// component up in its directory's $I30 index, and fls walks the indexes too. One rewritten
// parent reference (a folder pointed at the root, or at its own subfolder: a loop) moves a
// whole subtree out of the web root while IIS keeps serving it from there. The index walk
// here finds every name an index lists in a directory other than its $FILE_NAME's, and the
// tree is rebuilt with the index's placement; each disagreement is kept, with both parents
// and where each fact lies in the image, since it is itself a sign of tampering.
//
// Reading every directory's index costs what fls costs (a random read per directory), so
// the walk descends only where it is asked to: `scan` and `timeline` walk from the root down
// to and through the web roots (index_walk_webroots in timeline/); `ls` walks the whole
// volume only when the $FN chains show damage (index_walk_warranted).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

// A name an index lists in one directory whose $FILE_NAME names another parent.
struct IndexPathDisagreement {
  uint64_t entry = 0;
  uint16_t sequence = 0;
  size_t name_index = 0;          // into the record's file_names
  std::string name;
  FileReference fn_parent;        // what the $FILE_NAME says
  uint64_t fn_offset = 0;         // image offset of that $FILE_NAME's content
  FileReference index_directory;  // the directory whose $I30 lists it
  uint64_t index_entry_offset = 0;
  std::string index_path;  // where the index puts it (the tree's path after the rebuild)
  std::string fn_path;     // where the $FN chain put it ("" when it reached no directory)
};

struct IndexPathCheck {
  bool walked = false;
  std::vector<IndexPathDisagreement> disagreements;
  uint64_t directories_read = 0;
  std::vector<std::string> warnings;  // unreadable indexes, stale entries, loops
};

// Whether to read the index of the directory at `lower_path` (its index path, lower-case,
// "" for the root).
using DescendInto = std::function<bool(std::string_view lower_path)>;

// Walks the indexes from the root down through the directories `descend` accepts and, when
// any name is listed where its $FILE_NAME does not point, rebuilds `tree` with the index's
// placement (a disagreement's fn_path is its path before, index_path after).
IndexPathCheck reconcile_paths_with_indexes(const NtfsVolume& volume, const FileCatalog& catalog,
                                            DirectoryTree& tree, const DescendInto& descend);

// Cheap signs that the $FN chains are wrong somewhere (`ls` then walks every index): a
// record in use that no directory holds (a parent loop or a broken reference), or a name
// whose $FILE_NAME points at the root while the root's index does not list it (a parent
// rewritten to the root, which is no loop). Reads only the root's index.
bool index_walk_warranted(const NtfsVolume& volume, const FileCatalog& catalog, const DirectoryTree& tree);

// One line for warnings and findings: "MFT entry 66 'a': listed by the $I30 index of ...".
std::string describe_disagreement(const IndexPathDisagreement& disagreement);

}  // namespace shellcarve::ntfs
