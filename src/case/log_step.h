// log_step.h: the scan's log step (issue 14). While each volume is analysed, its log files
// and the post-exploitation files are found (gather_log_sources); once every volume's
// findings are known, the logs are read in one streaming pass (logs/log_scan.h), the
// Test-ProxyLogon checks answered, each webshell finding given the requests for its URL and
// its dropper, and the hits and kept requests turned into timeline rows (source IIS,
// HTTPPROXY, ECP, OAB) carrying the log's path, MFT entry and the line's image offset.
#pragma once

#include <string>
#include <vector>

#include "case/volume_analysis.h"
#include "detect/finding.h"
#include "logs/proxylogon_output.h"
#include "logs/volume_logs.h"
#include "logs/webshell_requests.h"
#include "timeline/event.h"

namespace shellcarve {

struct LogSources {
  std::vector<logs::LogFileInput> inputs;  // their feeders read through the opened volumes
  std::vector<logs::LogFileSummary> unreadable;
  std::vector<logs::SuspiciousFile> suspicious;
  std::vector<VirtualDirectory> directories;  // from applicationHost.config
  std::vector<std::string> warnings;
  bool volumes_examined = false;
};

// Adds one analysed volume's logs and suspicious files (its catalog and tree still held).
void gather_log_sources(const VolumeAnalysis& analysis, LogSources& sources);

struct LogStepResult {
  logs::ProxyLogonReport report;
  std::vector<TimelineEvent> events;  // unsorted
};

// Reads the logs; fills `requests` and `dropped_by` of the findings the logs name.
LogStepResult run_log_step(LogSources&& sources, std::vector<Finding>& findings);

}  // namespace shellcarve
