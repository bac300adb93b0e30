#include "report/html/case_outputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/file_digest.h"

namespace shellcarve::html {
namespace {
namespace fs = std::filesystem;

Result<std::string> read_file_capped(const fs::path& path, size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, fmt::format("cannot open '{}'", path.filename().string()));
  // Sized by the file, not the cap: the cap is hundreds of MiB and most outputs are small.
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  std::string text(ec ? cap + 1 : static_cast<size_t>(std::min<uint64_t>(size, cap) + 1), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return fail(ErrorCode::kIo, fmt::format("cannot read '{}'", path.filename().string()));
  return text;
}

Result<JsonValue> read_json_output(const fs::path& path) {
  SC_ASSIGN_OR_RETURN(std::string text, read_file_capped(path, kMaxJsonOutputBytes));
  if (text.size() > kMaxJsonOutputBytes)
    return fail(ErrorCode::kLimit, fmt::format("over {} bytes, not read", kMaxJsonOutputBytes));
  return parse_json(text);
}

// A hex SHA-256 as findings.json states it: the only name of an evidence file we build.
bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void list_files(const fs::path& dir, const JsonValue& manifest, CaseOutputs& out) {
  std::map<std::string, std::pair<uint64_t, std::string>> listed;
  for (const JsonValue& output : manifest.array_of("outputs"))
    listed[output.string_or_empty("name")] = {output.unsigned_of("size").value_or(0), output.string_or_empty("sha256")};
  std::error_code ec;
  std::vector<std::string> names;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().lexically_relative(dir).generic_string();
    // The report and its PDF are made from the others, and a hidden file is a temporary one
    // being written (atomic_file.h): listing them would make the report depend on itself.
    if (name != kReportFileName && name != kReportPdfName && !it->path().filename().string().starts_with("."))
      names.push_back(name);
  }
  if (ec) out.problems.push_back(fmt::format("the case folder could not be listed whole: {}", ec.message()));
  std::sort(names.begin(), names.end());  // directory order is not stable: the report is
  for (const std::string& name : names) {
    FolderFile file;
    file.name = name;
    const auto found = listed.find(name);
    if (found != listed.end()) {
      // The manifest's hashes were taken as the files were written; rehashing every
      // timeline (GiBs) for each report would cost more than the scan's own writing.
      file.size = found->second.first;
      file.sha256 = found->second.second;
      file.manifest_sha256 = found->second.second;
    } else {
      file.size = fs::file_size(dir / name, ec);
      file.sha256 = sha256_file_hex((dir / name).string()).value_or("unreadable");
      file.computed = true;
    }
    out.files.push_back(std::move(file));
  }
  for (const auto& [name, entry] : listed)
    if (!std::binary_search(names.begin(), names.end(), name))
      out.problems.push_back(fmt::format("'{}' is listed in manifest.json but missing from the folder", name));
}

}  // namespace

Result<CaseOutputs> read_case_outputs(const std::string& case_dir) {
  const fs::path dir(case_dir.empty() ? "." : case_dir);
  CaseOutputs out;
  auto manifest = read_json_output(dir / "manifest.json");
  if (!manifest)
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a readable case folder: manifest.json: {}", case_dir, manifest.error().message));
  out.manifest = std::move(*manifest);
  if (auto findings = read_json_output(dir / "findings.json")) out.findings = std::move(*findings);
  else out.problems.push_back("findings.json: " + findings.error().message);
  std::error_code ec;
  if (fs::exists(dir / "proxylogon.json", ec)) {
    if (auto proxylogon = read_json_output(dir / "proxylogon.json")) out.proxylogon = std::move(*proxylogon);
    else out.problems.push_back("proxylogon.json: " + proxylogon.error().message);
  }
  std::vector<uint64_t> marks;
  if (const auto patched = out.findings.unsigned_of("patched_at_filetime")) marks.push_back(*patched);
  for (const JsonValue& finding : out.findings.array_of("findings"))
    if (const auto planted = finding.unsigned_of("planted_at_filetime")) marks.push_back(*planted);
  if (auto births = read_birth_histogram((dir / "timeline.jsonl").string(), marks)) {
    out.births = std::move(*births);
    out.timeline_read = true;
    if (out.births.unreadable_rows)
      out.problems.push_back(fmt::format("timeline.jsonl: {} of {} rows unreadable, not charted",
                                         out.births.unreadable_rows, out.births.rows));
  } else {
    out.problems.push_back("timeline.jsonl: " + births.error().message);
  }
  for (const JsonValue& finding : out.findings.array_of("findings")) {
    const std::string sha256 = finding.string_or_empty("sha256");
    if (!is_sha256_hex(sha256) || out.excerpts.contains(sha256)) continue;
    const fs::path evidence = dir / "evidence" / (sha256 + ".bin");
    if (!fs::exists(evidence, ec)) continue;
    if (auto bytes = read_file_capped(evidence, kExcerptBytes)) {
      bytes->resize(std::min(bytes->size(), kExcerptBytes));
      out.excerpts.emplace(sha256, std::move(*bytes));
    }
  }
  list_files(dir, out.manifest, out);
  return out;
}

}  // namespace shellcarve::html
