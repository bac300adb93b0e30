// log_hit.h: what the log checks keep -- a hit of one of Test-ProxyLogon's checks, and a
// request (an IIS or HttpProxy row) kept for the correlation with webshells and for
// following attacker addresses. Both carry the row's provenance; an event log record fits
// the same shapes (family kEvtx, provenance.record_id, `line` its rendered event).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "logs/log_source.h"

namespace shellcarve::logs {

// The time of a row: FILETIME (UTC) when it parses, and the text as the log wrote it.
struct RowTime {
  std::optional<uint64_t> filetime;
  std::string raw;
};

struct LogHit {
  std::string check;   // "CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"
  LogFamily family = LogFamily::kIis;
  RowTime time;
  std::string client_ip;
  std::string user_agent;
  std::string detail;  // what matched (the AnchorMailbox, the cmdlet ...)
  std::string line;    // the log line as read (escaped by the writers)
  LogProvenance provenance;
};

// One HTTP request as IIS or HttpProxy logged it.
struct LogRequest {
  LogFamily family = LogFamily::kIis;
  RowTime time;
  std::string method;
  std::string url_path;  // as logged (cs-uri-stem / UrlStem)
  std::string query;
  std::string status;
  std::string client_ip;
  std::string user_agent;
  std::string line;
  LogProvenance provenance;
};

}  // namespace shellcarve::logs
