#include "logs/log_json.h"

#include <fmt/format.h>

namespace shellcarve::logs {
namespace {

void write_set(JsonWriter& json, std::string_view key, const std::set<std::string>& items) {
  json.key(key).begin_array();
  for (const auto& item : items) json.value(item);
  json.end_array();
}

}  // namespace

void write_provenance(JsonWriter& json, const LogProvenance& p) {
  json.key("provenance").begin_object();
  json.key("path").value(p.path);
  json.key("mft_entry").value(p.mft_entry);
  json.key("mft_sequence").value(static_cast<uint64_t>(p.mft_sequence));
  json.key("deleted").value(p.deleted);
  json.key("line_number").value(p.line_number);
  json.key("record_id").value(p.record_id);
  json.key("file_offset").value(p.file_offset);
  json.key("image_offset");
  if (p.image_offset) json.value(*p.image_offset);
  else json.null();
  json.end_object();
}

namespace {

// The fields a hit and a request share, in the order both outputs write them.
void write_row_head(JsonWriter& json, LogFamily family, const RowTime& time) {
  json.key("source").value(log_family_name(family));
  write_time_pair(json, "time", time.filetime);
  json.key("time_raw").value(time.raw);
}

}  // namespace

void write_log_hit(JsonWriter& json, const LogHit& hit) {
  json.begin_object();
  json.key("check").value(hit.check);
  write_row_head(json, hit.family, hit.time);
  json.key("client_ip").value(hit.client_ip);
  json.key("user_agent").value(hit.user_agent);
  json.key("detail").value(hit.detail);
  json.key("line").value(hit.line);
  write_provenance(json, hit.provenance);
  json.end_object();
}

void write_log_request(JsonWriter& json, const LogRequest& r) {
  json.begin_object();
  write_row_head(json, r.family, r.time);
  json.key("method").value(r.method);
  json.key("url_path").value(r.url_path);
  json.key("query").value(r.query);
  json.key("status").value(r.status);
  json.key("client_ip").value(r.client_ip);
  json.key("user_agent").value(r.user_agent);
  json.key("line").value(r.line);
  write_provenance(json, r.provenance);
  json.end_object();
}

void write_shell_requests(JsonWriter& json, std::string_view key, const ShellRequests& requests) {
  json.key(key).begin_object();
  json.key("count").value(requests.count);
  json.key("first");
  write_log_request(json, requests.first);
  json.key("last");
  write_log_request(json, requests.last);
  write_set(json, "client_ips", requests.client_ips);
  write_set(json, "user_agents", requests.user_agents);
  write_set(json, "statuses", requests.statuses);
  write_set(json, "url_paths", requests.url_paths);
  json.end_object();
}

void write_dropper(JsonWriter& json, std::string_view key, const Dropper& dropper) {
  json.key(key).begin_object();
  json.key("request");
  write_log_request(json, dropper.request);
  // Seconds with the 100 ns digits, as text: a JSON number would invite float rounding.
  const int64_t magnitude = dropper.gap < 0 ? -dropper.gap : dropper.gap;
  json.key("gap_seconds").value(fmt::format("{}{}.{:07}", dropper.gap < 0 ? "-" : "", magnitude / 10000000,
                                            magnitude % 10000000));
  json.key("gap_100ns").value(dropper.gap);
  json.key("evidence").value(dropper.evidence);
  json.end_object();
}

}  // namespace shellcarve::logs
