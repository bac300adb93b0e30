// carve/ -- recovers what the live file system no longer describes: deleted names in index
// slack (read by ntfs/index/index_slack.h, made timeline rows here), FILE and INDX records
// outside the live $MFT and directory indexes, and content in free clusters and slack.
//
// carve_volume: the content-carving pass over one NTFS volume, as `scan` and `carve` run
// it. Unallocated clusters ($Bitmap) are walked on every core (free_space.h) and file slack
// and MFT record slack are scanned the same way (slack.h); every object a YARA rule
// matches becomes a Finding -- state `carved` (unallocated) or `slack` -- with its image
// offset, cluster, size, hashes and rules, and its bytes once as evidence named by SHA-256
// (written to CarveOptions::evidence as found, never held for the whole pass).
// Carved objects have no name, no MFT entry and no time: planted_at stays empty and
// relative_to_patch is `undetermined`. Output is sorted by image offset, so it does not depend on
// which thread found what.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "carve/free_space.h"
#include "common/result.h"
#include "detect/finding.h"
#include "detect/webshell_hunt.h"
#include "detect/yara_scanner.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::carve {

struct CarveOptions {
  bool unallocated = true;
  bool slack = true;
  unsigned workers = 0;  // 0: default_worker_count()
  // Objects are cut at most Limits::max_carve_size bytes long (the volume's limits).
  // Owned bytes per block of free space. Each block re-reads its margins (1.5 MiB: the
  // carve cap after it, half of it before), so 32 MiB keeps that under 5% of the reads.
  size_t block_size = 32u << 20;
  // Path of an MFT entry for slack findings ("" when unknown); optional.
  std::function<std::string(uint64_t entry)> path_of;
  // Where each flagged object's bytes are written as it is found, each SHA-256 once; null:
  // they are not written (and not kept either).
  EvidenceStore* evidence = nullptr;
};

struct CarveResult {
  std::vector<Finding> findings;         // by image offset
  // SHA-256 of the objects this pass wrote to the evidence store (none had before), sorted.
  std::vector<std::string> newly_stored;
  uint64_t unallocated_bytes = 0;        // free bytes scanned
  uint64_t slack_bytes = 0;              // file + MFT record slack bytes scanned
  uint64_t markers = 0;                  // pre-filter hits
  uint64_t objects_scanned = 0;          // objects given to YARA
  std::vector<std::string> warnings;
};

Result<CarveResult> carve_volume(const ntfs::NtfsVolume& volume,
                                 std::shared_ptr<const detect::YaraRules> rules,
                                 const CarveOptions& options = {});

}  // namespace shellcarve::carve
