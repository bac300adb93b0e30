// log_scan.h: every log file read as a stream, twice at most. The first pass runs the checks
// (proxylogon_checks.h), counts coverage and keeps the requests the caller asks for (those
// to a webshell's URL); the second, only when a check named client addresses, keeps every
// IIS and HttpProxy request those addresses made ("followed through all logs"). Memory
// follows what is kept -- hits and requests, capped by Limits::max_log_requests -- never
// the size of the logs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "logs/line_reader.h"
#include "logs/log_coverage.h"
#include "logs/log_hit.h"

namespace shellcarve::logs {

// Gives a log file's content, in order, to the sink (feed / feed_zeros); a LineReader
// caller then calls finish(). An error after some bytes were given keeps what was read.
using ContentFeeder = std::function<Status(ContentSink& sink)>;

struct LogFileInput {
  LogFamily family = LogFamily::kIis;
  LogProvenance file;  // path, MFT entry and sequence, deleted
  ContentFeeder feed;
  // Not a file: EVTX chunks carved from free clusters (carve/record_carver.h), fed after a
  // 4 KiB zero stand-in for the file header they no longer have. Always read (which log
  // they came from is unknown), hits kept unless a log file or an earlier carved chunk gave
  // the same record (same check, record id and time), and their record times left out of the
  // coverage, which says what the log files cover.
  bool carved = false;
};

// A plain file outside an image (the `logs` command, tests, the benchmark).
ContentFeeder plain_file_feeder(const std::string& path);

// The family of a log file by its path (folder names as Exchange and IIS write them):
// .../HttpProxy/<protocol>/..., .../ECP/Server/..., .../OABGeneratorLog/..., W3SVC*/u_ex*;
// nullopt when the path names none.
std::optional<LogFamily> family_of_path(std::string_view path);

struct LogScanOptions {
  size_t max_line_bytes = 0;   // 0: Limits::max_log_line_bytes
  uint64_t max_requests = 0;   // 0: Limits::max_log_requests
  // Requests kept in the first pass (e.g. those to a webshell's URL).
  std::function<bool(const LogRequest&)> keep_request;
  bool follow_attackers = true;  // the second pass
  // Event logs are read only when a check uses them (event_logs.h), unless named by the
  // user (the `logs` command): then every .evtx given is read.
  bool every_event_log = false;
  // Log files found but not readable (deleted, clusters reused): listed and counted in the
  // coverage of their family.
  std::vector<LogFileSummary> unreadable_files;
};

struct LogScanResult {
  std::vector<LogHit> hits;          // sorted by time, then path and line
  std::vector<LogRequest> requests;  // sorted the same way
  std::vector<LogFileSummary> files; // in reading order
  std::vector<FamilyCoverage> coverage;
  std::set<std::string> attacker_ips;  // client addresses of the hits
  std::map<LogFamily, uint64_t> lines_by_family;  // lines read in the first pass
  uint64_t requests_not_kept = 0;    // past max_requests
  uint64_t event_logs_not_read = 0;  // .evtx files no check reads (event_logs.h)
  uint64_t carved_evtx_records = 0;  // records read from carved EVTX chunks
  uint64_t carved_evtx_hits_dropped = 0;  // their hits that were copies of hits already kept
  std::vector<std::string> warnings;

  uint64_t lines_read() const;
  // "1234 log lines read (IIS 1000, HTTPPROXY 200, ECP 30, OAB 4)".
  std::string summary() const;
};

LogScanResult scan_logs(const std::vector<LogFileInput>& files, const LogScanOptions& options = {});

}  // namespace shellcarve::logs
