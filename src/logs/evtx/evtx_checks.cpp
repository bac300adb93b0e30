#include "logs/evtx/evtx_checks.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace shellcarve::logs::evtx {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

bool contains_nocase(std::string_view text, std::string_view needle) {
  return lower(text).find(lower(needle)) != std::string::npos;
}

// "Set-OabVirtualDirectory", "Set-EcpVirtualDirectory", ...: Test-ProxyLogon's
// "Set-.+VirtualDirectory".
bool is_set_virtual_directory(std::string_view cmdlet) {
  const std::string c = lower(cmdlet);
  constexpr std::string_view kPrefix = "set-", kSuffix = "virtualdirectory";
  return c.size() > kPrefix.size() + kSuffix.size() && c.starts_with(kPrefix) && c.ends_with(kSuffix);
}

EvtxCheckHit make_hit(std::string_view check, const EvtxEvent& event, const LogProvenance& file) {
  EvtxCheckHit hit;
  hit.check = std::string(check);
  hit.time = event.time_created.value_or(event.written_time);
  hit.written_time = event.written_time;
  hit.record_id = event.record_id;
  hit.file_offset = event.file_offset;
  hit.in_chunk_slack = event.in_chunk_slack;
  hit.provider = event.provider;
  hit.event_id = event.event_id;
  hit.user = event.user_id;
  hit.rendered = event.xml;
  hit.provenance = file;
  hit.provenance.line_number = 0;
  hit.provenance.record_id = event.record_id;
  hit.provenance.file_offset = event.file_offset;
  return hit;
}

// MSExchange CmdletLogs events (IDs 1 and 6) give the cmdlet, its parameters and the caller
// as the first three unnamed Data values (Exchange's "Cmdlet Name", "Cmdlet Parameters",
// "Caller" columns; the corpus's MSExchange_Management_wec.evtx shows the order).
struct CmdletCall {
  std::string_view cmdlet, parameters, caller;
};
CmdletCall cmdlet_call(const EvtxEvent& event) {
  CmdletCall call;
  if (event.data.size() > 0) call.cmdlet = event.data[0].value;
  if (event.data.size() > 1) call.parameters = event.data[1].value;
  if (event.data.size() > 2) call.caller = event.data[2].value;
  return call;
}

}  // namespace

bool url_parameter_carries_code(std::string_view parameters) {
  const std::string text = lower(parameters);
  static constexpr std::array<std::string_view, 5> kCode = {"<script", "runat=", "<%", "eval(", "page_load"};
  // Each "-<Name>Url" parameter's value runs to the next " -<Name>" parameter or the end.
  for (size_t at = text.find('-'); at != std::string::npos; at = text.find('-', at + 1)) {
    if (at != 0 && !std::isspace(static_cast<unsigned char>(text[at - 1]))) continue;
    size_t end = at + 1;
    while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view name(text.data() + at + 1, end - at - 1);
    if (!name.ends_with("url")) continue;
    size_t next = end;
    while (true) {
      next = text.find(" -", next);
      if (next == std::string::npos || (next + 2 < text.size() && std::isalpha(static_cast<unsigned char>(text[next + 2]))))
        break;
      next += 2;
    }
    const std::string_view value(text.data() + end, (next == std::string::npos ? text.size() : next) - end);
    for (std::string_view code : kCode)
      if (value.find(code) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<EvtxCheckHit> check_evtx_event(const EvtxEvent& event, const LogProvenance& file) {
  std::vector<EvtxCheckHit> hits;
  if ((iequals(event.provider, "MSExchange Unified Messaging") ||
       iequals(event.event_source_name, "MSExchange Unified Messaging")) &&
      (event.level == 2 || event.event_id == 4)) {
    for (const EvtxDataValue& value : event.data) {
      if (contains_nocase(value.value, "System.InvalidCastException")) {
        EvtxCheckHit hit = make_hit(kCheckCve26857, event, file);
        hit.parameters = value.value;
        hits.push_back(std::move(hit));
        break;
      }
    }
  }
  if (iequals(event.provider, "MSExchange CmdletLogs")) {
    const CmdletCall call = cmdlet_call(event);
    std::string_view check;
    if (is_set_virtual_directory(call.cmdlet) && url_parameter_carries_code(call.parameters))
      check = kCheckCve27065;
    else if (iequals(call.cmdlet, "New-MailboxExportRequest"))
      check = kCheckMailboxExport;
    if (!check.empty()) {
      EvtxCheckHit hit = make_hit(check, event, file);
      hit.cmdlet = std::string(call.cmdlet);
      hit.parameters = std::string(call.parameters);
      if (!call.caller.empty()) hit.user = std::string(call.caller);
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

EvtxFileCheck check_evtx_records(std::span<const std::byte> file, const LogProvenance& provenance,
                                 const Limits& limits) {
  EvtxFileCheck result;
  result.coverage = read_evtx(file, limits, [&](EvtxEvent&& event) {
    for (EvtxCheckHit& hit : check_evtx_event(event, provenance)) result.hits.push_back(std::move(hit));
  });
  return result;
}

}  // namespace shellcarve::logs::evtx
