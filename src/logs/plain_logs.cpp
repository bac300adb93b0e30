#include "logs/plain_logs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/text.h"

namespace shellcarve::logs {

std::optional<LogFamily> parse_log_family(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower == "iis") return LogFamily::kIis;
  if (lower == "httpproxy") return LogFamily::kHttpProxy;
  if (lower == "ecp") return LogFamily::kEcp;
  if (lower == "oab") return LogFamily::kOabGenerator;
  return std::nullopt;
}

Result<ProxyLogonReport> check_plain_logs(const std::vector<std::string>& paths, std::optional<LogFamily> family) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::vector<std::string> warnings;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
      if (ec) return fail(ErrorCode::kIo, fmt::format("cannot walk {}: {}", path, ec.message()));
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      return fail(ErrorCode::kNotFound, fmt::format("no such file: {}", path));
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<LogFileInput> inputs;
  for (const std::string& path : files) {
    const std::optional<LogFamily> of = family ? family : family_of_path(path);
    if (!of) {
      warnings.push_back(fmt::format("{}: not a log this command reads (name it with --family)", path));
      continue;
    }
    LogFileInput input;
    input.family = *of;
    input.file.path = path;
    input.feed = plain_file_feeder(path);
    inputs.push_back(std::move(input));
  }
  ProxyLogonReport report;
  LogScanOptions options;
  options.every_event_log = true;  // the user named them
  report.scan = scan_logs(inputs, options);
  report.scan.warnings.insert(report.scan.warnings.begin(), warnings.begin(), warnings.end());
  return report;
}

}  // namespace shellcarve::logs
