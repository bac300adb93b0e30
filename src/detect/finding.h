// Finding: one flagged piece of content -- a webshell or a suspicious page -- with where it
// is (path, MFT entry and sequence, image byte offset), what it is (hashes, rules,
// heuristics), when it arrived (planted_at and the source of that estimate), how that
// relates to the patch time, and whether its $STANDARD_INFORMATION times were stomped.
// Rendered as findings.json and findings.csv by write_findings_*.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/patch_time.h"

namespace shellcarve {

struct Finding {
  std::string path;            // volume path with '/', "path:stream" for an ADS
  std::string state;           // allocated, deleted, ads, carved, slack
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  uint64_t image_offset = 0;   // of the content's first byte (or of the record, if resident)
  std::optional<uint64_t> cluster;  // carved and slack content: LCN of its first byte
  uint64_t size = 0;
  std::string md5, sha1, sha256;
  std::vector<std::string> rules;
  std::vector<std::string> heuristics;  // "name: evidence"
  std::optional<uint64_t> planted_at;
  std::string planted_at_source;  // "$FN creation", "USN FILE_CREATE", "$SI creation"
  std::string relative_to_patch;  // before, after, unknown
  bool timestomped = false;
  std::vector<std::string> timestomp_evidence;
  std::string severity;           // critical, high, medium, low
  std::string webroot;
  uint32_t partition = 0;          // index of the partition the volume is on (--partition N)
  std::vector<std::string> notes;  // content capped, clusters reallocated ...
};

// The earliest trustworthy arrival time: $FN creation (kernel-written), the journal's
// FILE_CREATE, and $SI creation only when no timestomp indicator impeaches it.
struct ArrivalEvidence {
  std::optional<uint64_t> fn_creation;
  std::optional<uint64_t> usn_create;
  std::optional<uint64_t> si_creation;
  bool timestomped = false;
};
void estimate_planted_at(Finding& finding, const ArrivalEvidence& evidence, const PatchTime& patch);

// Severity from the rules' own meta severities and the patch relation: anything planted
// after the patch is critical (the attacker kept access); a rule hit is at least high; a
// heuristic alone is medium.
void assign_severity(Finding& finding, const std::vector<std::string>& rule_severities);

// What findings.json's header says of the image (scan): whether it matched its stored
// hashes, so a mismatch is read where the findings are, not only in the manifest.
struct ImageCheck {
  std::optional<bool> verified;  // null: not hashed, or no stored hash
  std::string verification;      // one line: "verified ...", "MISMATCH ...", "not checked ..."
};

std::string write_findings_json(const std::vector<Finding>& findings, const PatchTime& patch,
                                const std::optional<ImageCheck>& image = std::nullopt);
std::string write_findings_csv(const std::vector<Finding>& findings);

}  // namespace shellcarve
