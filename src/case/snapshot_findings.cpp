#include "case/snapshot_findings.h"

#include <fmt/format.h>

#include "common/filetime.h"
#include "report/verdict_names.h"

namespace shellcarve {

size_t merge_snapshot_findings(std::vector<Finding>& findings, std::vector<Finding>&& store_findings, uint32_t partition,
                               uint32_t store, uint64_t store_time) {
  const std::string where = fmt::format("VSS store {} ({})", store, filetime_to_iso8601(store_time));
  const size_t before = findings.size();
  size_t own = 0;
  for (Finding& finding : store_findings) {
    Finding* known = nullptr;
    for (size_t i = 0; i < before && known == nullptr; ++i)
      if (findings[i].partition == partition && !finding.sha256.empty() && findings[i].sha256 == finding.sha256)
        known = &findings[i];
    if (known != nullptr) {
      known->notes.push_back(fmt::format("also in {} at {} (MFT entry {}-{}, {})", where, finding.path,
                                         finding.mft_entry, finding.mft_sequence, finding_state_name(finding.state)));
      continue;
    }
    finding.notes.insert(finding.notes.begin(),
                         fmt::format("only in {}: {} there (MFT entry {}-{}, image offset {} within the store's volume)",
                                     where, finding_state_name(finding.state), finding.mft_entry, finding.mft_sequence,
                                     finding.image_offset));
    finding.state = FindingState::kSnapshot;
    finding.partition = partition;
    finding.store = store;
    finding.store_time = store_time;
    // The snapshot holds it: it was there by the snapshot time (a fact of its own in the
    // evidence, the bound itself when nothing bounds it earlier).
    finding.planted_evidence.push_back(
        {store_time, "latest", "the snapshot holds the content: it existed by the snapshot time",
         fmt::format("{}, catalog of the volume's Volume Shadow Copies", where)});
    if (!finding.planted_latest || store_time < *finding.planted_latest) {
      finding.planted_latest = store_time;
      finding.planted_latest_source = "snapshot time of " + where + ": the content existed then";
    }
    findings.push_back(std::move(finding));
    ++own;
  }
  return own;
}

}  // namespace shellcarve
