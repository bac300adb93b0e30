// The hunt: every stream in scope (allocated files, alternate data streams, and deleted
// files whose data is resident or whose clusters are still unallocated) is read whole,
// whatever its size, in chunks (content_scan.h), scanned with the compiled YARA rules and
// the heuristics, and each hit becomes a Finding with its arrival time and patch relation.
// Content is read through the NTFS engine, never executed.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "detect/content_scan.h"
#include "detect/finding.h"
#include "detect/heuristics.h"
#include "detect/patch_time.h"
#include "detect/planted_interval.h"
#include "detect/yara_scanner.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "common/evidence_store.h"
#include "timeline/event_builder.h"
#include "timeline/usn_events.h"

namespace shellcarve {

struct HuntResult {
  std::vector<Finding> findings;            // sorted by path, then stream
  uint64_t streams_scanned = 0;
  uint64_t bytes_scanned = 0;               // bytes the detectors saw (zero runs skipped)
  uint64_t zero_bytes_skipped = 0;          // bytes in skipped runs of zeros
  uint64_t chunks_scanned = 0;              // chunks given to the detectors
  std::vector<std::string> warnings;
};

struct HuntOptions {
  detect::ContentScanOptions content;  // chunking of large streams (no size cap)
  // Flagged content larger than this is hashed and reported but not copied to evidence/
  // (a multi-GiB sparse page would fill the case folder with zeros); said in the warnings.
  uint64_t max_evidence_bytes = 1ull << 30;
  // Called after each file with (files done, files in scope).
  std::function<void(uint64_t, uint64_t)> progress;
  // Where flagged content is written as it is found, each SHA-256 once (up to
  // max_evidence_bytes); null: none is written. Nothing flagged is held in memory after
  // its file is scanned.
  EvidenceStore* evidence = nullptr;
};

// What is known of when `stream` of `entry`, listed under `name`, was written: its $FN
// and $SI, its parent folder's name, the journal's records of it; `indicators` (the file's
// timestomp indicators) decide whether its $SI times may date anything.
WriteFacts write_facts_of(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const UsnTimeline& usn, const ntfs::CatalogEntry& entry,
                          const ntfs::FileNameAttribute* name, const std::string& stream,
                          const std::vector<TimestompIndicator>& indicators);

// Fills what a finding says of its content: the hashes, the rules that matched, the
// heuristic hits, and notes on how it was scanned (chunks, skipped zeros, decoding,
// timeouts). Returns the matched rules' own severities, for assign_severity. Shared by the
// hunt and the carvers.
std::vector<std::string> describe_flagged_content(Finding& finding, const detect::ContentVerdict& verdict,
                                                  const detect::ContentScanOptions& options);

// Writes the content of `verdict` (its kept bytes, else what `source` gives again) to
// `store` unless stored already. Shared by the hunt and the carvers.
Status store_flagged_content(EvidenceStore& store, const detect::ContentVerdict& verdict,
                             const detect::PieceSource& source);

// Every warning of a content scan into `warnings`, each prefixed by `what` (a path or an
// image offset), whether or not anything matched.
void add_scan_warnings(std::vector<std::string>& warnings, const std::string& what,
                       const detect::ContentVerdict& verdict);

Result<HuntResult> hunt_webshells(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                  const ntfs::DirectoryTree& tree, const WebTimeline& timeline,
                                  const UsnTimeline& usn,
                                  std::shared_ptr<const detect::YaraRules> rules,
                                  const PatchTime& patch, const HuntOptions& options = {});

}  // namespace shellcarve
