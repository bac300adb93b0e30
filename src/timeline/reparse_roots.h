// reparse_roots.h: junctions and symbolic links in the web roots. IIS opens a folder that
// is a junction (IO_REPARSE_TAG_MOUNT_POINT) or a symbolic link (IO_REPARSE_TAG_SYMLINK)
// as the folder it points to, so a shell in the target is served from the web root though
// no name of it lies there. Each reparse point met in a root is read, its substitute name
// resolved on this volume, and the target folder (or file) added to the selection as a
// root of its own that remembers the link it was reached through; the new root's own
// reparse points are followed in turn. A target already in scope or already followed is
// not added twice (loops end there). Targets that cannot be followed -- a UNC path,
// another volume (\??\Volume{GUID}), a path missing from this volume, a tag we do not
// follow, unreadable reparse data -- are reported, never dropped.
//
// Offline the drive letter of a volume is unknown: "\??\C:\x" (and D:, E: ...) is resolved
// as the path \x on this volume, and the report says so; a miss is "missing on this volume".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/webroots.h"

namespace shellcarve {

struct ReparseLink {
  std::string path;              // the link's volume path
  uint64_t mft_entry = 0;
  uint64_t image_offset = 0;     // of its $REPARSE_POINT attribute header
  std::string kind;              // "junction", "symbolic link", "reparse tag 0x..."
  std::string substitute_name;   // as stored ("\??\C:\outside\jtarget", "..\x")
  std::string resolved;          // the target's volume path ("" when it has none)
  bool followed = false;         // the target became a root
  std::string outcome;           // what became of it, one sentence
};

struct ReparseScope {
  std::vector<ReparseLink> links;     // every reparse point met in a root, in tree order
  std::vector<std::string> warnings;  // one per link not followed
};

// Follows the reparse points of the selection's roots (see above), adding roots to it.
ReparseScope follow_reparse_points(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                   const ntfs::DirectoryTree& tree, WebRootSelection& selection);

}  // namespace shellcarve
