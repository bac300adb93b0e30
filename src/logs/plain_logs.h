// plain_logs.h: the checks over log files outside an image (`shellcarve logs FILE|DIR...`):
// for trying them on collected logs and for the benchmark. Folders are walked; each file's
// family comes from its path (log_scan.h family_of_path) unless one is forced; files are
// read in path order so the outputs are the same on every run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "logs/proxylogon_output.h"

namespace shellcarve::logs {

// "iis", "httpproxy", "ecp", "oab" (case-insensitive), else nullopt.
std::optional<LogFamily> parse_log_family(std::string_view name);

Result<ProxyLogonReport> check_plain_logs(const std::vector<std::string>& paths,
                                          std::optional<LogFamily> family = std::nullopt);

}  // namespace shellcarve::logs
