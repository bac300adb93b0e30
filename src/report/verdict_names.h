// verdict_names: the words findings.json, findings.csv and the summary use for the typed
// verdicts of a Finding. They are the output format's vocabulary (documented in README), so
// they live here in report/ and nowhere else: analysis code compares enums, never text.
#pragma once

#include <string_view>

#include "detect/finding.h"

namespace shellcarve {

std::string_view finding_state_name(FindingState state);        // allocated, deleted, ads, carved, slack
std::string_view severity_name(Severity severity);              // low, medium, high, critical
std::string_view patch_relation_name(PatchRelation relation);   // before, after, undetermined
std::string_view timestomp_verdict_name(TimestompVerdict verdict);  // no, yes, undetermined

}  // namespace shellcarve
