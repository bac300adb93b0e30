#include "case/batch/batch_record.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/atomic_file.h"

namespace shellcarve {
namespace {

constexpr std::string_view kMagic = "shellcarve-batch-record 1";

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) { out += s[i]; continue; }
    const char n = s[++i];
    out += n == 'n' ? '\n' : n == 'r' ? '\r' : n;
  }
  return out;
}

template <typename T>
bool parse_number(const std::string& text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

const char* batch_status_name(BatchStatus status) {
  switch (status) {
    case BatchStatus::kRunning: return "running";
    case BatchStatus::kDone: return "done";
    case BatchStatus::kFailed: return "failed";
    case BatchStatus::kInterrupted: return "interrupted";
    case BatchStatus::kSkipped: return "skipped";
  }
  return "skipped";
}

std::string render_batch_record(const BatchRecord& r) {
  std::string out(kMagic);
  out += '\n';
  const auto put = [&](std::string_view key, std::string_view value) {
    out += fmt::format("{}={}\n", key, escape(value));
  };
  put("name", r.name);
  put("image", r.image);
  put("fingerprint", r.fingerprint);
  put("status", batch_status_name(r.status));
  put("started", r.started);
  put("finished", r.finished);
  put("duration_seconds", fmt::format("{:.3f}", r.duration_seconds));
  put("findings", std::to_string(r.findings));
  put("critical", std::to_string(r.critical));
  put("after_patch", std::to_string(r.after_patch));
  put("patched_at", r.patched_at);
  put("patched_at_given", r.patched_at_given ? std::to_string(*r.patched_at_given) : "");
  put("case_number", r.case_number);
  put("evidence_number", r.evidence_number);
  put("examiner", r.examiner);
  put("stored_md5", r.stored_md5);
  put("stored_sha1", r.stored_sha1);
  put("md5", r.md5);
  put("sha1", r.sha1);
  put("sha256", r.sha256);
  put("verification", r.verification);
  put("peak_memory_bytes", std::to_string(r.peak_memory_bytes));
  put("estimated_memory_bytes", std::to_string(r.estimated_memory_bytes));
  put("error", r.error);
  put("pid", std::to_string(r.pid));
  put("slurm_job", r.slurm_job);
  out += "end\n";  // a record without it was cut short
  return out;
}

Result<BatchRecord> parse_batch_record(std::string_view text) {
  std::map<std::string, std::string> fields;
  std::istringstream in{std::string(text)};
  std::string line;
  bool header = false, ended = false;
  while (std::getline(in, line)) {
    if (!header) {
      if (line != kMagic) return fail(ErrorCode::kFormat, "not a shellcarve batch record (bad first line)");
      header = true;
      continue;
    }
    if (line == "end") { ended = true; break; }
    const auto eq = line.find('=');
    if (eq == std::string::npos) return fail(ErrorCode::kFormat, fmt::format("batch record line '{}' has no '='", line));
    fields[line.substr(0, eq)] = unescape(std::string_view(line).substr(eq + 1));
  }
  if (!header || !ended) return fail(ErrorCode::kTruncated, "batch record is cut short (no 'end' line)");
  BatchRecord r;
  r.name = fields["name"];
  r.image = fields["image"];
  r.fingerprint = fields["fingerprint"];
  const std::string status = fields["status"];
  bool known = false;
  for (auto s : {BatchStatus::kRunning, BatchStatus::kDone, BatchStatus::kFailed, BatchStatus::kInterrupted,
                 BatchStatus::kSkipped})
    if (status == batch_status_name(s)) { r.status = s; known = true; }
  if (!known) return fail(ErrorCode::kFormat, fmt::format("batch record has an unknown status '{}'", status));
  r.started = fields["started"];
  r.finished = fields["finished"];
  r.duration_seconds = std::strtod(fields["duration_seconds"].c_str(), nullptr);
  bool numbers = parse_number(fields["findings"], r.findings) && parse_number(fields["critical"], r.critical) &&
                 parse_number(fields["after_patch"], r.after_patch) &&
                 parse_number(fields["peak_memory_bytes"], r.peak_memory_bytes) &&
                 parse_number(fields["estimated_memory_bytes"], r.estimated_memory_bytes) &&
                 parse_number(fields["pid"], r.pid);
  if (const std::string& given = fields["patched_at_given"]; !given.empty()) {
    uint64_t filetime = 0;
    numbers = numbers && parse_number(given, filetime);
    r.patched_at_given = filetime;
  }
  if (!numbers) return fail(ErrorCode::kFormat, "batch record has a malformed number");
  r.patched_at = fields["patched_at"];
  r.case_number = fields["case_number"];
  r.evidence_number = fields["evidence_number"];
  r.examiner = fields["examiner"];
  r.stored_md5 = fields["stored_md5"];
  r.stored_sha1 = fields["stored_sha1"];
  r.md5 = fields["md5"];
  r.sha1 = fields["sha1"];
  r.sha256 = fields["sha256"];
  r.verification = fields["verification"];
  r.error = fields["error"];
  r.slurm_job = fields["slurm_job"];
  return r;
}

std::string batch_record_path(const std::string& root, const std::string& name) {
  return (std::filesystem::path(root) / "batch-state" / (name + ".record")).string();
}

Result<std::optional<BatchRecord>> load_batch_record(const std::string& root, const std::string& name) {
  const std::string path = batch_record_path(root, name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<BatchRecord>();
    return fail(ErrorCode::kIo, fmt::format("batch record '{}' cannot be read", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto record = parse_batch_record(text.str());
  if (!record) return fail(record.error().code, fmt::format("{}: {}", path, record.error().message));
  return std::optional<BatchRecord>(std::move(*record));
}

Status store_batch_record(const std::string& root, const BatchRecord& record) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(root) / "batch-state", ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("cannot create '{}/batch-state': {}", root, ec.message()));
  return write_file_atomically(batch_record_path(root, record.name), render_batch_record(record));
}

}  // namespace shellcarve
