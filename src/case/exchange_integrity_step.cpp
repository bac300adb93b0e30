#include "case/exchange_integrity_step.h"

#include <fmt/format.h>

#include <set>
#include <tuple>

namespace shellcarve {

std::optional<VolumeIntegrity> check_volume_integrity(const VolumeAnalysis& analysis, const PatchTime& patch,
                                                      std::optional<detect::ExchangeBaselines>& table,
                                                      std::vector<std::string>& warnings) {
  if (detect::find_exchange_install_folders(analysis.tree).empty()) return std::nullopt;
  const std::string where = fmt::format("partition {}", analysis.partition.index);
  if (!table) {
    auto file = detect::find_exchange_baselines_file();
    if (!file) {
      warnings.push_back(where + ": Exchange integrity not examined: " + file.error().message);
      return std::nullopt;
    }
    auto loaded = detect::ExchangeBaselines::load(*file);
    if (!loaded) {
      warnings.push_back(where + ": Exchange integrity not examined: " + loaded.error().message);
      return std::nullopt;
    }
    table = std::move(*loaded);
  }
  std::vector<std::string> installed;
  for (const auto& build : patch.installed_builds) installed.push_back(detect::to_string(build.build.number));
  auto report = detect::check_exchange_integrity(*analysis.volume, analysis.catalog, analysis.tree, *table, installed);
  if (!report) {
    warnings.push_back(where + ": Exchange integrity not examined: " + report.error().message);
    return std::nullopt;
  }
  for (const auto& warning : report->warnings) warnings.push_back(where + ": Exchange integrity: " + warning);
  return VolumeIntegrity{analysis.partition.index, std::move(*report)};
}

void annotate_findings(std::vector<Finding>& findings, const VolumeIntegrity& integrity) {
  for (Finding& finding : findings) {
    if (finding.partition != integrity.partition || finding.state != FindingState::kAllocated) continue;
    for (const auto& row : integrity.report.rows)
      if (row.mft_entry == finding.mft_entry && row.path == finding.path) finding.integrity = detect::to_string(row.verdict);
  }
}

void add_integrity_events(const VolumeIntegrity& integrity, const VolumeAnalysis& analysis,
                          std::vector<TimelineEvent>& events) {
  for (const auto& row : integrity.report.rows) {
    if (row.verdict == detect::IntegrityVerdict::kKnown || row.verdict == detect::IntegrityVerdict::kKnownSomeBuild)
      continue;
    const ntfs::PlacedName* placed = analysis.tree.primary_name(row.mft_entry);
    if (!placed || placed->name_index == ntfs::PlacedName::kNoName) continue;
    const ntfs::CatalogEntry& entry = analysis.catalog.entries[placed->entry];
    TimelineEvent event;
    event.filetime = entry.file_names[placed->name_index].times.creation;
    event.timestamp_desc = std::string("Exchange integrity: ") + detect::to_string(row.verdict);
    event.macb = "...B";
    event.path = row.path;
    event.mft_entry = row.mft_entry;
    event.mft_sequence = row.mft_sequence;
    event.source = "INTEGRITY";
    event.size = row.size;
    event.image_offset = row.image_offset;
    event.partition = integrity.partition;
    event.webroot = analysis.webroots.root_of(row.path).value_or("");
    event.message = fmt::format("{} is {} against Microsoft's known-good hashes (sha256 {}); dated by its $FN creation",
                                row.path, detect::to_string(row.verdict), row.sha256);
    events.push_back(std::move(event));
  }
}

void write_integrity_section(JsonWriter& json, const std::vector<VolumeIntegrity>& checked,
                             const std::vector<Finding>& findings) {
  std::set<std::tuple<uint32_t, uint64_t>> flagged;
  for (const Finding& finding : findings) flagged.emplace(finding.partition, finding.mft_entry);
  json.key("integrity").begin_array();
  for (const VolumeIntegrity& volume : checked) {
    json.begin_object();
    json.key("partition").value(static_cast<uint64_t>(volume.partition));
    json.key("report");
    detect::write_integrity_json(json, volume.report);
    // Server pages Microsoft never shipped in this form, that no rule flagged: for an
    // examiner to look at, not findings.
    json.key("review").begin_array();
    for (const auto& row : volume.report.rows) {
      if (row.verdict != detect::IntegrityVerdict::kModified && row.verdict != detect::IntegrityVerdict::kUnknown)
        continue;
      if (flagged.contains({volume.partition, row.mft_entry})) continue;
      json.begin_object();
      json.key("path").value(row.path);
      json.key("severity").value("review");
      json.key("integrity").value(detect::to_string(row.verdict));
      json.key("mft_entry").value(row.mft_entry);
      json.key("mft_sequence").value(static_cast<uint64_t>(row.mft_sequence));
      json.key("image_offset").value(row.image_offset);
      json.key("sha256").value(row.sha256);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

}  // namespace shellcarve
