// Patch time: when the server received the Exchange update that fixed ProxyLogon, inferred
// from the image when the examiner gives none. Every installed build is found with its
// first appearance and evidence (installed_builds.h); only builds the table of Exchange
// builds knows count (rules/exchange-builds.csv), so a planted owa/auth/99.0.0.0 moves
// nothing: it is listed as an anomaly. The patch time is the arrival of the first installed
// build that fixes the family; a server installed at an already-fixed build says so; the
// families the newest installed build does not fix are open at acquisition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/installed_builds.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"

namespace shellcarve {

namespace ntfs {
class NtfsVolume;
}

struct PatchTime {
  std::optional<uint64_t> filetime;  // nullopt = unknown
  // "examiner", "exchange build arrival", "exchange installed already fixed", "unknown"
  std::string source;
  std::vector<std::string> evidence;  // one line per fact used, in plain words
  std::string family = "proxylogon";  // what `filetime` is the patch for
  std::vector<detect::InstalledBuild> installed_builds;  // by first appearance
  std::vector<std::string> open_families;  // not fixed by the newest installed build
  std::vector<detect::BuildAnomaly> anomalies;  // version-named folders not used, and why
};

// "15.1.2176.9" -> true: four dot-separated numbers.
bool looks_like_build_number(const std::string& name);

// From folders only (no file is read; the evidence says so).
PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree);
// Folders, and ExSetup.exe and the setup logs read through `read_file`.
PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                           const detect::ReadFile& read_file);
// The same, reading files from `volume` (caps from its Limits).
PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                           const ntfs::NtfsVolume& volume);

}  // namespace shellcarve
