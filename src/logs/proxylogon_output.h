// proxylogon_output.h: proxylogon.json and proxylogon.csv, the answers of the checks.
// proxylogon.json: per check its answer ("hits", "no hits", or "not answered" when the logs
// it reads are absent) beside the coverage of those logs; every hit (time as ISO 8601 UTC
// with 100 ns and as FILETIME, the raw time text, client, agent, the line escaped, its
// provenance); the suspicious files; the attacker addresses and every request they made;
// the log files read. proxylogon.csv: one row per hit and per suspicious file, the same
// columns for both. Byte-identical for the same input: no run time is written.
#pragma once

#include <string>
#include <vector>

#include "logs/log_scan.h"
#include "logs/suspicious_file.h"

namespace shellcarve::logs {

struct ProxyLogonReport {
  LogScanResult scan;
  std::vector<SuspiciousFile> suspicious;
  bool files_checked = false;  // the suspicious-file check ran (an image, not plain logs)
};

std::string write_proxylogon_json(const ProxyLogonReport& report);
std::string write_proxylogon_csv(const ProxyLogonReport& report);

// One line per check for a terminal: "CVE-2021-26855: 2 hits (HTTPPROXY)".
std::vector<std::string> describe_checks(const ProxyLogonReport& report);

}  // namespace shellcarve::logs
