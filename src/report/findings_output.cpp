#include "report/findings_output.h"

#include <fmt/format.h>

#include "common/csv_cell.h"
#include "common/filetime.h"
#include "common/json_writer.h"
#include "logs/log_json.h"
#include "report/patch_time_json.h"
#include "report/verdict_names.h"

namespace shellcarve {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string iso_or_empty(const std::optional<uint64_t>& filetime) {
  return filetime ? filetime_to_iso8601(*filetime) : std::string();
}

void write_strings(JsonWriter& json, const char* key, const std::vector<std::string>& items) {
  json.key(key).begin_array();
  for (const auto& item : items) json.value(item);
  json.end_array();
}

void write_planted(JsonWriter& json, const Finding& f) {
  write_time_pair(json, "planted_at", f.planted_at);
  json.key("planted_at_source").value(f.planted_at_source);
  json.key("planted_between").begin_array();
  for (const auto& bound : {f.planted_at, f.planted_latest}) {
    if (bound) json.value(filetime_to_iso8601(*bound));
    else json.null();
  }
  json.end_array();
  json.key("planted_latest_source").value(f.planted_latest_source);
  write_time_pair(json, "last_written_at", f.last_written_at);
  json.key("last_written_source").value(f.last_written_source);
  json.key("planted_evidence").begin_array();
  for (const TimeFact& fact : f.planted_evidence) {
    json.begin_object();
    json.key("role").value(fact.role);
    json.key("time").value(filetime_to_iso8601(fact.filetime));
    json.key("filetime").value(fact.filetime);
    json.key("fact").value(fact.fact);
    json.key("source").value(fact.source);
    json.end_object();
  }
  json.end_array();
  json.key("relative_to_patch").value(patch_relation_name(f.relative_to_patch));
  json.key("relative_to_patch_reason").value(f.relative_to_patch_reason);
  json.key("written_after_patch").value(f.written_after_patch);
  json.key("written_after_patch_reason").value(f.written_after_patch_reason);
  json.key("timestomped").value(f.timestomped);
  json.key("timestomp_verdict").value(timestomp_verdict_name(f.timestomp));
  json.key("timestomp_reason").value(f.timestomp_reason);
  write_strings(json, "timestomp_evidence", f.timestomp_evidence);
  write_strings(json, "timestomp_set_aside", f.timestomp_set_aside);
}

}  // namespace

std::string write_findings_json(const std::vector<Finding>& findings, const PatchTime& patch,
                                const std::optional<ImageCheck>& image,
                                const std::vector<std::string>& volume_notes,
                                const std::function<void(JsonWriter&)>& more_sections) {
  JsonWriter json;
  json.begin_object();
  if (image) {
    json.key("image_verified");
    if (image->verified) json.value(*image->verified);
    else json.null();
    json.key("image_verification").value(image->verification);
  }
  write_patch_json(json, patch);
  write_strings(json, "volume_notes", volume_notes);
  if (more_sections) more_sections(json);
  json.key("findings").begin_array();
  for (const Finding& f : findings) {
    json.begin_object();
    json.key("path").value(f.path);
    json.key("state").value(finding_state_name(f.state));
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
    write_strings(json, "rules", f.rules);
    write_strings(json, "heuristics", f.heuristics);
    write_planted(json, f);
    json.key("severity").value(severity_name(f.severity));
    write_strings(json, "severity_reasons", f.severity_reasons);
    json.key("webroot").value(f.webroot);
    json.key("partition").value(f.partition);
    // Where it was read: "live", or the VSS store's number and snapshot time.
    if (f.store == 0) json.key("store").value("live");
    else json.key("store").value(static_cast<uint64_t>(f.store));
    json.key("store_time");
    if (f.store == 0) json.null();
    else json.value(filetime_to_iso8601(f.store_time));
    json.key("integrity").value(f.integrity);
    write_strings(json, "notes", f.notes);
    // Only when the logs were read and named the file: other outputs keep their shape.
    if (f.requests) logs::write_shell_requests(json, "requests", *f.requests);
    if (f.dropped_by) logs::write_dropper(json, "dropped_by", *f.dropped_by);
    write_strings(json, "deobfuscated", f.deobfuscated);
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
      "webroot,cluster,planted_latest,last_written_at,written_after_patch,timestomp_verdict,"
      "relative_to_patch_reason,partition,severity_reasons,deobfuscated,store,store_time\r\n";
  for (const Finding& f : findings)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_cell(f.path),
                       finding_state_name(f.state), f.mft_entry, f.mft_sequence, f.image_offset, f.size, f.md5, f.sha1,
                       f.sha256, csv_cell(joined(f.rules, ";")), csv_cell(joined(f.heuristics, ";")),
                       iso_or_empty(f.planted_at), csv_cell(f.planted_at_source),
                       patch_relation_name(f.relative_to_patch), f.timestomped ? "true" : "false",
                       csv_cell(joined(f.timestomp_evidence, ";")), severity_name(f.severity), csv_cell(f.webroot),
                       f.cluster ? std::to_string(*f.cluster) : "", iso_or_empty(f.planted_latest),
                       iso_or_empty(f.last_written_at), f.written_after_patch ? "true" : "false",
                       timestomp_verdict_name(f.timestomp), csv_cell(f.relative_to_patch_reason), f.partition,
                       csv_cell(joined(f.severity_reasons, ";")), csv_cell(joined(f.deobfuscated, ";")),
                       f.store == 0 ? std::string("live") : std::to_string(f.store),
                       f.store == 0 ? std::string() : filetime_to_iso8601(f.store_time));
  return out;
}

}  // namespace shellcarve
