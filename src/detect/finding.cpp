#include "detect/finding.h"

#include <algorithm>
#include <utility>

#include "detect/severity.h"

namespace shellcarve {

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "critical") return Severity::kCritical;
  if (text == "high") return Severity::kHigh;
  if (text == "medium") return Severity::kMedium;
  if (text == "low") return Severity::kLow;
  return std::nullopt;
}

void apply_planted_interval(Finding& finding, const PlantedInterval& interval, const PatchTime& patch) {
  finding.planted_at = interval.earliest;
  finding.planted_at_source = interval.earliest_fact;
  finding.planted_latest = interval.latest;
  finding.planted_latest_source = interval.latest_fact;
  finding.last_written_at = interval.last_written;
  finding.last_written_source = interval.last_written_fact;
  finding.planted_evidence = interval.evidence;
  const PatchVerdict verdict = relate_to_patch(interval, patch);
  finding.relative_to_patch = verdict.relation;
  finding.relative_to_patch_reason = verdict.reason;
  finding.written_after_patch = verdict.written_after_patch;
  finding.written_after_patch_reason = verdict.written_after_reason;
}

void apply_timestomp_judgement(Finding& finding, const TimestompJudgement& judgement) {
  finding.timestomp = judgement.verdict;
  finding.timestomped = judgement.verdict == TimestompVerdict::kYes;
  finding.timestomp_reason = judgement.reason;
  for (const auto& indicator : judgement.decisive)
    finding.timestomp_evidence.push_back(std::string(timestomp_kind_name(indicator.kind)) + ": " + indicator.evidence);
  for (const auto& indicator : judgement.set_aside)
    finding.timestomp_set_aside.push_back(std::string(timestomp_kind_name(indicator.kind)) + ": " + indicator.evidence);
}

void assign_severity(Finding& finding, const std::vector<std::string>& rule_severities) {
  SeverityJudgement judgement = judge_severity(finding, rule_severities);
  finding.severity = judgement.severity;
  finding.severity_reasons = std::move(judgement.reasons);
}

}  // namespace shellcarve
