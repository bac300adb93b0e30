#include "case/scan_carving.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace shellcarve {
namespace {

std::string human_bytes(uint64_t bytes) {
  if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30));
  if (bytes >= (1ull << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ull << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

Result<std::shared_ptr<const detect::YaraRules>> compile_scan_rules(const std::vector<std::string>& extra) {
  std::vector<detect::RuleSource> sources;
  SC_ASSIGN_OR_RETURN(const std::filesystem::path builtin, detect::find_builtin_rules_dir());
  SC_ASSIGN_OR_RETURN(sources, detect::collect_rule_files(builtin));
  // Each extra rule file keeps a namespace of its own (public folders reuse rule names
  // across files); one that would share a namespace with an earlier file is put under
  // "extraN/" (N = its --rules position) instead of merging with it.
  std::set<std::string> namespaces;
  for (const auto& source : sources) namespaces.insert(source.rule_namespace);
  for (size_t i = 0; i < extra.size(); ++i) {
    SC_ASSIGN_OR_RETURN(auto more, detect::collect_rule_files(extra[i]));
    for (auto& source : more) {
      if (namespaces.contains(source.rule_namespace))
        source.rule_namespace = "extra" + std::to_string(i) + "/" + source.rule_namespace;
      namespaces.insert(source.rule_namespace);
    }
    sources.insert(sources.end(), more.begin(), more.end());
  }
  return detect::YaraRules::compile(sources);
}

std::string carve_summary(const carve::CarveResult& result) {
  return fmt::format("carved {} of unallocated space and {} of slack ({} marker(s), {} object(s) scanned): "
                     "{} object(s) flagged",
                     human_bytes(result.unallocated_bytes), human_bytes(result.slack_bytes), result.markers,
                     result.objects_scanned, result.findings.size());
}

Result<std::string> add_carved_findings(const ntfs::NtfsVolume& volume, const ntfs::DirectoryTree& tree,
                                        std::shared_ptr<const detect::YaraRules> rules, HuntResult& hunt,
                                        EvidenceStore* evidence) {
  carve::CarveOptions options;
  options.evidence = evidence;
  options.path_of = [&tree](uint64_t entry) {
    const ntfs::PlacedName* name = tree.primary_name(entry);
    return name ? std::string(name->path) : std::string();
  };
  SC_ASSIGN_OR_RETURN(carve::CarveResult carved, carve::carve_volume(volume, std::move(rules), options));
  const std::string summary = carve_summary(carved);
  // Content the hunt (or record carving) already reported says more there (name, entry,
  // times): a deleted file whose clusters are still free (same bytes), or the resident data
  // of a FILE record carved from free space (our cut starts inside that record). The
  // carved copy becomes a note on that finding instead of a second finding.
  std::map<std::string, size_t> reported;
  for (size_t i = 0; i < hunt.findings.size(); ++i) reported.emplace(hunt.findings[i].sha256, i);
  auto already_reported = [&](const Finding& finding) -> Finding* {
    if (const auto it = reported.find(finding.sha256); it != reported.end()) return &hunt.findings[it->second];
    for (Finding& other : hunt.findings)
      if (other.state == FindingState::kCarved && finding.image_offset >= other.image_offset &&
          finding.image_offset - other.image_offset < volume.record_size())
        return &other;
    return nullptr;
  };
  // A page copied all over free space would otherwise add a note per copy to one finding:
  // the first few are listed, the rest counted in one note.
  constexpr size_t kCopiesListed = 8;
  std::map<Finding*, size_t> copies;
  std::vector<Finding> added;
  for (Finding& finding : carved.findings) {
    if (Finding* other = already_reported(finding)) {
      if (++copies[other] <= kCopiesListed)
        other->notes.push_back(fmt::format("content carving also found these bytes in {} at image offset {} ({} bytes)",
                                           finding.state == FindingState::kSlack ? "slack" : "unallocated clusters",
                                           finding.image_offset, finding.size));
      continue;
    }
    added.push_back(std::move(finding));
  }
  for (const auto& [finding, count] : copies)
    if (count > kCopiesListed)
      finding->notes.push_back(fmt::format("content carving found these bytes in {} more places (the first {} listed)",
                                           count - kCopiesListed, kCopiesListed));
  // Evidence only for the findings kept: what carving wrote for the others (copies inside a
  // carved record the hunt reported) is removed again.
  std::set<std::string> wanted;
  for (const Finding& finding : added) wanted.insert(finding.sha256);
  if (evidence)
    for (const std::string& sha256 : carved.newly_stored)
      if (!wanted.contains(sha256)) SC_RETURN_IF_ERROR(evidence->discard(sha256));
  std::move(added.begin(), added.end(), std::back_inserter(hunt.findings));
  for (const auto& warning : carved.warnings) hunt.warnings.push_back("carving: " + warning);
  return summary;
}

}  // namespace shellcarve
