#include "logs/log_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <tuple>

#include "common/limits.h"
#include "common/text.h"
#include "logs/event_logs.h"
#include "logs/exchange_csv_reader.h"
#include "logs/proxylogon_checks.h"
#include "logs/row_fields.h"
#include "logs/w3c_reader.h"

namespace shellcarve::logs {
namespace {

// One file through the line reader and the family's row reader; `on_row` sees every row.
LogFileSummary read_file(const LogFileInput& input, size_t max_line_bytes,
                         const std::function<void(const LogRow&, const LogLine&)>& on_row) {
  LogFileSummary summary;
  summary.family = input.family;
  summary.file = input.file;
  const auto row_sink = [&](const LogRow& row) {
    const RowTime time = row_time(row);
    if (time.filetime) {
      if (!summary.first_time || *time.filetime < *summary.first_time) summary.first_time = time.filetime;
      if (!summary.last_time || *time.filetime > *summary.last_time) summary.last_time = time.filetime;
    }
    on_row(row, *row.line);
  };
  const bool is_w3c = input.family == LogFamily::kIis;
  RowReader reader(input.family, is_w3c ? ' ' : ',', is_w3c ? split_w3c_line : split_csv_line, row_sink);
  LineReader lines([&](const LogLine& line) { reader.on_line(line); }, max_line_bytes);
  if (auto status = input.feed(lines); !status) summary.error = status.error().message;
  lines.finish();
  const RowStats& rows = reader.stats();
  const LineStats& stats = lines.stats();
  summary.bytes = stats.bytes;
  summary.lines = stats.lines + stats.binary_lines;
  summary.rows = rows.rows;
  summary.malformed = rows.malformed + rows.rows_without_fields;
  summary.long_lines = stats.long_lines;
  summary.binary_lines = stats.binary_lines;
  summary.field_changes = rows.field_changes;
  summary.utf16 = stats.utf16;
  return summary;
}

void warn_about(const LogFileSummary& file, std::vector<std::string>& warnings) {
  const std::string where = fmt::format("{} log {}", log_family_name(file.family), file.file.path);
  if (!file.error.empty()) warnings.push_back(fmt::format("{}: read stopped: {}", where, file.error));
  if (file.malformed) warnings.push_back(fmt::format("{}: {} malformed rows skipped", where, file.malformed));
  if (file.long_lines)
    warnings.push_back(fmt::format("{}: {} lines longer than the line limit cut", where, file.long_lines));
  if (file.binary_lines)
    warnings.push_back(fmt::format("{}: {} lines of binary garbage skipped", where, file.binary_lines));
}

bool earlier(const RowTime& a, const LogProvenance& pa, const RowTime& b, const LogProvenance& pb) {
  return std::tie(a.filetime, pa.path, pa.line_number) < std::tie(b.filetime, pb.path, pb.line_number);
}

}  // namespace

ContentFeeder plain_file_feeder(const std::string& path) {
  return [path](ContentSink& reader) -> Status {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return fail(ErrorCode::kIo, fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    std::vector<std::byte> buffer(1 << 20);
    while (true) {
      const size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
      if (got > 0) reader.feed(std::span<const std::byte>(buffer.data(), got));
      if (got < buffer.size()) {
        if (std::ferror(file.get())) return fail(ErrorCode::kIo, fmt::format("cannot read {}", path));
        return {};
      }
    }
  };
}

std::optional<LogFamily> family_of_path(std::string_view path) {
  std::string lower = ascii_lower(path);
  std::replace(lower.begin(), lower.end(), '\\', '/');
  const size_t slash = lower.rfind('/');
  const std::string_view name = std::string_view(lower).substr(slash == std::string::npos ? 0 : slash + 1);
  if (name.ends_with(".evtx")) return LogFamily::kEvtx;
  // The names Exchange and IIS give their logs, then the folders they keep them in.
  if (name.starts_with("httpproxy_") || lower.find("/httpproxy/") != std::string::npos) return LogFamily::kHttpProxy;
  if (name.starts_with("ecpserver") || lower.find("ecp/server/") != std::string::npos) return LogFamily::kEcp;
  if (name.starts_with("oabgenerator") || lower.find("oabgeneratorlog/") != std::string::npos)
    return LogFamily::kOabGenerator;
  if (name.starts_with("u_ex") || lower.find("/w3svc") != std::string::npos) return LogFamily::kIis;
  return std::nullopt;
}

uint64_t LogScanResult::lines_read() const {
  uint64_t total = 0;
  for (const auto& [family, lines] : lines_by_family) total += lines;
  return total;
}

std::string LogScanResult::summary() const {
  std::string parts;
  for (const auto& [family, lines] : lines_by_family)
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", log_family_name(family), lines);
  return fmt::format("{} log lines read ({})", lines_read(), parts.empty() ? "no logs found" : parts);
}

LogScanResult scan_logs(const std::vector<LogFileInput>& files, const LogScanOptions& options) {
  const Limits& limits = default_limits();
  const size_t max_line = options.max_line_bytes ? options.max_line_bytes : limits.max_log_line_bytes;
  const uint64_t max_requests = options.max_requests ? options.max_requests : limits.max_log_requests;
  LogScanResult result;
  CoverageBuilder coverage;
  std::vector<const LogFileInput*> carved;
  // (check, record id, time) of the event-log hits kept: a carved chunk holding a record a
  // log file (or another carved copy) already gave is a copy of it, not a second event.
  std::set<std::tuple<std::string, uint64_t, uint64_t>> evtx_hit_keys;
  const auto evtx_key = [](const LogHit& hit) {
    return std::tuple{hit.check, hit.provenance.record_id, hit.time.filetime.value_or(0)};
  };
  const auto keep = [&](LogRequest&& request) {
    if (result.requests.size() >= max_requests) {
      ++result.requests_not_kept;
      return;
    }
    result.requests.push_back(std::move(request));
  };
  for (const LogFileInput& input : files) {
    if (input.family == LogFamily::kEvtx) {
      if (input.carved) {
        carved.push_back(&input);
        continue;
      }
      if (!options.every_event_log && !event_log_is_checked(input.file.path)) {
        ++result.event_logs_not_read;
        continue;
      }
      EventLogRead read = read_event_log(input);
      for (uint64_t time : read.record_times) coverage.add_row(LogFamily::kEvtx, time);
      for (const LogHit& hit : read.hits) evtx_hit_keys.insert(evtx_key(hit));
      std::move(read.hits.begin(), read.hits.end(), std::back_inserter(result.hits));
      std::move(read.warnings.begin(), read.warnings.end(), std::back_inserter(result.warnings));
      result.lines_by_family[LogFamily::kEvtx] += read.summary.lines;
      coverage.add_file(read.summary);
      result.files.push_back(std::move(read.summary));
      continue;
    }
    LogFileSummary summary = read_file(input, max_line, [&](const LogRow& row, const LogLine& line) {
      const RowTime time = row_time(row);
      if (time.filetime) coverage.add_row(row.family, *time.filetime);
      if (auto hit = check_row(row)) {
        hit->provenance = row_provenance(input.file, line);
        result.hits.push_back(std::move(*hit));
      }
      if (options.keep_request) {
        if (auto request = row_request(row); request && options.keep_request(*request)) {
          request->provenance = row_provenance(input.file, line);
          keep(std::move(*request));
        }
      }
    });
    result.lines_by_family[input.family] += summary.lines;
    coverage.add_file(summary);
    warn_about(summary, result.warnings);
    result.files.push_back(std::move(summary));
  }
  // Carved chunks after every file, so a record a (deleted) log file still holds is that
  // file's hit, not a second one.
  for (const LogFileInput* input : carved) {
    EventLogRead read = read_event_log(*input);
    result.carved_evtx_records += read.summary.lines;
    for (LogHit& hit : read.hits) {
      if (!evtx_hit_keys.insert(evtx_key(hit)).second) {
        ++result.carved_evtx_hits_dropped;
        continue;
      }
      result.hits.push_back(std::move(hit));
    }
    std::move(read.warnings.begin(), read.warnings.end(), std::back_inserter(result.warnings));
    result.files.push_back(std::move(read.summary));
  }
  if (!carved.empty())
    result.warnings.push_back(fmt::format(
        "{} run(s) of EVTX chunks carved from free clusters: {} record(s) read, their hits kept ({} more were "
        "copies of records a log file or another carved chunk holds); their times are not in the EVTX coverage",
        carved.size(), result.carved_evtx_records, result.carved_evtx_hits_dropped));
  for (const LogFileSummary& summary : options.unreadable_files) {
    coverage.add_file(summary);
    warn_about(summary, result.warnings);
    result.files.push_back(summary);
  }
  for (const LogHit& hit : result.hits)
    if (!hit.client_ip.empty()) result.attacker_ips.insert(hit.client_ip);
  if (options.follow_attackers && !result.attacker_ips.empty()) {
    for (const LogFileInput& input : files) {
      if (input.family != LogFamily::kIis && input.family != LogFamily::kHttpProxy) continue;
      read_file(input, max_line, [&](const LogRow& row, const LogLine& line) {
        if (!result.attacker_ips.contains(std::string(row_client_ip(row)))) return;
        auto request = row_request(row);
        if (!request || (options.keep_request && options.keep_request(*request))) return;  // kept already
        request->provenance = row_provenance(input.file, line);
        keep(std::move(*request));
      });
    }
  }
  if (result.event_logs_not_read)
    result.warnings.push_back(fmt::format("{} other event log(s) (.evtx) not read: no check uses them "
                                          "(read: Application, MSExchange Management, ForwardedEvents)",
                                          result.event_logs_not_read));
  if (result.requests_not_kept)
    result.warnings.push_back(fmt::format("{} requests not kept past the limit of {} (max_log_requests)",
                                          result.requests_not_kept, max_requests));
  std::stable_sort(result.hits.begin(), result.hits.end(), [](const LogHit& a, const LogHit& b) {
    return earlier(a.time, a.provenance, b.time, b.provenance);
  });
  std::stable_sort(result.requests.begin(), result.requests.end(), [](const LogRequest& a, const LogRequest& b) {
    return earlier(a.time, a.provenance, b.time, b.provenance);
  });
  result.coverage = coverage.finish();
  return result;
}

}  // namespace shellcarve::logs
