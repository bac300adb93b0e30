// event_logs.h: the Windows event logs among a volume's logs, read for the checks that
// Test-ProxyLogon.ps1 runs on them (logs/evtx/evtx_checks.h: CVE-2021-26857 in Application,
// CVE-2021-27065 and New-MailboxExportRequest in MSExchange Management). An .evtx file is
// gathered whole (EVTX records name their templates by offsets anywhere in their 64 KiB
// chunk), up to Limits::max_evtx_file_bytes, then parsed; its hits become LogHits of family
// EVTX with the record's id, file offset and image offset, and its records' times feed the
// EVTX coverage. Only the logs the checks read are opened (Application, MSExchange
// Management, and ForwardedEvents where a collector gathered them); the others are counted.
#pragma once

#include <string_view>
#include <vector>

#include "logs/log_coverage.h"
#include "logs/log_hit.h"
#include "logs/log_scan.h"

namespace shellcarve::logs {

// True for the event logs the checks read, by file name (case-insensitive).
bool event_log_is_checked(std::string_view path);

struct EventLogRead {
  LogFileSummary summary;     // lines/rows = records read, malformed = records skipped
  std::vector<LogHit> hits;
  std::vector<uint64_t> record_times;  // FILETIME of each record, for the coverage days
  std::vector<std::string> warnings;   // named, with the file offset
};

EventLogRead read_event_log(const LogFileInput& input);

}  // namespace shellcarve::logs
