// Installed Exchange builds, from every source on the image, each with when it first
// appeared and the evidence for it:
// - version-named folders setup creates under owa/auth, owa/prem and ecp (a 4-part name is
//   that build, a 3-part name its CU); their $FILE_NAME creation time is written by the
//   kernel when setup creates them, which SetFileTime cannot change;
// - the version resource of V15/Bin/ExSetup.exe (the build installed at acquisition);
// - lines of the setup logs (ExchangeSetupLogs/*.log, ServiceControl.log) naming a build or KB;
// - as corroboration, the burst of binaries under V15/Bin and V15/FrontEnd created within an
//   hour of a build's arrival.
// Only builds the table knows count. A version-named folder the table does not know (e.g. a
// planted owa/auth/99.0.0.0) is an anomaly: reported with path, MFT entry and $FN creation,
// never used as a build.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/limits.h"
#include "common/result.h"
#include "detect/exchange_builds.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"

namespace shellcarve::detect {

struct BuildEvidence {
  std::string source;            // "owa/auth folder", "ecp folder", "ExSetup.exe version", "setup log"
  std::string path;              // volume path (for a log: the log's path and line)
  uint64_t mft_entry = 0;
  std::optional<uint64_t> time;  // $FN creation, or the log line's stamp
  std::string detail;            // one plain sentence
};

struct InstalledBuild {
  ExchangeBuild build;
  std::optional<uint64_t> first_seen;
  std::string first_seen_source;  // "owa/auth folder $FN creation", ...
  std::vector<BuildEvidence> evidence;
  size_t burst = 0;  // files under V15/Bin and V15/FrontEnd created within an hour of first_seen
};

struct BuildAnomaly {
  std::string path;
  uint64_t mft_entry = 0;
  uint64_t fn_creation = 0;
  std::string reason;
};

// The content of a file on the volume, read up to a cap.
struct FileContent {
  std::vector<std::byte> bytes;
  bool truncated = false;  // the file is larger than the cap
};
using ReadFile = std::function<Result<FileContent>(uint64_t mft_entry, uint64_t max_bytes)>;

struct InstalledBuildsOptions {
  uint64_t max_binary_bytes = default_limits().max_version_binary_bytes;
  uint64_t max_log_bytes = default_limits().max_setup_log_bytes;
  size_t max_log_files = 256;
};

struct InstalledBuilds {
  std::vector<InstalledBuild> builds;  // by first_seen (unknown last), then build number
  std::vector<BuildAnomaly> anomalies;
  std::vector<std::string> notes;      // what was not examined or not readable, and why
};

// `read_file` null: contents are not read (folders only), and a note says so.
InstalledBuilds find_installed_builds(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                      const ExchangeBuildTable& table, const ReadFile* read_file,
                                      const InstalledBuildsOptions& options = {});

}  // namespace shellcarve::detect
