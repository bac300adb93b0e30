// case/ -- the scan pipeline as one library call, so `scan`, `batch` and `report` run the
// same steps and the CLI only parses options and prints. For one image: open every NTFS
// volume (or the one asked for); per volume, analyse it (MFT, names, web roots, $UsnJrnl,
// timeline, carved records), date the patch, hunt the web roots, carve free space and
// slack, and keep the findings and events (each naming its partition) before the next
// volume is read, and the same (without carving) for each of its Volume Shadow Copy stores,
// whose findings are folded into the live ones and whose web roots are compared with the live
// volume's (snapshot_findings.h, snapshot_diff.h); then hash the image against its stored hashes and write the case folder
// -- findings, timelines, manifest -- into a staging folder that is swapped in whole at
// the end (case_folder.h). Flagged content goes to that staging folder's evidence/ as soon
// as it is found (common/evidence_store.h), so no flagged bytes are held until the end. Every warning goes to the manifest and to the caller,
// repeated kinds capped with a count (warning_cap.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "case/exchange_integrity_step.h"
#include "case/snapshot_diff.h"
#include "case/volume_selection.h"
#include "detect/finding.h"
#include "detect/patch_time.h"
#include "logs/proxylogon_output.h"
#include "report/findings_output.h"
#include "report/manifest.h"
#include "volume/partition.h"

namespace shellcarve {

struct ScanRequest {
  std::string image_path;
  std::string out;  // the case folder
  bool force = false;  // replace a non-empty case folder
  std::optional<uint64_t> patched_at;  // the examiner's patch time (FILETIME)
  std::vector<std::string> extra_rules;
  std::vector<std::string> webroots;  // as --webroots: empty/"auto", "all", or paths
  std::optional<uint32_t> partition;  // only this one; default every NTFS volume
  std::optional<std::string> examiner, case_number, evidence_number;
  bool hash = true;   // hash the whole image for the manifest and the stored-hash check
  bool carve = true;  // carving passes (records, index slack, content)
  // --vss: the Volume Shadow Copy stores hunted and compared with each volume (default all).
  StoreSelection stores{.all = true, .indexes = {}};
  std::string command_line;
  // (partition, files done, files in scope), ending with done == total for each volume.
  std::function<void(uint32_t, uint64_t, uint64_t)> progress;
};

// What the scan did on one volume, for the summary.
struct VolumeScan {
  Partition partition;
  PatchTime patch;
  size_t webroots = 0;
  uint64_t streams_scanned = 0;
  uint64_t bytes_scanned = 0;
  uint64_t chunks_scanned = 0;
  uint64_t zero_bytes_skipped = 0;
  std::string record_carving;   // carving_summary(), "" when --no-carve
  std::string content_carving;  // carve_summary(), or "carving skipped (--no-carve)"
};

struct ScanReport {
  std::vector<Finding> findings;  // volume by volume, in partition order
  std::vector<VolumeScan> volumes;
  PatchTime patch;                   // as findings.json's header states it
  ImageCheck image_check;            // as findings.json's header states it
  ManifestImage image;               // the image's identity: segments, stored and computed hashes
  std::vector<std::string> warnings; // as the manifest lists them (capped)
  std::vector<VolumeIntegrity> integrity;  // volumes holding an Exchange install
  std::vector<std::string> volume_notes;  // what each volume says of itself (timestomp calibration)
  std::string out;                   // the case folder written
  logs::ProxyLogonReport proxylogon;  // the log checks, as proxylogon.json states them
  // Web-root files that differ between a VSS store and the live volume (snapshot_diff.h).
  std::vector<SnapshotDifference> snapshot_differences;
  size_t stores_examined = 0;
};

Result<ScanReport> run_scan(const ScanRequest& request);

}  // namespace shellcarve
