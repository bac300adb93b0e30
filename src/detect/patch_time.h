// Patch time: when the server received the Exchange security update, inferred from the
// image when the examiner gives none. An Exchange cumulative or security update installs a
// new owa/auth/<build> folder (e.g. 15.1.2176.9) beside the old ones and replaces the
// binaries under V15/Bin and V15/FrontEnd in one burst; the $FILE_NAME creation time of the
// newest build folder (written by the kernel, not settable by SetFileTime) dates it, and the
// burst of binaries born within the same hour corroborates it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"

namespace shellcarve {

struct PatchTime {
  std::optional<uint64_t> filetime;  // nullopt = unknown
  std::string source;                // "examiner", "exchange owa/auth build folder", "unknown"
  std::vector<std::string> evidence; // one line per fact used
};

// "15.1.2176.9" -> true: four dot-separated numbers.
bool looks_like_build_number(const std::string& name);

PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree);

}  // namespace shellcarve
