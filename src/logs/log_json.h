// log_json.h: log rows in JSON, the same shape in proxylogon.json and findings.json: a
// request (source, time pair and raw text, method, URL, status, client, agent, the line)
// with its provenance (log path, MFT entry and sequence, deleted, line number, evtx record
// id, byte offsets in the file and the image).
#pragma once

#include <string_view>

#include "common/json_writer.h"
#include "logs/log_hit.h"
#include "logs/webshell_requests.h"

namespace shellcarve::logs {

void write_provenance(JsonWriter& json, const LogProvenance& provenance);
void write_log_request(JsonWriter& json, const LogRequest& request);
void write_log_hit(JsonWriter& json, const LogHit& hit);
// {"count", "first", "last", "client_ips", "user_agents", "statuses", "url_paths"} under `key`.
void write_shell_requests(JsonWriter& json, std::string_view key, const ShellRequests& requests);
// {"request", "gap_seconds", "gap_100ns", "evidence"} under `key`.
void write_dropper(JsonWriter& json, std::string_view key, const Dropper& dropper);

}  // namespace shellcarve::logs
