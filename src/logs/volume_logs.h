// volume_logs.h: the log files of one NTFS volume, found by walking its names -- any drive
// layout, any Exchange install path: IIS W3C logs in any `LogFiles/W3SVC<n>` folder (and in
// the log folders the caller adds, e.g. from applicationHost.config), Exchange's
// `Logging/HttpProxy/<protocol>`, `Logging/ECP/Server` and `Logging/OABGeneratorLog`
// (`.log` files), the event logs (`winevt/Logs/*.evtx`, read by evtx/). Deleted log files
// are read when their clusters are still free (ntfs/cluster_allocation.h); when another
// file now owns them they are listed as unreadable, never read as the log's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/log_coverage.h"
#include "logs/log_scan.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::logs {

struct VolumeLogs {
  std::vector<LogFileInput> inputs;          // to read, in path order (evtx included)
  std::vector<LogFileSummary> unreadable;    // deleted logs whose clusters were reused
  std::vector<std::string> warnings;
};

// The family of a volume path, or nullopt: stricter than family_of_path (a log must sit in
// a Logging/ or LogFiles/ folder and end in .log), since web roots hold folders named
// HttpProxy too. `iis_folders`: more folders (lower-case volume paths) whose .log files are
// IIS logs.
std::optional<LogFamily> volume_log_family(std::string_view path, const std::vector<std::string>& iis_folders = {});

// `bitmap` may be null (then deleted logs are read without the cluster check, said in a warning).
VolumeLogs find_volume_logs(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                            const ntfs::DirectoryTree& tree, const ntfs::ClusterBitmap* bitmap,
                            const std::vector<std::string>& iis_folders = {});

// Feeds the unnamed $DATA stream of MFT entry `entry` (allocated or deleted) piece by
// piece, each with its image offset; sparse and uninitialised parts as zeros.
ContentFeeder volume_file_feeder(const ntfs::NtfsVolume& volume, uint64_t entry);

// EVTX chunks carved from free clusters (carve/record_carver.h), `chunk_offsets` their image
// offsets sorted: one input per run of chunks lying back to back (as a log file's pages do
// when its clusters were contiguous), fed after a 4 KiB zero stand-in for the file header,
// each 64 KiB chunk read from the image at its own offset. Named
// "$Unallocated/EVTX chunks at image offset N (K chunks)"; carved and deleted set.
std::vector<LogFileInput> carved_evtx_inputs(const ntfs::NtfsVolume& volume, const std::vector<uint64_t>& chunk_offsets);

// "recoverable", "overwritten" (some cluster now allocated), "resident" (in the MFT record)
// for a deleted file's unnamed $DATA; "allocated" for a file in use; "unknown" without a bitmap.
std::string deleted_content_state(const ntfs::NtfsVolume& volume, const ntfs::ClusterBitmap* bitmap,
                                  const ntfs::MftEntry& file);

}  // namespace shellcarve::logs
