// Findings of a Volume Shadow Copy store folded into the live volume's. A store is hunted
// like the volume (case/scan_pipeline.cpp); what it flags is:
// - content also flagged on the live volume of the same partition (same SHA-256): not a
//   finding again, a note on the live one ("also in VSS store N (time) at PATH");
// - content flagged in an earlier store already: a note on that finding;
// - otherwise a finding of its own, state `snapshot`: it existed when the snapshot was taken
//   and is gone (or different) now, so the snapshot time is an upper bound on when it was
//   planted (planted_latest, unless a fact already bounds it earlier).
#pragma once

#include <cstdint>
#include <vector>

#include "detect/finding.h"

namespace shellcarve {

// `findings` holds every finding so far (live and earlier stores); the store's are stamped
// with `store`/`store_time` and merged into it. Returns how many became findings of their own.
size_t merge_snapshot_findings(std::vector<Finding>& findings, std::vector<Finding>&& store_findings, uint32_t partition,
                               uint32_t store, uint64_t store_time);

}  // namespace shellcarve
