#include "case/log_step.h"

#include <fmt/format.h>

#include "logs/suspicious_files.h"
#include "ntfs/cluster_allocation.h"

namespace shellcarve {
namespace {

TimelineEvent log_event(const logs::LogProvenance& p, logs::LogFamily family, uint64_t filetime,
                        std::string_view description, std::string message) {
  TimelineEvent event;
  event.filetime = filetime;
  event.timestamp_desc = description;
  event.macb = "....";
  event.path = p.path;
  event.mft_entry = p.mft_entry;
  event.mft_sequence = p.mft_sequence;
  event.deleted = p.deleted;
  event.source = logs::log_family_name(family);
  event.image_offset = p.image_offset.value_or(0);
  event.message = fmt::format("{} [line {} of {}, file offset {}]", message, p.line_number, p.path, p.file_offset);
  return event;
}

// Webshells with a file on the volume (not carved bytes or alternate streams): those a URL can name.
bool has_url(const Finding& finding) {
  return (finding.state == FindingState::kAllocated || finding.state == FindingState::kDeleted) &&
         finding.path.find(':') == std::string::npos;
}

}  // namespace

void gather_log_sources(const VolumeAnalysis& analysis, LogSources& sources) {
  sources.volumes_examined = true;
  auto bitmap = ntfs::ClusterBitmap::load(*analysis.volume);
  const ntfs::ClusterBitmap* bits = bitmap ? &*bitmap : nullptr;
  logs::VolumeLogs found = logs::find_volume_logs(*analysis.volume, analysis.catalog, analysis.tree, bits,
                                                  analysis.webroots.log_directories);
  sources.directories.insert(sources.directories.end(), analysis.webroots.virtual_directories.begin(),
                             analysis.webroots.virtual_directories.end());
  std::move(found.inputs.begin(), found.inputs.end(), std::back_inserter(sources.inputs));
  auto carved = logs::carved_evtx_inputs(*analysis.volume, analysis.records.evtx_chunks);
  std::move(carved.begin(), carved.end(), std::back_inserter(sources.inputs));
  std::move(found.unreadable.begin(), found.unreadable.end(), std::back_inserter(sources.unreadable));
  std::move(found.warnings.begin(), found.warnings.end(), std::back_inserter(sources.warnings));
  auto suspicious = logs::find_suspicious_files(
      *analysis.volume, analysis.catalog, analysis.tree, bits,
      [&](std::string_view path) { return analysis.webroots.root_of(path).has_value(); }, sources.warnings);
  std::move(suspicious.begin(), suspicious.end(), std::back_inserter(sources.suspicious));
}

LogStepResult run_log_step(LogSources&& sources, std::vector<Finding>& findings) {
  LogStepResult result;
  std::vector<logs::ShellCandidate> shells;
  std::vector<size_t> finding_of_shell;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!has_url(findings[i])) continue;
    shells.push_back({findings[i].path, findings[i].planted_at, logs::url_paths_of(findings[i].path, sources.directories)});
    finding_of_shell.push_back(i);
  }
  const logs::ShellUrlIndex index(shells);
  logs::LogScanOptions options;
  options.keep_request = [&](const logs::LogRequest& request) { return index.wanted(request); };
  options.unreadable_files = std::move(sources.unreadable);
  result.report.scan = logs::scan_logs(sources.inputs, options);
  result.report.suspicious = std::move(sources.suspicious);
  result.report.files_checked = sources.volumes_examined;
  result.report.scan.warnings.insert(result.report.scan.warnings.begin(), sources.warnings.begin(),
                                     sources.warnings.end());
  const auto& requests = result.report.scan.requests;
  const auto per_shell = logs::requests_per_shell(shells, index, requests);
  for (size_t s = 0; s < shells.size(); ++s) {
    Finding& finding = findings[finding_of_shell[s]];
    finding.requests = per_shell[s];
    finding.dropped_by = logs::find_dropper(shells, s, index, requests);
  }
  for (const logs::LogHit& hit : result.report.scan.hits) {
    if (!hit.time.filetime) continue;
    result.events.push_back(log_event(hit.provenance, hit.family, *hit.time.filetime, hit.check + " hit",
                                      fmt::format("{}: {} from {}", hit.check, hit.detail,
                                                  hit.client_ip.empty() ? "?" : hit.client_ip)));
  }
  for (const logs::LogRequest& r : requests) {
    if (!r.time.filetime) continue;
    result.events.push_back(log_event(r.provenance, r.family, *r.time.filetime, "HTTP request",
                                      fmt::format("{} {}{}{} from {} status {} agent {}", r.method, r.url_path,
                                                  r.query.empty() ? "" : "?", r.query, r.client_ip, r.status,
                                                  r.user_agent)));
  }
  return result;
}

}  // namespace shellcarve
