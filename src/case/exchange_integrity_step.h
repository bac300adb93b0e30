// The Exchange integrity step of a scan: on a volume that holds an Exchange install, every
// server page under FrontEnd/HttpProxy and ClientAccess is checked against Microsoft's
// known-good hashes for the builds installed there (detect/exchange_integrity.h). Findings
// in those folders get the verdict of their file; a modified or unknown page that no rule
// flagged is listed for review (severity "review") in the integrity section, never among the
// findings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "case/volume_analysis.h"
#include "detect/exchange_baselines.h"
#include "detect/exchange_integrity.h"
#include "detect/finding.h"
#include "common/json_writer.h"
#include "timeline/event.h"

namespace shellcarve {

struct VolumeIntegrity {
  uint32_t partition = 0;
  detect::IntegrityReport report;
};

// Loads the known-good table once into `table` (kept across volumes). nullopt when the
// volume holds no Exchange install; a table that cannot be found or read is a warning in
// `warnings` ("not examined: ..."), never an error of the scan.
std::optional<VolumeIntegrity> check_volume_integrity(const VolumeAnalysis& analysis, const PatchTime& patch,
                                                      std::optional<detect::ExchangeBaselines>& table,
                                                      std::vector<std::string>& warnings);

// Sets `integrity` on every finding of the partition whose file the pass classified.
void annotate_findings(std::vector<Finding>& findings, const VolumeIntegrity& integrity);

// One timeline event per page that is not what Microsoft shipped here (modified, unknown,
// other-build, unreadable), at its $FN creation, source "INTEGRITY", into `events`.
void add_integrity_events(const VolumeIntegrity& integrity, const VolumeAnalysis& analysis,
                          std::vector<TimelineEvent>& events);

// "integrity": one object per checked volume (partition, the pass's report) and the pages
// for review: modified or unknown, with no finding on them.
void write_integrity_section(JsonWriter& json, const std::vector<VolumeIntegrity>& checked,
                             const std::vector<Finding>& findings);

}  // namespace shellcarve
