// proxylogon_checks.h: the log checks of Microsoft's Test-ProxyLogon.ps1 (CSS-Exchange,
// Security/src), under the same names, applied to one row at a time so they stream:
//   CVE-2021-26855  HttpProxy rows (any protocol folder) with an empty AuthenticatedUser and
//                   an AnchorMailbox like `ServerInfo~*/*` (the SSRF's forged backend cookie).
//   CVE-2021-26858  OABGenerator log lines holding "Download failed and temporary file"
//                   (the arbitrary file write leaves "... needs to be removed").
//   CVE-2021-27065  ECP server log lines matching `Set-.+VirtualDirectory` (the cmdlet that
//                   wrote a script into a virtual directory's URL, later dumped as a shell),
//                   "Set-" starting a word (not the Reset- that follows it).
// CVE-2021-26857 lives in the Application event log (evtx/, family kEvtx).
#pragma once

#include <optional>
#include <string_view>

#include "logs/log_hit.h"
#include "logs/log_row.h"

namespace shellcarve::logs {

inline constexpr std::string_view kCve26855 = "CVE-2021-26855";
inline constexpr std::string_view kCve26857 = "CVE-2021-26857";
inline constexpr std::string_view kCve26858 = "CVE-2021-26858";
inline constexpr std::string_view kCve27065 = "CVE-2021-27065";

// The hit this row is, if any: check, time, client, agent, detail and line filled; the
// caller adds the provenance.
std::optional<LogHit> check_row(const LogRow& row);

// PowerShell's `-like 'ServerInfo~*/*'` (case-insensitive).
bool is_server_info_anchor(std::string_view anchor_mailbox);

// The first `Set-<noun>VirtualDirectory` cmdlet in `text` (case-insensitive), or "".
std::string_view find_set_virtual_directory(std::string_view text);

}  // namespace shellcarve::logs
