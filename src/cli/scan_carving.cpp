#include "cli/scan_carving.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace shellcarve::cli {
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
  for (size_t i = 0; i < extra.size(); ++i) {
    SC_ASSIGN_OR_RETURN(auto more, detect::collect_rule_files(extra[i], "extra" + std::to_string(i)));
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
                                        std::shared_ptr<const detect::YaraRules> rules, HuntResult& hunt) {
  carve::CarveOptions options;
  options.path_of = [&tree](uint64_t entry) {
    const ntfs::PlacedName* name = tree.primary_name(entry);
    return name ? name->path : std::string();
  };
  SC_ASSIGN_OR_RETURN(carve::CarveResult carved, carve::carve_volume(volume, std::move(rules), options));
  std::set<std::string> saved;
  for (const auto& flagged : hunt.evidence) saved.insert(flagged.sha256);
  for (auto& flagged : carved.evidence)
    if (saved.insert(flagged.sha256).second) hunt.evidence.push_back(std::move(flagged));
  std::sort(hunt.evidence.begin(), hunt.evidence.end(),
            [](const FlaggedContent& a, const FlaggedContent& b) { return a.sha256 < b.sha256; });
  const std::string summary = carve_summary(carved);
  std::move(carved.findings.begin(), carved.findings.end(), std::back_inserter(hunt.findings));
  for (const auto& warning : carved.warnings) hunt.warnings.push_back("carving: " + warning);
  return summary;
}

}  // namespace shellcarve::cli
