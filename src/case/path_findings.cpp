// path_findings.cpp: see path_findings.h.
#include "case/path_findings.h"

#include <fmt/format.h>

#include "common/text.h"

namespace shellcarve {

void add_path_findings(const VolumeAnalysis& analysis, std::vector<Finding>& findings) {
  const WebRootSelection& roots = analysis.webroots;
  for (const auto& d : analysis.index_paths.disagreements) {
    const auto root = roots.root_of(d.index_path);
    const auto fn_root = roots.root_of(d.fn_path);
    if (!root && !fn_root) continue;  // said in the warnings; outside what scan examines
    Finding finding;
    finding.path = d.index_path;
    finding.state = FindingState::kAllocated;
    finding.mft_entry = d.entry;
    finding.mft_sequence = d.sequence;
    finding.image_offset = d.fn_offset;
    finding.webroot = root ? *root : *fn_root;
    finding.partition = analysis.partition.index;
    finding.heuristics.push_back("file_name_parent_disagrees_with_index: " + ntfs::describe_disagreement(d));
    finding.notes.push_back(fmt::format("$I30 index entry at image offset {} (directory entry {} sequence {}); "
                                        "$FILE_NAME at image offset {} (parent entry {} sequence {})",
                                        d.index_entry_offset, d.index_directory.entry, d.index_directory.sequence,
                                        d.fn_offset, d.fn_parent.entry, d.fn_parent.sequence));
    finding.relative_to_patch_reason = "a name's placement, not content: not dated";
    finding.severity = Severity::kHigh;
    finding.severity_reasons.push_back(
        "high: the name's $I30 index entry and its $FILE_NAME parent disagree (a name placed or moved outside "
        "the file system's own bookkeeping); judged by its placement, no rule read its content");
    findings.push_back(std::move(finding));
  }
  for (const auto& link : analysis.reparse.links) {
    // Already in scope is only worth a line in the manifest; a target we could not examine
    // is a gap in what the scan covered.
    if (link.followed || link.outcome.starts_with("already in scope")) continue;
    Finding finding;
    finding.path = link.path;
    finding.state = FindingState::kAllocated;
    finding.mft_entry = link.mft_entry;
    finding.image_offset = link.image_offset;
    finding.webroot = roots.root_of(link.path).value_or("");
    finding.partition = analysis.partition.index;
    finding.heuristics.push_back(fmt::format("reparse_point_in_webroot: {} -> '{}': {}", link.kind,
                                             link.substitute_name, link.outcome));
    finding.relative_to_patch_reason = "a link, not content: not dated";
    finding.severity = Severity::kMedium;
    finding.severity_reasons.push_back(
        "medium: a link in the web root to a place the scan did not examine; what it serves is unknown");
    findings.push_back(std::move(finding));
  }
}

void note_reparse_roots(const WebRootSelection& selection, std::vector<Finding>& findings) {
  for (Finding& finding : findings) {
    for (const WebRoot& root : selection.roots) {
      if (root.reached_through.empty() || ascii_lower(root.path) != ascii_lower(finding.webroot)) continue;
      finding.notes.push_back(fmt::format("reached through the {}: outside the web root by its own path, "
                                          "served from the link's folder",
                                          root.reached_through));
    }
  }
}

}  // namespace shellcarve
