// Finding: one flagged piece of content -- a webshell or a suspicious page -- with where it
// is (path, MFT entry and sequence, image byte offset), what it is (hashes, rules,
// heuristics), when it arrived (planted_at and the source of that estimate), how that
// relates to the patch time, and whether its $STANDARD_INFORMATION times were stomped.
// Its verdicts are typed (FindingState, Severity, PatchRelation, TimestompVerdict); they
// become text only in report/ (findings_output.h, verdict_names.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/patch_time.h"
#include "detect/planted_interval.h"
#include "logs/webshell_requests.h"
#include "timeline/timestomp.h"

namespace shellcarve {

// Where the content was found.
enum class FindingState {
  kAllocated,  // the default stream of a file in use
  kDeleted,    // a deleted file whose MFT entry still holds its runs
  kAds,        // a named stream ($DATA with a name) of a file in use
  kCarved,     // from unallocated clusters or a carved MFT record
  kSlack,      // from the slack past a file's end
  kSnapshot,   // only in a Volume Shadow Copy store: the snapshot time bounds when it existed
};

enum class Severity { kLow, kMedium, kHigh, kCritical };

// A YARA rule's `severity` meta text ("critical", "high", "medium", "low"); nullopt for
// anything else, which then counts as a plain rule hit (high).
std::optional<Severity> parse_severity(std::string_view text);

struct Finding {
  std::string path;            // volume path with '/', "path:stream" for an ADS
  FindingState state = FindingState::kAllocated;
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  uint64_t image_offset = 0;   // of the content's first byte (or of the record, if resident)
  std::optional<uint64_t> cluster;  // carved and slack content: LCN of its first byte
  uint64_t size = 0;
  std::string md5, sha1, sha256;
  std::vector<std::string> rules;
  std::vector<std::string> heuristics;  // "name: evidence"
  // When it was planted (planted_interval.h): the best estimate (the lower bound), the
  // interval with the fact behind each bound, the stream's last write, and every fact.
  std::optional<uint64_t> planted_at;
  std::string planted_at_source;
  std::optional<uint64_t> planted_latest;
  std::string planted_latest_source;
  std::optional<uint64_t> last_written_at;
  std::string last_written_source;
  std::vector<TimeFact> planted_evidence;
  PatchRelation relative_to_patch = PatchRelation::kUndetermined;
  std::string relative_to_patch_reason;
  bool written_after_patch = false;
  std::string written_after_patch_reason;
  TimestompVerdict timestomp = TimestompVerdict::kNo;
  std::string timestomp_reason;
  bool timestomped = false;  // timestomp == kYes
  std::vector<std::string> timestomp_evidence;  // the indicators the verdict rests on
  std::vector<std::string> timestomp_set_aside; // fired, but volume-wide
  Severity severity = Severity::kMedium;
  std::vector<std::string> severity_reasons;  // why that level (severity.h), in order
  std::string webroot;
  std::string integrity;  // Exchange known-good verdict of its file ("" when not checked)
  uint32_t partition = 0;          // index of the partition the volume is on (--partition N)
  uint32_t store = 0;              // the VSS store it was found in (1-based); 0: the live volume
  uint64_t store_time = 0;         // that store's snapshot time (FILETIME); 0 for the live volume
  std::vector<std::string> notes;  // content capped, clusters reallocated ...
  // From the server's logs (case/log_step.h), when they name the file's URL: the requests
  // for it, and the request that most likely wrote it.
  std::optional<logs::ShellRequests> requests;
  std::optional<logs::Dropper> dropped_by;
  // The rules and heuristics that matched only the de-obfuscated text (content_scan.h),
  // each "name: folded text (folded from bytes A..B)"; empty when all matched the original.
  std::vector<std::string> deobfuscated;
};

// Fills the planted fields of `finding` from `interval` and its relation to `patch`.
void apply_planted_interval(Finding& finding, const PlantedInterval& interval, const PatchTime& patch);

// The timestomp fields from a file's judgement.
void apply_timestomp_judgement(Finding& finding, const TimestompJudgement& judgement);

// Severity and its reasons (severity.h): from the rules' own meta severities, the size (a
// one-liner), corroboration, the location (aspnet_client and Exchange web folders raise it,
// an application's own admin folder lowers it) and the patch relation (anything planted
// after the patch, or written again after it, is critical: the attacker kept access).
void assign_severity(Finding& finding, const std::vector<std::string>& rule_severities);

}  // namespace shellcarve
