#include "case/volume_analysis.h"

#include <fmt/format.h>

#include "common/filetime.h"
#include "ntfs/mft_scan.h"

namespace shellcarve {
namespace {

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

WebRootMode webroot_mode_of(const std::vector<std::string>& webroots) {
  if (webroots.size() == 1 && webroots[0] == "all") return WebRootMode::kAll;
  if (!webroots.empty() && !(webroots.size() == 1 && webroots[0] == "auto")) return WebRootMode::kPaths;
  return WebRootMode::kAuto;
}

void place_names_and_roots(const ntfs::NtfsVolume& volume, const std::vector<std::string>& webroots,
                           VolumeAnalysis& a) {
  const WebRootMode mode = webroot_mode_of(webroots);
  a.tree = ntfs::build_directory_tree(a.catalog, volume.limits());
  auto choose_roots = [&] {
    a.webroots = select_webroots(volume, a.catalog, a.tree, mode, webroots);
    a.reparse = follow_reparse_points(volume, a.catalog, a.tree, a.webroots);
  };
  choose_roots();
  // The roots (and the reparse targets) tell the walk where to read indexes: on a volume
  // whose indexes agree with every $FN, only those directories are read, once.
  a.index_paths = ntfs::reconcile_paths_with_indexes(volume, a.catalog, a.tree, index_walk_webroots(a.webroots));
  if (!a.index_paths.disagreements.empty()) choose_roots();
  append(a.warnings, a.tree.warnings);
  append(a.warnings, a.webroots.warnings);
  append(a.warnings, a.reparse.warnings);
  append(a.warnings, a.index_paths.warnings);
  for (const auto& disagreement : a.index_paths.disagreements)
    a.warnings.push_back(ntfs::describe_disagreement(disagreement));
}

std::string view_name(const VolumeAnalysis& analysis) {
  return analysis.store == 0 ? fmt::format("partition {}", analysis.partition.index)
                             : fmt::format("partition {} vss{}", analysis.partition.index, analysis.store);
}

namespace {

Result<VolumeAnalysis> analyze(const Partition& partition, const ntfs::NtfsVolume& volume, const VssStore* store,
                               const std::vector<std::string>& webroots, const AnalysisOptions& options) {
  VolumeAnalysis a;
  a.partition = partition;
  a.volume = &volume;
  if (store != nullptr) {
    a.store = store->index;
    a.store_time = store->creation_time;
  }
  append(a.warnings, volume.warnings());
  SC_ASSIGN_OR_RETURN(a.catalog, ntfs::scan_mft(volume));
  append(a.warnings, a.catalog.warnings);
  place_names_and_roots(volume, webroots, a);
  a.usn = build_usn_events(volume, a.catalog, a.tree, a.webroots);
  append(a.warnings, a.usn.warnings);
  a.timeline = build_web_timeline(a.catalog, a.tree, a.webroots, &a.usn);
  // The journal's events now live in the timeline; only first_create is read from here on.
  std::vector<TimelineEvent>().swap(a.usn.events);
  auto& events = a.timeline.events;
  if (options.carve) {
    a.carved = true;
    a.i30_slack = carve::build_index_slack_timeline(volume, a.catalog, a.tree, a.webroots);
    append(a.warnings, a.i30_slack.warnings);
    a.records = carve::carve_records(volume, a.catalog, a.tree, a.webroots);
    append(a.warnings, a.records.warnings);
    for (auto* carved : {&a.i30_slack.events, &a.records.events}) {
      events.insert(events.end(), std::make_move_iterator(carved->begin()),
                    std::make_move_iterator(carved->end()));
      carved->clear();
    }
    sort_events(events);
  }
  for (TimelineEvent& event : events) {
    event.partition = a.partition.index;
    event.store = a.store;
    event.store_time = a.store_time;
  }
  if (options.name_partition_in_warnings || a.store != 0)
    for (std::string& warning : a.warnings) warning = fmt::format("{}: {}", view_name(a), warning);
  return a;
}

}  // namespace

Result<VolumeAnalysis> analyze_volume(const PartitionVolume& opened, const std::vector<std::string>& webroots,
                                      const AnalysisOptions& options) {
  return analyze(opened.partition, *opened.volume, nullptr, webroots, options);
}

Result<VolumeAnalysis> analyze_store(const StoreVolume& store, const std::vector<std::string>& webroots,
                                     const AnalysisOptions& options) {
  AnalysisOptions each = options;
  each.carve = false;
  return analyze(store.partition, *store.volume, &store.store, webroots, each);
}

Result<ImageAnalysis> analyze_image(const std::string& image_path, std::optional<uint32_t> partition,
                                    const std::vector<std::string>& webroots, const AnalysisOptions& options) {
  ImageAnalysis image;
  SC_ASSIGN_OR_RETURN(image.opened, open_ntfs_volumes(image_path, partition));
  AnalysisOptions each = options;
  each.name_partition_in_warnings = image.opened.volumes.size() > 1;
  for (const PartitionVolume& volume : image.opened.volumes) {
    SC_ASSIGN_OR_RETURN(VolumeAnalysis analysis, analyze_volume(volume, webroots, each));
    release_volume_structures(analysis);
    append_events(image.events, std::move(analysis.timeline.events));
    image.volumes.push_back(std::move(analysis));
    // Its shadow copies, one at a time, each released before the next is opened.
    SC_ASSIGN_OR_RETURN(std::vector<StoreVolume> stores,
                        open_store_volumes(*image.opened.image, volume.partition, options.stores, image.store_warnings));
    for (const StoreVolume& store : stores) {
      SC_ASSIGN_OR_RETURN(VolumeAnalysis snapshot, analyze_store(store, webroots, each));
      release_volume_structures(snapshot);
      snapshot.volume = nullptr;  // the store's volume is closed below
      append_events(image.events, std::move(snapshot.timeline.events));
      image.volumes.push_back(std::move(snapshot));
    }
  }
  sort_events(image.events);
  return image;
}

void release_volume_structures(VolumeAnalysis& analysis) {
  analysis.catalog = {};
  analysis.tree = {};
  std::vector<FileInScope>().swap(analysis.timeline.files);
}

void append_events(std::vector<TimelineEvent>& events, std::vector<TimelineEvent>&& more) {
  if (events.empty()) {
    events.swap(more);
  } else {
    events.insert(events.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::vector<TimelineEvent>().swap(more);
}

std::vector<std::string> take_image_damage_warnings(Image& image) {
  std::vector<std::string> warnings;
  for (const auto& damage : image.take_damage())
    warnings.push_back("image damage at byte " + std::to_string(damage.offset) + " (" +
                       std::to_string(damage.length) + " bytes): " + damage.what);
  return warnings;
}

std::string carving_summary(const VolumeAnalysis& analysis) {
  if (!analysis.carved) return "";
  return fmt::format("carving: {} $I30 slack names in {} directories; {} FILE and {} INDX records "
                     "carved ({} index entries) from {} bytes of $MFT slack and free space",
                     analysis.i30_slack.names, analysis.i30_slack.directories,
                     analysis.records.counts.file_records, analysis.records.indexes.size(),
                     analysis.records.counts.index_entries,
                     analysis.records.mft_slack_bytes + analysis.records.unallocated_bytes);
}

void add_volume_to_manifest(RunManifest& manifest, const VolumeAnalysis& analysis) {
  const std::string key = analysis.store == 0
                              ? fmt::format("partition.{}.", analysis.partition.index)
                              : fmt::format("partition.{}.vss{}.", analysis.partition.index, analysis.store);
  auto& options = manifest.options;
  if (analysis.store != 0) options[key + "snapshot_time"] = filetime_to_iso8601(analysis.store_time);
  options[key + "start_sector"] = std::to_string(analysis.partition.start_sector);
  options[key + "description"] = analysis.partition.description;
  options[key + "webroots"] = analysis.webroots.mode == WebRootMode::kAll    ? "all"
                              : analysis.webroots.mode == WebRootMode::kAuto ? "auto"
                                                                             : "paths";
  for (size_t i = 0; i < analysis.webroots.roots.size(); ++i)
    options[key + "webroot." + std::to_string(i)] =
        analysis.webroots.roots[i].path + " (" + analysis.webroots.roots[i].origin +
        (analysis.webroots.roots[i].reached_through.empty() ? "" : ": " + analysis.webroots.roots[i].reached_through) +
        ")";
  for (size_t i = 0; i < analysis.reparse.links.size(); ++i) {
    const ReparseLink& link = analysis.reparse.links[i];
    options[key + "reparse_point." + std::to_string(i)] =
        fmt::format("{} '{}' (MFT entry {}) -> '{}': {}", link.kind, link.path, link.mft_entry,
                    link.substitute_name, link.outcome);
  }
  options[key + "index_paths"] =
      fmt::format("{} directory indexes read on the way to and in the web roots; {} name(s) placed where "
                  "the index lists them, against their $FILE_NAME parent",
                  analysis.index_paths.directories_read, analysis.index_paths.disagreements.size());
  options[key + "usn_journal"] = analysis.usn.journal_present
                                     ? std::to_string(analysis.usn.records) + " records"
                                     : "absent";
  options[key + "carve"] = analysis.carved ? "on" : "off (--no-carve)";
  if (analysis.carved) {
    const auto& slack = analysis.i30_slack;
    options[key + "carve.i30_slack"] = fmt::format(
        "{} names from {} directories ({} INDX records; dropped {} still live, {} repeats)",
        slack.names, slack.directories, slack.index_records, slack.dropped_live, slack.dropped_repeats);
    const auto& records = analysis.records;
    options[key + "carve.records_scanned"] = fmt::format(
        "{} bytes of $MFT slack, {} bytes unallocated", records.mft_slack_bytes, records.unallocated_bytes);
    options[key + "carve.file_records"] = fmt::format(
        "{} carved ({} FILE signatures, {} dropped as still described by the live MFT)",
        records.counts.file_records, records.stats.file_signatures, records.counts.file_records_live);
    options[key + "carve.index_records"] = fmt::format(
        "{} carved INDX records ({} signatures) with {} entries kept ({} still live, {} repeats)",
        records.indexes.size(), records.stats.index_signatures, records.counts.index_entries,
        records.counts.index_entries_live, records.counts.index_entries_repeats);
  }
  // Each timestomp indicator over the whole volume: what a per-file verdict was weighed
  // against, and the notes for those set aside as volume-wide.
  const auto& calibration = analysis.timeline.calibration;
  for (int k = 0; k < kTimestompKindCount; ++k)
    options[key + "timestomp_indicator." + timestomp_kind_name(static_cast<TimestompKind>(k))] =
        fmt::format("fired on {} of {} files{}", calibration.rates[k].fired, calibration.rates[k].examined,
                    calibration.noisy[k] ? " (volume-wide: set aside)" : "");
  options[key + "timestomp_verdicts"] =
      fmt::format("{} yes, {} undetermined of {} names in the web roots", calibration.judged_yes,
                  calibration.judged_undetermined, calibration.judged);
  for (size_t i = 0; i < calibration.notes.size(); ++i)
    options[key + "volume_note." + std::to_string(i)] = calibration.notes[i];
  append(manifest.warnings, analysis.warnings);
}

Status fill_manifest(RunManifest& manifest, OpenedImage& opened, bool hash,
                     const std::optional<std::string>& examiner,
                     const std::optional<std::string>& case_number,
                     const std::string& command_line) {
  append(manifest.warnings, opened.warnings);
  // Damage met by the analysis and the hunt: lost otherwise when the image is not hashed
  // (a chunk of $MFT failing its checksum was read as zeros without a word).
  append(manifest.warnings, take_image_damage_warnings(*opened.image));
  SC_ASSIGN_OR_RETURN(manifest.image, describe_image_for_manifest(*opened.image, hash));
  const auto ewf = opened.image->ewf_metadata();
  manifest.examiner = examiner ? *examiner : ewf ? ewf->examiner : "";
  manifest.case_number = case_number ? *case_number : ewf ? ewf->case_number : "";
  manifest.command_line = command_line;
  std::string partitions;
  for (const auto& volume : opened.volumes)
    partitions += (partitions.empty() ? "" : ", ") + std::to_string(volume.partition.index);
  manifest.options["partitions"] = partitions;
  return {};
}

}  // namespace shellcarve
