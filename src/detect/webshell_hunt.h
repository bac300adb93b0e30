// The hunt: every stream in scope (allocated files, alternate data streams, and deleted
// files whose data is resident or whose clusters are still unallocated) is read, scanned
// with the compiled YARA rules and the heuristics, and each hit becomes a Finding with its
// arrival time and patch relation. Content is read through the NTFS engine, never executed.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "detect/finding.h"
#include "detect/heuristics.h"
#include "detect/patch_time.h"
#include "detect/planted_interval.h"
#include "detect/yara_scanner.h"
#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/event_builder.h"
#include "timeline/usn_events.h"

namespace shellcarve {

struct FlaggedContent {
  std::string sha256;
  std::vector<std::byte> bytes;
};

struct HuntResult {
  std::vector<Finding> findings;            // sorted by path, then stream
  std::vector<FlaggedContent> evidence;     // each flagged content once
  uint64_t streams_scanned = 0;
  uint64_t bytes_scanned = 0;
  std::vector<std::string> warnings;
};

struct HuntOptions {
  uint64_t max_content = 64u << 20;  // larger streams: the first max_content bytes, noted
  // Called after each file with (files done, files in scope).
  std::function<void(uint64_t, uint64_t)> progress;
};

// What is known of when `stream` of `entry`, listed under `name`, was written: its $FN
// and $SI, its parent folder's name, the journal's records of it; `indicators` (the file's
// timestomp indicators) decide whether its $SI times may date anything.
WriteFacts write_facts_of(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const UsnTimeline& usn, const ntfs::CatalogEntry& entry,
                          const ntfs::FileNameAttribute* name, const std::string& stream,
                          const std::vector<TimestompIndicator>& indicators);

// Fills what a finding says of its content: the hashes of `content`, the rules that matched,
// the heuristic hits (and a note when the scan timed out). Returns the matched rules' own
// severities, for assign_severity. Shared by the hunt and the carvers.
std::vector<std::string> describe_flagged_content(Finding& finding, std::span<const std::byte> content,
                                                  const detect::ScanOutcome& outcome,
                                                  const std::vector<detect::HeuristicHit>& hits);

Result<HuntResult> hunt_webshells(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                  const ntfs::DirectoryTree& tree, const WebTimeline& timeline,
                                  const UsnTimeline& usn,
                                  std::shared_ptr<const detect::YaraRules> rules,
                                  const PatchTime& patch, const HuntOptions& options = {});

}  // namespace shellcarve
