// case_outputs.h: what the HTML report is made from -- a case folder's own outputs and
// nothing else (never the image): manifest.json, findings.json, timeline.jsonl (binned),
// proxylogon.json when present, the first bytes of each flagged content in evidence/, and
// the name, size and SHA-256 of every other file in the folder (but report.pdf). A missing or unreadable
// output is a named problem the report shows, not a failure; only a folder without
// manifest.json is refused (it is not a case folder).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "report/html/birth_histogram.h"
#include "report/json_reader.h"

namespace shellcarve::html {

inline constexpr const char* kReportFileName = "report.html";
inline constexpr const char* kReportPdfName = "report.pdf";
// Bytes of flagged content quoted in the report, per finding.
inline constexpr size_t kExcerptBytes = 768;
// Largest JSON output read whole (findings.json of a large case is tens of MiB).
inline constexpr size_t kMaxJsonOutputBytes = size_t{512} << 20;

struct FolderFile {
  std::string name;  // relative to the case folder, '/'-separated
  uint64_t size = 0;
  std::string sha256;                   // as the manifest lists it, else computed here
  std::optional<std::string> manifest_sha256;  // what the manifest says, when it lists it
  bool computed = false;                // hashed here (not listed in the manifest)
};

struct CaseOutputs {
  JsonValue manifest;
  JsonValue findings;  // null when findings.json is missing or unreadable
  std::optional<JsonValue> proxylogon;
  BirthHistogram births;
  bool timeline_read = false;
  std::map<std::string, std::string> excerpts;  // sha256 -> first kExcerptBytes of its evidence file
  std::vector<FolderFile> files;                // every file but report.html, by name
  std::vector<std::string> problems;            // outputs missing or unreadable
};

Result<CaseOutputs> read_case_outputs(const std::string& case_dir);

}  // namespace shellcarve::html
