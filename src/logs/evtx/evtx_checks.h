// evtx_checks.h: the event-log checks of Microsoft's Test-ProxyLogon.ps1 (CSS-Exchange,
// Security/src/Test-ProxyLogon.ps1) and of the March 2021 advisories, run offline on the
// records of an .evtx file read from the image:
//   CVE-2021-26857        Application log, provider "MSExchange Unified Messaging", an error
//                         (Level 2 / EventID 4 crash entry) whose text holds
//                         System.InvalidCastException (Get-Cve26857).
//   CVE-2021-27065        MSExchange Management log (provider "MSExchange CmdletLogs"): a
//                         Set-*VirtualDirectory cmdlet with a *Url parameter carrying script or
//                         code, as the OAB/ECP webshell drops did (Get-Cve27065 looks for the
//                         same cmdlets in the ECP server logs).
//   MailboxExportRequest  New-MailboxExportRequest (mailbox theft to a .pst, often written into
//                         a web-reachable folder), listed by the advisories.
// The lead wires the hits into proxylogon.json/csv and the timeline; nothing here writes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.h"
#include "logs/evtx/evtx_event.h"
#include "logs/evtx/evtx_file.h"
#include "logs/log_source.h"

namespace shellcarve::logs::evtx {

inline constexpr std::string_view kCheckCve26857 = "CVE-2021-26857";
inline constexpr std::string_view kCheckCve27065 = "CVE-2021-27065";
inline constexpr std::string_view kCheckMailboxExport = "MailboxExportRequest";

struct EvtxCheckHit {
  std::string check;         // one of the kCheck* names
  uint64_t time = 0;         // FILETIME: System/TimeCreated, else the record's written time
  uint64_t written_time = 0; // the record header's FILETIME
  uint64_t record_id = 0;
  uint64_t file_offset = 0;  // the record's first byte in the .evtx file
  std::string provider;
  uint32_t event_id = 0;
  std::string user;          // the cmdlet's caller, else System/Security@UserID
  std::string cmdlet;        // CmdletLogs: the cmdlet; empty for 26857
  std::string parameters;    // CmdletLogs: its parameters; 26857: the exception text
  std::string rendered;      // the whole record as escaped one-line XML
  bool in_chunk_slack = false;  // recovered past its chunk's free-space offset
  // The file's provenance with record_id and file_offset filled in; image_offset is copied
  // as given (the caller, who knows the file's clusters, maps file_offset into the image).
  LogProvenance provenance;
};

// The checks on one record. `file` is the provenance of the .evtx file (path, MFT entry);
// the hit's copy gets the record's id and offset.
std::vector<EvtxCheckHit> check_evtx_event(const EvtxEvent& event, const LogProvenance& file);

// Reads a whole .evtx file and runs the checks on every record. `coverage` says what the
// log covers (record count, first and last written time) and what was skipped, with the
// warnings of evtx_file.h.
struct EvtxFileCheck {
  std::vector<EvtxCheckHit> hits;  // in file order
  EvtxFileCoverage coverage;
};
EvtxFileCheck check_evtx_records(std::span<const std::byte> file, const LogProvenance& provenance,
                                 const Limits& limits = default_limits());

// True when a Set-*VirtualDirectory parameter list gives a *Url parameter script or code
// ("<script", "runat=", "<%", "eval(", "Page_Load"), compared without case.
bool url_parameter_carries_code(std::string_view parameters);

}  // namespace shellcarve::logs::evtx
