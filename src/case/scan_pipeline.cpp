#include "case/scan_pipeline.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <set>

#include "carve/record_findings.h"
#include "case/case_folder.h"
#include "case/image_hash_job.h"
#include "case/log_step.h"
#include "case/path_findings.h"
#include "case/snapshot_findings.h"
#include "case/scan_carving.h"
#include "case/volume_analysis.h"
#include "detect/patch_time_text.h"
#include "case/warning_cap.h"
#include "common/filetime.h"
#include "detect/webshell_hunt.h"
#include "common/file_digest.h"
#include "report/html/html_report.h"
#include "report/manifest.h"
#include "timeline/writers.h"

namespace shellcarve {
namespace {

// The hunt and both carving passes over one analysed volume; findings named by partition.
Result<HuntResult> hunt_volume(const VolumeAnalysis& analysis, const ScanRequest& request,
                               const std::shared_ptr<const detect::YaraRules>& rules, EvidenceStore& evidence,
                               VolumeScan& scan, bool carve_content) {
  HuntOptions options;
  options.evidence = &evidence;
  const uint32_t partition = analysis.partition.index;
  if (request.progress)
    options.progress = [&](uint64_t done, uint64_t total) { request.progress(partition, done, total); };
  SC_ASSIGN_OR_RETURN(HuntResult hunt, hunt_webshells(*analysis.volume, analysis.catalog, analysis.tree,
                                                      analysis.timeline, analysis.usn, rules, scan.patch,
                                                      options));
  // The hunt reports each file before it reads it: the last report is one short of done.
  if (request.progress)
    request.progress(partition, analysis.timeline.files.size(), analysis.timeline.files.size());
  if (analysis.carved)
    SC_RETURN_IF_ERROR(
        carve::hunt_carved_records(analysis.records.files, analysis.webroots, rules, scan.patch, hunt, &evidence));
  scan.content_carving = "carving skipped (--no-carve)";
  if (carve_content) {
    SC_ASSIGN_OR_RETURN(scan.content_carving, add_carved_findings(*analysis.volume, analysis.tree, rules, hunt, &evidence));
  }
  for (Finding& finding : hunt.findings) {
    finding.partition = partition;
    finding.store = analysis.store;
    finding.store_time = analysis.store_time;
  }
  scan.webroots = analysis.webroots.roots.size();
  scan.streams_scanned = hunt.streams_scanned;
  scan.bytes_scanned = hunt.bytes_scanned;
  scan.chunks_scanned = hunt.chunks_scanned;
  scan.zero_bytes_skipped = hunt.zero_bytes_skipped;
  scan.record_carving = carving_summary(analysis);
  return hunt;
}

// A version-named folder the build table does not know (e.g. a planted owa/auth/99.0.0.0,
// which would otherwise move the patch time) is a finding of its own: never used for the
// patch time, and never silent.
void add_build_anomaly_findings(const PatchTime& patch, uint32_t partition, std::vector<Finding>& findings) {
  for (const auto& anomaly : patch.anomalies) {
    Finding finding;
    finding.path = anomaly.path;
    finding.state = FindingState::kAllocated;
    finding.mft_entry = anomaly.mft_entry;
    finding.partition = partition;
    finding.heuristics.push_back("unknown_exchange_build_folder: " + anomaly.reason);
    if (anomaly.fn_creation != 0) {
      finding.planted_at = anomaly.fn_creation;
      finding.planted_at_source = "$FN creation of the folder";
    }
    finding.relative_to_patch_reason = "a folder, not content: dated by its $FN creation only";
    finding.severity = Severity::kMedium;
    finding.severity_reasons.push_back(
        "medium: a version-named folder no known Exchange build has (kept out of the patch time); a folder, no "
        "content judged");
    findings.push_back(std::move(finding));
  }
}

// findings.json has one patch time: the examiner's, else the one volume's that could be
// dated (the earliest when several could, each named in the evidence).
PatchTime header_patch_time(const std::vector<VolumeScan>& volumes) {
  if (volumes.size() == 1 || (!volumes.empty() && volumes.front().patch.source == "examiner"))
    return volumes.front().patch;
  PatchTime header;
  header.source = "unknown";
  for (const VolumeScan& volume : volumes) {
    const PatchTime& patch = volume.patch;
    // Exchange lives on one volume; its builds and anomalies are carried whichever it is.
    header.installed_builds.insert(header.installed_builds.end(), patch.installed_builds.begin(),
                                   patch.installed_builds.end());
    header.anomalies.insert(header.anomalies.end(), patch.anomalies.begin(), patch.anomalies.end());
    if (!patch.installed_builds.empty()) header.open_families = patch.open_families;
    for (const auto& line : patch.evidence)
      header.evidence.push_back(fmt::format("partition {}: {}", volume.partition.index, line));
    if (patch.filetime && (!header.filetime || *patch.filetime < *header.filetime)) {
      header.filetime = patch.filetime;
      header.source = fmt::format("{} (partition {})", patch.source, volume.partition.index);
    }
  }
  return header;
}

ImageCheck check_image(const ManifestImage& image, const std::string& path) {
  ImageCheck check{image.verified, ""};
  const bool stored = !image.stored_md5.empty() || !image.stored_sha1.empty();
  if (!stored) check.verification = "no stored hashes in the image";
  else if (!image.md5) check.verification = "not checked against the stored hashes (--no-hash)";
  else if (*image.verified) check.verification = "verified: the computed hashes equal the stored ones";
  else {
    check.verification = fmt::format("MISMATCH: '{}' does not match its stored hashes", path);
    if (!image.stored_md5.empty() && image.stored_md5 != *image.md5)
      check.verification += fmt::format("; stored MD5 {}, computed {}", image.stored_md5, *image.md5);
    if (!image.stored_sha1.empty() && image.sha1 && image.stored_sha1 != *image.sha1)
      check.verification += fmt::format("; stored SHA-1 {}, computed {}", image.stored_sha1, *image.sha1);
    if (!image.damage.empty())
      check.verification += fmt::format("; {} damaged region(s) read as zeros", image.damage.size());
  }
  return check;
}

Status write_case_folder(const std::string& dir, const ScanReport& report,
                         const std::vector<TimelineEvent>& events,
                         const EvidenceStore& evidence, RunManifest& manifest) {
  OutputSet outputs(dir);
  // One output rendered at a time: on a large volume each is hundreds of MiB.
  const std::vector<std::pair<const char*, std::function<void(const OutputSet::PieceSink&)>>> renderers{
      {"findings.json",
       [&](const OutputSet::PieceSink& sink) { sink(write_findings_json(report.findings, report.patch, report.image_check, report.volume_notes,
                                 [&](JsonWriter& json) {
                                   write_integrity_section(json, report.integrity, report.findings);
                                   write_snapshot_differences(json, report.snapshot_differences);
                                 }));
       }},
      {"findings.csv", [&](const OutputSet::PieceSink& sink) { sink(write_findings_csv(report.findings)); }},
      {"proxylogon.json", [&](const OutputSet::PieceSink& sink) { sink(logs::write_proxylogon_json(report.proxylogon)); }},
      {"proxylogon.csv", [&](const OutputSet::PieceSink& sink) { sink(logs::write_proxylogon_csv(report.proxylogon)); }},
      {"timeline.csv", [&](const OutputSet::PieceSink& sink) { write_timeline_csv(events, sink); }},
      {"timeline.jsonl", [&](const OutputSet::PieceSink& sink) { write_timeline_jsonl(events, sink); }},
      {"timeline.body", [&](const OutputSet::PieceSink& sink) { write_timeline_bodyfile(events, sink); }}};
  for (const auto& [name, render] : renderers) SC_RETURN_IF_ERROR(outputs.write_streamed(name, render));
  // Flagged content was written to evidence/ as it was found (EvidenceStore), once per
  // SHA-256, read-only; content over the evidence limit was not (the hunt's warnings say so).
  manifest.outputs = outputs.outputs();
  for (ManifestOutput& stored : evidence.outputs()) manifest.outputs.push_back(std::move(stored));
  manifest.finished = now_iso8601();
  SC_RETURN_IF_ERROR(outputs.write("manifest.json", render_manifest(manifest)));
  // The report is made from the folder's own outputs, as `shellcarve report` makes it again
  // later, inside the staging folder so it is swapped in with them.
  return html::write_html_report(dir);
}

// The Volume Shadow Copy stores of one volume, while the live volume's catalog and tree are
// still held: each analysed and hunted like the volume (no carving), its findings folded
// into the live ones, its web roots compared with the live volume's, its events (and the
// differences') added to the timeline, each named by store and snapshot time.
Status scan_stores(OpenedImage& opened, const PartitionVolume& volume, const VolumeAnalysis& live,
                   const PatchTime& patch, const ScanRequest& request,
                   const std::shared_ptr<const detect::YaraRules>& rules, EvidenceStore& evidence, ScanReport& report,
                   std::vector<TimelineEvent>& events, RunManifest& manifest, std::vector<std::string>& hunt_warnings) {
  std::vector<std::string> store_warnings;
  SC_ASSIGN_OR_RETURN(std::vector<StoreVolume> stores,
                      open_store_volumes(*opened.image, volume.partition, request.stores, store_warnings));
  manifest.warnings.insert(manifest.warnings.end(), store_warnings.begin(), store_warnings.end());
  LiveVersions live_versions;
  for (const StoreVolume& store : stores) {
    SC_ASSIGN_OR_RETURN(VolumeAnalysis snapshot, analyze_store(store, request.webroots, {.carve = false, .name_partition_in_warnings = false, .stores = {}}));
    VolumeScan scan;
    scan.partition = volume.partition;
    scan.patch = patch;
    SC_ASSIGN_OR_RETURN(HuntResult hunt, hunt_volume(snapshot, request, rules, evidence, scan, false));
    for (auto& warning : hunt.warnings) hunt_warnings.push_back(view_name(snapshot) + ": " + warning);
    const size_t own = merge_snapshot_findings(report.findings, std::move(hunt.findings), volume.partition.index,
                                               store.store.index, store.store.creation_time);
    auto differences = diff_snapshot(live, snapshot, live_versions);
    // A timestomp undone by comparison is the strongest evidence of one: the live finding of
    // that file says so.
    for (const SnapshotDifference& d : differences) {
      if (d.change != SnapshotChange::kTimestompUndone) continue;
      for (Finding& finding : report.findings) {
        if (finding.store != 0 || finding.partition != d.partition || finding.path != d.path) continue;
        finding.timestomp = TimestompVerdict::kYes;
        finding.timestomped = true;
        finding.timestomp_reason = "VSS store " + std::to_string(d.store) + " saw other $SI times: " + d.detail;
        finding.timestomp_evidence.push_back("vss_timestomp_undone: " + d.detail);
      }
    }
    const std::string key = fmt::format("partition.{}.vss{}.", volume.partition.index, store.store.index);
    add_volume_to_manifest(manifest, snapshot);
    manifest.options[key + "hunt.streams_scanned"] = std::to_string(scan.streams_scanned);
    manifest.options[key + "findings_only_in_snapshot"] = std::to_string(own);
    manifest.options[key + "differences"] = std::to_string(differences.size());
    auto difference_events = snapshot_difference_events(differences);
    append_events(events, std::move(snapshot.timeline.events));
    append_events(events, std::move(difference_events));
    report.snapshot_differences.insert(report.snapshot_differences.end(), std::make_move_iterator(differences.begin()),
                                       std::make_move_iterator(differences.end()));
    ++report.stores_examined;
  }
  if (!stores.empty()) sort_events(events);
  return {};
}

}  // namespace

Result<ScanReport> run_scan(const ScanRequest& request) {
  RunManifest manifest;
  manifest.started = now_iso8601();
  SC_ASSIGN_OR_RETURN(const auto rules, compile_scan_rules(request.extra_rules));
  SC_ASSIGN_OR_RETURN(CaseFolder folder, CaseFolder::begin(request.out, request.force));
  SC_ASSIGN_OR_RETURN(OpenedImage opened, open_ntfs_volumes(request.image_path, request.partition));
  // The whole-image hash runs beside the analysis from here on (image_hash_job.h).
  ImageHashJob hash_job(request.image_path, request.hash);

  ScanReport report;
  report.out = request.out;
  std::vector<TimelineEvent> events;
  // Flagged content goes to the staging folder's evidence/ as it is found.
  EvidenceStore evidence(folder.staging() + "/evidence");
  std::vector<std::string> hunt_warnings;
  const bool several = opened.volumes.size() > 1;
  std::optional<detect::ExchangeBaselines> baselines;  // loaded at the first Exchange volume
  LogSources log_sources;  // each volume's logs, read once every finding is known
  // One volume at a time: its catalog and tree are freed before the next is read.
  for (const PartitionVolume& volume : opened.volumes) {
    SC_ASSIGN_OR_RETURN(VolumeAnalysis analysis,
                        analyze_volume(volume, request.webroots,
                                       {.carve = request.carve, .name_partition_in_warnings = several, .stores = {}}));
    VolumeScan scan;
    scan.partition = volume.partition;
    scan.patch = infer_patch_time(analysis.catalog, analysis.tree, *analysis.volume);
    if (request.patched_at) {
      scan.patch.evidence.insert(scan.patch.evidence.begin(), "given by the examiner (--patched-at)");
      scan.patch.filetime = request.patched_at;
      scan.patch.source = "examiner";
    }
    SC_ASSIGN_OR_RETURN(HuntResult hunt, hunt_volume(analysis, request, rules, evidence, scan, request.carve));
    add_build_anomaly_findings(scan.patch, volume.partition.index, hunt.findings);
    note_reparse_roots(analysis.webroots, hunt.findings);
    add_path_findings(analysis, hunt.findings);
    if (auto integrity = check_volume_integrity(analysis, scan.patch, baselines, hunt_warnings)) {
      annotate_findings(hunt.findings, *integrity);
      add_integrity_events(*integrity, analysis, analysis.timeline.events);
      sort_events(analysis.timeline.events);
      const auto& counts = integrity->report;
      manifest.options[fmt::format("partition.{}.exchange.integrity", volume.partition.index)] = fmt::format(
          "{} files: {} known, {} other-build, {} known-some-build, {} modified, {} unknown, {} unreadable",
          counts.rows.size(), counts.count(detect::IntegrityVerdict::kKnown),
          counts.count(detect::IntegrityVerdict::kOtherBuild), counts.count(detect::IntegrityVerdict::kKnownSomeBuild),
          counts.count(detect::IntegrityVerdict::kModified), counts.count(detect::IntegrityVerdict::kUnknown),
          counts.count(detect::IntegrityVerdict::kUnreadable));
      report.integrity.push_back(std::move(*integrity));
    }
    for (auto& warning : hunt.warnings)
      hunt_warnings.push_back(several ? fmt::format("partition {}: {}", volume.partition.index, warning)
                                      : std::move(warning));
    std::move(hunt.findings.begin(), hunt.findings.end(), std::back_inserter(report.findings));
    for (const auto& note : analysis.timeline.calibration.notes)
      report.volume_notes.push_back(fmt::format("partition {}: {}", volume.partition.index, note));
    add_volume_to_manifest(manifest, analysis);
    const std::string key = fmt::format("partition.{}.", volume.partition.index);
    manifest.options[key + "patched_at"] = scan.patch.filetime ? filetime_to_iso8601(*scan.patch.filetime) : "unknown";
    manifest.options[key + "patched_at_source"] = scan.patch.source;
    manifest.options[key + "exchange.installed_builds"] = describe_installed_builds(scan.patch);
    manifest.options[key + "exchange.open_families"] = describe_open_families(scan.patch);
    for (const auto& anomaly : scan.patch.anomalies)
      manifest.warnings.push_back(several ? fmt::format("partition {}: {}", volume.partition.index,
                                                        describe_build_anomaly(anomaly))
                                          : describe_build_anomaly(anomaly));
    manifest.options[key + "carve.content"] = scan.content_carving;
    manifest.options[key + "hunt.streams_scanned"] = std::to_string(scan.streams_scanned);
    manifest.options[key + "hunt.bytes_scanned"] = std::to_string(scan.bytes_scanned);
    manifest.options[key + "hunt.zero_bytes_skipped"] = std::to_string(scan.zero_bytes_skipped);
    manifest.options[key + "hunt.chunks_scanned"] = std::to_string(scan.chunks_scanned);
    gather_log_sources(analysis, log_sources);
    SC_RETURN_IF_ERROR(scan_stores(opened, volume, analysis, scan.patch, request, rules, evidence, report, events,
                                   manifest, hunt_warnings));
    // The catalog and tree go first, and the first volume's events are taken whole rather
    // than copied: a second array of every event beside the catalog was the scan's peak.
    release_volume_structures(analysis);
    append_events(events, std::move(analysis.timeline.events));
    report.volumes.push_back(std::move(scan));
  }
  // The logs, once every webshell is known: checks, coverage, requests and droppers.
  LogStepResult log_step = run_log_step(std::move(log_sources), report.findings);
  report.proxylogon = std::move(log_step.report);
  if (several || !log_step.events.empty()) {
    append_events(events, std::move(log_step.events));
    sort_events(events);
  }
  manifest.warnings.insert(manifest.warnings.end(), hunt_warnings.begin(), hunt_warnings.end());
  manifest.warnings.insert(manifest.warnings.end(), report.proxylogon.scan.warnings.begin(),
                           report.proxylogon.scan.warnings.end());
  manifest.options["logs.lines_read"] = report.proxylogon.scan.summary();
  for (const std::string& line : logs::describe_checks(report.proxylogon))
    manifest.options["logs.check." + line.substr(0, line.find(':'))] = line.substr(line.find(':') + 2);

  // The image is hashed (and damage met so far taken) before anything is written, so
  // findings.json can say whether the image matched its stored hashes.
  SC_RETURN_IF_ERROR(fill_manifest(manifest, opened, false, request.examiner, request.case_number,
                                   request.command_line));
  if (request.hash) {
    SC_ASSIGN_OR_RETURN(manifest.image, hash_job.wait());
  }
  manifest.evidence_number = request.evidence_number.value_or("");
  report.image_check = check_image(manifest.image, request.image_path);
  report.image = manifest.image;
  if (report.image_check.verified == false) manifest.warnings.push_back(report.image_check.verification);
  report.patch = header_patch_time(report.volumes);
  manifest.options["patched_at"] = report.patch.filetime ? filetime_to_iso8601(*report.patch.filetime) : "unknown";
  manifest.options["patched_at_source"] = report.patch.source;
  const HuntOptions hunt_defaults;
  manifest.options["hunt.chunk_size"] = std::to_string(hunt_defaults.content.chunk_size);
  manifest.options["hunt.chunk_overlap"] = std::to_string(hunt_defaults.content.overlap);
  manifest.options["hunt.max_yara_timeouts_per_object"] = std::to_string(hunt_defaults.content.max_yara_timeouts);
  manifest.options["hunt.max_evidence_bytes"] = std::to_string(hunt_defaults.max_evidence_bytes);
  manifest.options["yara.timeout_seconds"] = std::to_string(rules->limits().timeout_seconds);
  manifest.options["yara.max_matches_per_object"] = std::to_string(rules->limits().max_matches_per_object);
  manifest.options["yara.max_strings_per_match"] = std::to_string(rules->limits().max_strings_per_match);
  for (size_t i = 0; i < rules->report().compiled.size(); ++i) {
    const auto& source = rules->report().compiled[i];
    manifest.options["rules." + std::to_string(i)] = source.string();
    // The rule file's hash, so the report can say which rules exactly were applied.
    manifest.options["rules." + std::to_string(i) + ".sha256"] =
        sha256_file_hex(source.string()).value_or("unreadable");
  }
  cap_manifest_warnings(manifest);
  report.warnings = manifest.warnings;

  SC_RETURN_IF_ERROR(write_case_folder(folder.staging(), report, events, evidence, manifest));
  SC_RETURN_IF_ERROR(folder.commit());
  return report;
}

}  // namespace shellcarve
