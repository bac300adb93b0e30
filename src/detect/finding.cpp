#include "detect/finding.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/filetime.h"
#include "detect/patch_time_json.h"
#include "report/json_writer.h"
#include "timeline/writers.h"

namespace shellcarve {
namespace {

int severity_rank(const std::string& severity) {
  if (severity == "critical") return 4;
  if (severity == "high") return 3;
  if (severity == "medium") return 2;
  if (severity == "low") return 1;
  return 0;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace

void estimate_planted_at(Finding& finding, const ArrivalEvidence& evidence, const PatchTime& patch) {
  auto consider = [&](const std::optional<uint64_t>& time, const char* source) {
    if (!time || *time == 0) return;
    if (!finding.planted_at || *time < *finding.planted_at) {
      finding.planted_at = *time;
      finding.planted_at_source = source;
    }
  };
  consider(evidence.fn_creation, "$FN creation");
  consider(evidence.usn_create, "USN FILE_CREATE");
  if (!evidence.timestomped) consider(evidence.si_creation, "$SI creation");
  if (!finding.planted_at || !patch.filetime) finding.relative_to_patch = "unknown";
  else finding.relative_to_patch = *finding.planted_at > *patch.filetime ? "after" : "before";
}

void assign_severity(Finding& finding, const std::vector<std::string>& rule_severities) {
  int rank = finding.rules.empty() ? 2 : 3;
  for (const auto& severity : rule_severities) rank = std::max(rank, severity_rank(severity));
  if (finding.relative_to_patch == "after") rank = 4;
  static const char* kNames[] = {"low", "low", "medium", "high", "critical"};
  finding.severity = kNames[rank];
}

std::string write_findings_json(const std::vector<Finding>& findings, const PatchTime& patch) {
  JsonWriter json;
  json.begin_object();
  write_patch_json(json, patch);
  json.key("findings").begin_array();
  for (const Finding& f : findings) {
    json.begin_object();
    json.key("path").value(f.path);
    json.key("state").value(f.state);
    json.key("mft_entry").value(f.mft_entry);
    json.key("mft_sequence").value(static_cast<uint64_t>(f.mft_sequence));
    json.key("image_offset").value(f.image_offset);
    json.key("cluster");
    if (f.cluster) json.value(*f.cluster);
    else json.null();
    json.key("size").value(f.size);
    json.key("md5").value(f.md5);
    json.key("sha1").value(f.sha1);
    json.key("sha256").value(f.sha256);
    json.key("rules").begin_array();
    for (const auto& r : f.rules) json.value(r);
    json.end_array();
    json.key("heuristics").begin_array();
    for (const auto& h : f.heuristics) json.value(h);
    json.end_array();
    json.key("planted_at");
    if (f.planted_at) json.value(filetime_to_iso8601(*f.planted_at));
    else json.null();
    json.key("planted_at_filetime");
    if (f.planted_at) json.value(*f.planted_at);
    else json.null();
    json.key("planted_at_source").value(f.planted_at_source);
    json.key("relative_to_patch").value(f.relative_to_patch);
    json.key("timestomped").value(f.timestomped);
    json.key("timestomp_evidence").begin_array();
    for (const auto& e : f.timestomp_evidence) json.value(e);
    json.end_array();
    json.key("severity").value(f.severity);
    json.key("webroot").value(f.webroot);
    json.key("notes").begin_array();
    for (const auto& n : f.notes) json.value(n);
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.take();
}

std::string write_findings_csv(const std::vector<Finding>& findings) {
  std::string out =
      "path,state,mft_entry,mft_sequence,image_offset,size,md5,sha1,sha256,rules,heuristics,"
      "planted_at,planted_at_source,relative_to_patch,timestomped,timestomp_evidence,severity,"
      "webroot,cluster\r\n";
  for (const Finding& f : findings)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_cell(f.path),
                       f.state, f.mft_entry, f.mft_sequence, f.image_offset, f.size, f.md5, f.sha1,
                       f.sha256, csv_cell(joined(f.rules, ";")), csv_cell(joined(f.heuristics, ";")),
                       f.planted_at ? filetime_to_iso8601(*f.planted_at) : "", f.planted_at_source,
                       f.relative_to_patch, f.timestomped ? "true" : "false",
                       csv_cell(joined(f.timestomp_evidence, ";")), f.severity, csv_cell(f.webroot),
                       f.cluster ? std::to_string(*f.cluster) : "");
  return out;
}

}  // namespace shellcarve
