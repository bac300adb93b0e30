// DirectoryTree: every name on the volume placed at its full path, deleted ones included,
// built from the $FILE_NAME parent references of the FileCatalog the way The Sleuth Kit's
// fls places them: a name belongs to directory P when P's sequence number matches the
// reference (or P's sequence minus one when P itself is deleted, since NTFS bumps the
// sequence when a record is freed). Deleted names whose parent was reused or is gone go to
// /$OrphanFiles. A directory is entered at most once, so parent loops cannot hang the walk,
// and depth and path length are capped by Limits::max_path_depth and max_path_bytes (what
// is not descended into is placed under /$OrphanFiles instead).
//
// A name can be given another parent than its $FILE_NAME's (`IndexedParent`): the directory
// whose $I30 index lists it, when the two disagree (index_paths.h). Windows resolves a path
// through the indexes, so a rewritten parent reference must not move a file out of the
// folder that serves it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/limits.h"
#include "ntfs/file_catalog.h"
#include "ntfs/path_arena.h"

namespace shellcarve::ntfs {

inline constexpr uint64_t kRootEntry = 5;
inline constexpr const char* kOrphanDirectoryPath = "/$OrphanFiles";
inline constexpr const char* kOrphanDirectoryName = kOrphanDirectoryPath + 1;

struct PlacedName {
  uint64_t entry = 0;
  // Index into the entry's file_names; npos for an orphan record that has no $FILE_NAME
  // (listed as OrphanFile-<entry>).
  size_t name_index = 0;
  std::string_view path;    // "/dir/name", "/$OrphanFiles/name"; stored in the tree's paths
  bool deleted = false;     // the record is not in use, or its directory was deleted
  bool orphan = false;      // placed under /$OrphanFiles
  static constexpr size_t kNoName = static_cast<size_t>(-1);
};

// Name `name_index` of record `entry` belongs in `directory` (a directory index lists it
// there), whatever its $FILE_NAME parent reference says.
struct IndexedParent {
  uint64_t entry = 0;
  size_t name_index = 0;
  FileReference directory;
};

struct DirectoryTree {
  std::vector<PlacedName> names;     // depth-first, children in name order
  PathArena paths;                   // what names[i].path views (the tree moves, never copies)
  uint64_t orphan_directory_entry = 0;  // the virtual $OrphanFiles "entry" (= record count)
  std::vector<std::string> warnings;    // loops broken, depth cap hit ...

  // Index of each entry's first placed name (or npos), for path lookups.
  std::vector<size_t> first_name_of_entry;
  const PlacedName* primary_name(uint64_t entry) const {
    if (entry >= first_name_of_entry.size() || first_name_of_entry[entry] == PlacedName::kNoName)
      return nullptr;
    return &names[first_name_of_entry[entry]];
  }
};

// `indexed_parents` (sorted, as index_paths.h gives them) override the $FILE_NAME parent of
// the names they name.
DirectoryTree build_directory_tree(const FileCatalog& catalog,
                                   const Limits& limits = default_limits(),
                                   const std::vector<IndexedParent>& indexed_parents = {});

}  // namespace shellcarve::ntfs
