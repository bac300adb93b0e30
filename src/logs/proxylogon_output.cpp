#include "logs/proxylogon_output.h"

#include <fmt/format.h>

#include <array>

#include "common/csv_cell.h"
#include "common/filetime.h"
#include "common/json_writer.h"
#include "logs/evtx/evtx_checks.h"
#include "logs/log_json.h"
#include "logs/proxylogon_checks.h"

namespace shellcarve::logs {
namespace {

struct CheckSpec {
  std::string_view check;
  LogFamily family;
  std::string_view source;  // where Test-ProxyLogon.ps1 looks, and for what
};

constexpr std::array<CheckSpec, 5> kLogChecks{{
    {kCve26855, LogFamily::kHttpProxy,
     "Get-Cve26855: HttpProxy logs, AuthenticatedUser empty and AnchorMailbox like 'ServerInfo~*/*'"},
    {kCve26857, LogFamily::kEvtx,
     "Get-Cve26857: Application event log, MSExchange Unified Messaging errors with System.InvalidCastException"},
    {kCve26858, LogFamily::kOabGenerator, "Get-Cve26858: OABGeneratorLog, 'Download failed and temporary file'"},
    {kCve27065, LogFamily::kEcp, "Get-Cve27065: ECP server logs, 'Set-.+VirtualDirectory'"},
    {evtx::kCheckMailboxExport, LogFamily::kEvtx,
     "MSExchange Management event log, New-MailboxExportRequest (mailbox theft named by the March 2021 advisories)"},
}};

const FamilyCoverage* coverage_of(const LogScanResult& scan, LogFamily family) {
  for (const FamilyCoverage& coverage : scan.coverage)
    if (coverage.family == family) return &coverage;
  return nullptr;
}

size_t hits_of(const LogScanResult& scan, std::string_view check) {
  size_t count = 0;
  for (const LogHit& hit : scan.hits) count += hit.check == check;
  return count;
}

// "hits", "no hits", or "not answered: ..." -- and what limits a "no hits".
std::pair<std::string, std::string> answer_of(const LogScanResult& scan, const CheckSpec& spec) {
  const size_t hits = hits_of(scan, spec.check);
  const FamilyCoverage* coverage = coverage_of(scan, spec.family);
  std::string note;
  if (coverage != nullptr) {
    for (const DayRange& gap : coverage->gaps)
      note += fmt::format("{}no {} rows {}{}", note.empty() ? "" : "; ", log_family_name(spec.family),
                          day_text(gap.first_day),
                          gap.last_day == gap.first_day ? "" : " to " + day_text(gap.last_day));
    if (!coverage->deleted_files.empty())
      note += fmt::format("{}{} deleted log file(s) read", note.empty() ? "" : "; ", coverage->deleted_files.size());
    if (!coverage->unreadable_files.empty())
      note += fmt::format("{}{} log file(s) unreadable", note.empty() ? "" : "; ", coverage->unreadable_files.size());
  }
  if (hits > 0) return {"hits", note};
  if (coverage == nullptr || coverage->files == 0)
    return {fmt::format("not answered: no {} logs found", log_family_name(spec.family)), note};
  if (coverage->rows == 0) return {fmt::format("not answered: no {} rows could be read", log_family_name(spec.family)), note};
  return {"no hits", note.empty() ? "" : "only in the logs present: " + note};
}

void write_day(JsonWriter& json, std::string_view key, const std::optional<int64_t>& day) {
  json.key(key);
  if (day) json.value(day_text(*day));
  else json.null();
}

}  // namespace

std::string_view suspicious_kind_name(SuspiciousKind kind) {
  switch (kind) {
    case SuspiciousKind::kLsassDump: return "LsassDump";
    case SuspiciousKind::kSuspiciousArchive: return "SuspiciousArchive";
    case SuspiciousKind::kMailboxExport: return "MailboxExport";
  }
  return "Unknown";
}

std::vector<std::string> describe_checks(const ProxyLogonReport& report) {
  std::vector<std::string> lines;
  for (const CheckSpec& spec : kLogChecks) {
    const auto [answer, note] = answer_of(report.scan, spec);
    const size_t hits = hits_of(report.scan, spec.check);
    lines.push_back(fmt::format("{}: {}{}{}", spec.check, hits ? fmt::format("{} hit(s)", hits) : answer,
                                note.empty() ? "" : " (", note.empty() ? "" : note + ")"));
  }
  if (report.files_checked) lines.push_back(fmt::format("SuspiciousFiles: {}", report.suspicious.size()));
  for (const FamilyCoverage& c : report.scan.coverage)
    lines.push_back(fmt::format("coverage {}: {} file(s), {} to {}, {} gap(s), {} deleted", log_family_name(c.family),
                                c.files, c.first_day ? day_text(*c.first_day) : "-",
                                c.last_day ? day_text(*c.last_day) : "-", c.gaps.size(), c.deleted_files.size()));
  return lines;
}

std::string write_proxylogon_json(const ProxyLogonReport& report) {
  const LogScanResult& scan = report.scan;
  JsonWriter json;
  json.begin_object();
  json.key("checks").begin_array();
  for (const CheckSpec& spec : kLogChecks) {
    const auto [answer, note] = answer_of(scan, spec);
    json.begin_object();
    json.key("check").value(spec.check);
    json.key("answer").value(answer);
    json.key("hits").value(static_cast<uint64_t>(hits_of(scan, spec.check)));
    json.key("logs").value(log_family_name(spec.family));
    json.key("coverage_note").value(note);
    json.key("source").value(spec.source);
    json.end_object();
  }
  json.begin_object();
  json.key("check").value("SuspiciousFiles");
  json.key("answer").value(!report.files_checked ? "not answered: no volume examined"
                                                 : report.suspicious.empty() ? "no hits" : "hits");
  json.key("hits").value(static_cast<uint64_t>(report.suspicious.size()));
  json.key("logs").null();
  json.key("coverage_note").value("");
  json.key("source").value(
      "Get-SuspiciousFile: lsass*dmp dumps, .7z/.zip/.rar in ProgramData; here also by content (MDMP, archive "
      "signatures) in ProgramData and the web roots, and .pst in web-reachable folders, allocated and deleted");
  json.end_object();
  json.end_array();

  json.key("hits").begin_array();
  for (const LogHit& hit : scan.hits) write_log_hit(json, hit);
  json.end_array();

  json.key("suspicious_files").begin_array();
  for (const SuspiciousFile& file : report.suspicious) {
    json.begin_object();
    json.key("type").value(suspicious_kind_name(file.kind));
    json.key("path").value(file.path);
    json.key("mft_entry").value(file.mft_entry);
    json.key("mft_sequence").value(static_cast<uint64_t>(file.mft_sequence));
    json.key("deleted").value(file.deleted);
    json.key("size").value(file.size);
    json.key("evidence").value(file.evidence);
    json.key("content").value(file.content);
    write_time_pair(json, "created", file.created);
    write_time_pair(json, "modified", file.modified);
    json.end_object();
  }
  json.end_array();

  json.key("coverage").begin_array();
  for (const FamilyCoverage& c : scan.coverage) {
    json.begin_object();
    json.key("source").value(log_family_name(c.family));
    json.key("files").value(c.files);
    json.key("rows").value(c.rows);
    write_day(json, "first_day", c.first_day);
    write_day(json, "last_day", c.last_day);
    json.key("gaps").begin_array();
    for (const DayRange& gap : c.gaps) {
      json.begin_object();
      json.key("from").value(day_text(gap.first_day));
      json.key("to").value(day_text(gap.last_day));
      json.key("days").value(gap.last_day - gap.first_day + 1);
      json.end_object();
    }
    json.end_array();
    json.key("deleted_files").begin_array();
    for (const auto& path : c.deleted_files) json.value(path);
    json.end_array();
    json.key("unreadable_files").begin_array();
    for (const auto& path : c.unreadable_files) json.value(path);
    json.end_array();
    json.end_object();
  }
  json.end_array();

  json.key("attacker_ips").begin_array();
  for (const auto& ip : scan.attacker_ips) json.value(ip);
  json.end_array();
  json.key("attacker_requests").begin_array();
  for (const LogRequest& request : scan.requests)
    if (scan.attacker_ips.contains(request.client_ip)) write_log_request(json, request);
  json.end_array();

  json.key("log_files").begin_array();
  for (const LogFileSummary& f : scan.files) {
    json.begin_object();
    json.key("source").value(log_family_name(f.family));
    json.key("path").value(f.file.path);
    json.key("mft_entry").value(f.file.mft_entry);
    json.key("mft_sequence").value(static_cast<uint64_t>(f.file.mft_sequence));
    json.key("deleted").value(f.file.deleted);
    json.key("bytes").value(f.bytes);
    json.key("lines").value(f.lines);
    json.key("rows").value(f.rows);
    json.key("malformed_rows").value(f.malformed);
    json.key("long_lines").value(f.long_lines);
    json.key("binary_lines").value(f.binary_lines);
    json.key("fields_changes").value(f.field_changes);
    json.key("utf16").value(f.utf16);
    write_time_pair(json, "first_row", f.first_time);
    write_time_pair(json, "last_row", f.last_time);
    json.key("error").value(f.error);
    json.end_object();
  }
  json.end_array();
  json.key("lines_read").value(scan.lines_read());
  json.key("warnings").begin_array();
  for (const auto& warning : scan.warnings) json.value(warning);
  json.end_array();
  json.end_object();
  std::string out = json.take();
  out += '\n';
  return out;
}

std::string write_proxylogon_csv(const ProxyLogonReport& report) {
  std::string out =
      "check,time,time_filetime,time_raw,source,client_ip,user_agent,detail,line,path,mft_entry,mft_sequence,"
      "deleted,line_number,record_id,file_offset,image_offset\n";
  for (const LogHit& hit : report.scan.hits) {
    const LogProvenance& p = hit.provenance;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(hit.check),
                       hit.time.filetime ? filetime_to_iso8601(*hit.time.filetime) : "",
                       hit.time.filetime ? std::to_string(*hit.time.filetime) : "", csv_cell(hit.time.raw),
                       log_family_name(hit.family), csv_cell(hit.client_ip), csv_cell(hit.user_agent),
                       csv_cell(hit.detail), csv_cell(hit.line), csv_cell(p.path), p.mft_entry, p.mft_sequence,
                       p.deleted ? "true" : "false", p.line_number, p.record_id, p.file_offset,
                       p.image_offset ? std::to_string(*p.image_offset) : "");
  }
  for (const SuspiciousFile& file : report.suspicious) {
    out += fmt::format("{},{},{},,FILE,,,{},,{},{},{},{},0,0,0,\n", suspicious_kind_name(file.kind),
                       file.created ? filetime_to_iso8601(*file.created) : "",
                       file.created ? std::to_string(*file.created) : "",
                       csv_cell(file.evidence + "; content " + file.content), csv_cell(file.path), file.mft_entry,
                       file.mft_sequence, file.deleted ? "true" : "false");
  }
  return out;
}

}  // namespace shellcarve::logs
