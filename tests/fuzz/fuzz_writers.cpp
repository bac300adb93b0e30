// Fuzz target: every writer fed with hostile names. The input is a recipe for timeline
// events and findings whose paths, stream names, web roots and messages are arbitrary
// bytes read as UTF-16 (as NTFS names are), and whose heuristic evidence is raw bytes
// (as content quoted from a file is). The outputs are checked by output_checks.h and the
// target aborts when one is malformed: a CSV row with the wrong cell count or a cell that
// starts a formula, a JSON document or JSON Lines line that does not parse, a bodyfile
// line without its 11 fields, or a raw control or bidi character anywhere.
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

#include "detect/finding.h"
#include "fuzz_input.h"
#include "fuzz_target.h"
#include "output_checks.h"
#include "report/findings_output.h"
#include "common/json_writer.h"
#include "timeline/writers.h"

namespace {

void require(const std::string& problem, const char* output, const std::string& text) {
  if (problem.empty()) return;
  std::fprintf(stderr, "%s malformed: %s\n%.2000s\n", output, problem.c_str(), text.c_str());
  std::abort();
}

std::string raw_text(shellcarve::fuzz::FuzzInput& in, size_t max) {
  const auto bytes = in.bytes(max);
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

SHELLCARVE_FUZZ_TARGET(writers) {
  using namespace shellcarve;
  fuzz::FuzzInput in(data, size);
  static const char* kMacb[] = {"M...", ".A..", "..C.", "...B"};
  static const char* kSource[] = {"SI", "FN", "USN", "TIMESTOMP"};
  // Descriptions and web roots are interned (common/interned_text.h: kept for the life of
  // the process), so they come from a table of hostile texts rather than from the input,
  // which would grow the pool with every run; path, stream and message stay arbitrary.
  static const char* kInterned[] = {"$SI Modification", "USN FILE_CREATE|CLOSE", "=cmd|' /C calc'!A0",
                                    "a,\"b\"\r\nc", "\x1b[31m\u202e", "/inetpub/wwwroot", "\xff\xfe bad utf-8", ""};

  std::vector<TimelineEvent> events(in.u8() % 6);
  for (TimelineEvent& e : events) {
    e.filetime = in.u64();
    e.timestamp_desc = kInterned[in.u8() % 8];
    e.macb = kMacb[in.u8() % 4];
    e.path = in.name(64);
    e.stream = in.name(16);
    e.mft_entry = in.u64();
    e.mft_sequence = in.u16();
    e.deleted = in.u8() & 1;
    e.source = kSource[in.u8() % 4];
    e.size = in.u64();
    e.image_offset = in.u64();
    e.webroot = kInterned[in.u8() % 8];
    e.message = in.name(32);
  }
  std::vector<Finding> findings(in.u8() % 4);
  for (Finding& f : findings) {
    f.path = in.name(64);
    f.state = FindingState::kAllocated;
    f.mft_entry = in.u64();
    f.rules.push_back(in.name(16));
    f.heuristics.push_back("eval: " + raw_text(in, 32));
    if (in.u8() & 1) f.planted_at = in.u64();
    f.timestomp_evidence.push_back(in.name(32));
    f.webroot = in.name(16);
    f.notes.push_back(raw_text(in, 16));
  }
  PatchTime patch;
  patch.evidence.push_back(in.name(16));

  const std::string csv = write_timeline_csv(events);
  require(fuzz::check_csv(csv), "timeline.csv", csv);
  const std::string jsonl = write_timeline_jsonl(events);
  require(fuzz::check_lines(jsonl, [](std::string_view line) { return fuzz::check_json(line); }),
          "timeline.jsonl", jsonl);
  const std::string body = write_timeline_bodyfile(events);
  require(fuzz::check_lines(body, fuzz::check_bodyfile_line), "timeline.body", body);
  const std::string findings_csv = write_findings_csv(findings);
  require(fuzz::check_csv(findings_csv), "findings.csv", findings_csv);
  const std::string findings_json = write_findings_json(findings, patch);
  require(fuzz::check_json(findings_json), "findings.json", findings_json);
  require(fuzz::check_clean_text(findings_json, "\n"), "findings.json", findings_json);

  // The JSON writer alone, on raw bytes (invalid UTF-8 included).
  JsonWriter json(0);
  json.begin_object().key(raw_text(in, 32)).value(raw_text(in, 64)).end_object();
  require(fuzz::check_json(json.str()), "JsonWriter", json.str());
  return 0;
}
