// What `scan` and `carve` share: the YARA rules they compile (ours, plus --rules), and the
// carving pass run after the hunt -- its findings merged into the hunt's, its evidence
// written to the hunt's store, and a summary line saying how much was carved.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "carve/carve_volume.h"
#include "common/result.h"
#include "detect/webshell_hunt.h"
#include "detect/yara_scanner.h"
#include "ntfs/directory_tree.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve {

// Our built-in rules plus every --rules file or directory (each in its own namespace).
Result<std::shared_ptr<const detect::YaraRules>> compile_scan_rules(const std::vector<std::string>& extra);

// "carved 5.2 GiB of unallocated space and 12.0 MiB of slack: 3 object(s) flagged".
std::string carve_summary(const carve::CarveResult& result);

// Carves unallocated space and slack of `volume`; slack findings take their paths from
// `tree`. Findings and warnings are appended to `hunt` -- except content a finding of
// `hunt` already has (same SHA-256), which becomes a note on that finding -- and the
// content of each finding kept is written to `evidence` (null: not written) once per
// SHA-256 across hunt and carving; returns the summary line.
Result<std::string> add_carved_findings(const ntfs::NtfsVolume& volume, const ntfs::DirectoryTree& tree,
                                        std::shared_ptr<const detect::YaraRules> rules, HuntResult& hunt,
                                        EvidenceStore* evidence = nullptr);

}  // namespace shellcarve
