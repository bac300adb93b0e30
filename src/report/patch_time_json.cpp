#include "report/patch_time_json.h"

#include "common/filetime.h"

namespace shellcarve {

void write_patch_json(JsonWriter& json, const PatchTime& patch) {
  write_time_pair(json, "patched_at", patch.filetime);
  json.key("patched_at_source").value(patch.source);
  json.key("patched_at_evidence").begin_array();
  for (const auto& line : patch.evidence) json.value(line);
  json.end_array();
  json.key("patched_at_family").value(patch.family);
  json.key("installed_builds").begin_array();
  for (const auto& installed : patch.installed_builds) {
    const auto& build = installed.build;
    json.begin_object();
    json.key("build").value(detect::to_string(build.number));
    json.key("name").value(build.name);
    json.key("kind").value(detect::to_string(build.kind));
    json.key("kb").value(build.kb);
    json.key("released").value(build.released);
    json.key("fixes").begin_array();
    for (const auto& family : build.fixes) json.value(family);
    json.end_array();
    write_time_pair(json, "first_seen", installed.first_seen);
    json.key("first_seen_source").value(installed.first_seen_source);
    json.key("binaries_created_within_an_hour").value(static_cast<uint64_t>(installed.burst));
    json.key("evidence").begin_array();
    for (const auto& e : installed.evidence) {
      json.begin_object();
      json.key("source").value(e.source);
      json.key("path").value(e.path);
      json.key("mft_entry").value(e.mft_entry);
      write_time_pair(json, "time", e.time);
      json.key("detail").value(e.detail);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.key("open_families").begin_array();
  for (const auto& family : patch.open_families) json.value(family);
  json.end_array();
  json.key("build_anomalies").begin_array();
  for (const auto& anomaly : patch.anomalies) {
    json.begin_object();
    json.key("path").value(anomaly.path);
    json.key("mft_entry").value(anomaly.mft_entry);
    write_time_pair(json, "fn_creation", anomaly.fn_creation);
    json.key("reason").value(anomaly.reason);
    json.end_object();
  }
  json.end_array();
}

}  // namespace shellcarve
