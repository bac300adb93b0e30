// The Exchange integrity pass: every allocated file under an Exchange install folder's
// FrontEnd/HttpProxy and ClientAccess whose extension is one the known-good lists were made
// of is read through the NTFS engine, hashed (SHA-256 of its unnamed $DATA stream) and
// classified against ExchangeBaselines (exchange_classify.h). A file that cannot be read is
// a row with verdict "unreadable" and a warning, never left out. Alternate data streams and
// deleted files are not part of this pass (the webshell hunt reads them).
//
// The installed builds come from the caller (detection of the installed build is separate);
// with none given, "known" and "other-build" cannot be told apart and matching files are
// "known-some-build".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/exchange_baselines.h"
#include "detect/exchange_classify.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "common/json_writer.h"

namespace shellcarve::detect {

struct IntegrityRow {
  std::string path;                          // volume path, "/Program Files/.../logon.aspx"
  std::string relative;                      // below the install folder, "FrontEnd/HttpProxy/..."
  std::optional<std::string> baseline_path;  // the lists' spelling, when the path is known
  std::optional<std::string> folder_build;   // of a build-named folder on the path
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  uint64_t image_offset = 0;                 // of the content's first byte (resident: its value)
  uint64_t size = 0;
  std::string sha256;                        // lower-case hex; empty when unreadable
  IntegrityVerdict verdict = IntegrityVerdict::kUnknown;
  std::vector<std::string> matching_builds;
  std::vector<std::string> notes;
};

inline constexpr size_t kIntegrityVerdictCount = 6;

struct IntegrityReport {
  std::vector<std::string> install_folders;     // sorted
  BaselineBuilds installed;                    // as given, and as the lists know them
  std::vector<std::string> installed_covered;   // names of installed.indices
  std::string baseline_first_build, baseline_last_build;
  size_t baseline_builds = 0;
  std::vector<IntegrityRow> rows;               // sorted by path, then MFT entry
  std::array<uint64_t, kIntegrityVerdictCount> counts{};  // indexed by IntegrityVerdict
  uint64_t bytes_hashed = 0;
  std::vector<std::string> warnings;

  uint64_t count(IntegrityVerdict verdict) const { return counts[static_cast<size_t>(verdict)]; }
};

// The Exchange install folders (".../Exchange Server/V15") holding an allocated name
// (file or folder) under FrontEnd/HttpProxy or ClientAccess, sorted. Cheap, so a caller can
// skip loading the table on a volume without Exchange.
std::vector<std::string> find_exchange_install_folders(const ntfs::DirectoryTree& tree);

Result<IntegrityReport> check_exchange_integrity(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                                 const ntfs::DirectoryTree& tree, const ExchangeBaselines& baselines,
                                                 const std::vector<std::string>& installed_builds);

// Writes the report as one JSON object (the `integrity` section of findings.json: the caller
// writes the key): install folders, builds, baseline coverage, counts per verdict (every
// verdict, fixed order), warnings, then the rows in the report's order.
void write_integrity_json(JsonWriter& json, const IntegrityReport& report);

}  // namespace shellcarve::detect
