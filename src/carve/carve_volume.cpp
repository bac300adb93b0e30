#include "carve/carve_volume.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "carve/content_carver.h"
#include "carve/slack.h"
#include "ntfs/cluster_allocation.h"

namespace shellcarve::carve {
namespace {

CutLimits cut_limits(const ntfs::NtfsVolume& volume) {
  CutLimits limits;
  limits.max_size = volume.limits().max_carve_size;
  limits.max_back = limits.max_size / 2;
  limits.unit = volume.cluster_size();
  return limits;
}

Result<std::vector<ContentCarver>> make_carvers(unsigned count,
                                                const std::shared_ptr<const detect::YaraRules>& rules,
                                                const CutLimits& limits, EvidenceStore* evidence) {
  std::vector<ContentCarver> carvers;
  for (unsigned i = 0; i < count; ++i) {
    SC_ASSIGN_OR_RETURN(auto carver, ContentCarver::create(rules, limits, evidence));
    carvers.push_back(std::move(carver));
  }
  return carvers;
}

// Unallocated clusters: each worker scans its blocks with its own carver.
Status carve_unallocated(const ntfs::NtfsVolume& volume, std::vector<ContentCarver>& carvers,
                         const CarveOptions& options, std::vector<CarvedObject>& found,
                         CarveResult& result) {
  auto bitmap = ntfs::ClusterBitmap::load(volume);
  if (!bitmap) {
    result.warnings.push_back("$Bitmap unreadable, unallocated space not carved: " + bitmap.error().message);
    return {};
  }
  std::vector<std::vector<CarvedObject>> per_worker(carvers.size());
  std::vector<FreeSpaceVisitor> visitors;
  for (size_t i = 0; i < carvers.size(); ++i) {
    visitors.push_back([&carver = carvers[i], &out = per_worker[i]](const ClusterBlock& block) {
      carver.scan({block.bytes, block.starts_run, block.ends_run}, block.owned_begin, block.owned_end,
                  block.image_offset, out);
    });
  }
  FreeSpaceOptions walk;
  walk.block_size = options.block_size;
  walk.lookahead = carvers.front().limits().max_size;
  walk.lookbehind = carvers.front().limits().max_back;
  SC_ASSIGN_OR_RETURN(const FreeSpaceStats stats, walk_free_space(volume, *bitmap, visitors, walk));
  result.unallocated_bytes = stats.bytes_scanned;
  for (const std::string& warning : stats.warnings) result.warnings.push_back("unallocated space: " + warning);
  if (stats.unreadable_blocks > stats.warnings.size())
    result.warnings.push_back(fmt::format("unallocated space: {} unreadable blocks in all (first {} listed)",
                                          stats.unreadable_blocks, stats.warnings.size()));
  for (auto& part : per_worker)
    std::move(part.begin(), part.end(), std::back_inserter(found));
  return {};
}

Finding make_finding(CarvedObject& object, const ntfs::NtfsVolume& volume) {
  Finding finding;
  finding.image_offset = object.image_offset;
  if (object.image_offset >= volume.volume_offset())
    finding.cluster = (object.image_offset - volume.volume_offset()) / volume.cluster_size();
  finding.size = object.size;
  finding.notes.push_back(fmt::format("cut from image offset {} to {}; start: {}; end: {}",
                                      object.image_offset, object.image_offset + object.size,
                                      object.start_reason, object.end_reason));
  finding.notes.push_back(fmt::format("pre-filter marker \"{}\" at image offset {}", object.marker,
                                      object.marker_offset));
  const auto severities = describe_flagged_content(finding, object.verdict, detect::ContentScanOptions{});
  finding.relative_to_patch = PatchRelation::kUndetermined;
  finding.relative_to_patch_reason = "carved content carries no times of its own";
  assign_severity(finding, severities);
  return finding;
}

}  // namespace

Result<CarveResult> carve_volume(const ntfs::NtfsVolume& volume,
                                 std::shared_ptr<const detect::YaraRules> rules,
                                 const CarveOptions& options) {
  CarveResult result;
  const unsigned workers = options.workers ? options.workers : default_worker_count();
  SC_ASSIGN_OR_RETURN(auto carvers, make_carvers(workers, rules, cut_limits(volume), options.evidence));

  std::vector<CarvedObject> unallocated;
  if (options.unallocated)
    SC_RETURN_IF_ERROR(carve_unallocated(volume, carvers, options, unallocated, result));
  std::vector<SlackObject> slack;
  if (options.slack) {
    SC_ASSIGN_OR_RETURN(SlackScan scan, scan_slack(volume, carvers));
    result.slack_bytes = scan.bytes_scanned;
    result.warnings.insert(result.warnings.end(), scan.warnings.begin(), scan.warnings.end());
    slack = std::move(scan.objects);
  }
  for (const ContentCarver& carver : carvers) {
    result.markers += carver.stats().markers;
    result.objects_scanned += carver.stats().objects_scanned;
    result.warnings.insert(result.warnings.end(), carver.stats().warnings.begin(),
                           carver.stats().warnings.end());
    SC_RETURN_IF_ERROR(carver.stats().evidence_error);
  }

  auto keep = [&](Finding finding, const CarvedObject& object) {
    if (object.newly_stored) result.newly_stored.push_back(finding.sha256);
    result.findings.push_back(std::move(finding));
  };
  for (CarvedObject& object : unallocated) {
    Finding finding = make_finding(object, volume);
    finding.state = FindingState::kCarved;
    finding.notes.insert(finding.notes.begin(), "carved from unallocated clusters; no MFT entry, name or time");
    keep(std::move(finding), object);
  }
  for (SlackObject& object : slack) {
    Finding finding = make_finding(object.object, volume);
    finding.state = FindingState::kSlack;
    finding.mft_entry = object.mft_entry;
    finding.mft_sequence = object.mft_sequence;
    if (options.path_of) finding.path = options.path_of(object.mft_entry);
    if (!object.stream.empty()) finding.path += ":" + object.stream;
    finding.notes.insert(finding.notes.begin(), object.where);
    keep(std::move(finding), object.object);
  }
  std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.image_offset, a.size) < std::tie(b.image_offset, b.size);
  });
  std::sort(result.newly_stored.begin(), result.newly_stored.end());
  std::sort(result.warnings.begin(), result.warnings.end());
  return result;
}

}  // namespace shellcarve::carve
