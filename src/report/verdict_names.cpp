#include "report/verdict_names.h"

namespace shellcarve {

std::string_view finding_state_name(FindingState state) {
  switch (state) {
    case FindingState::kAllocated: return "allocated";
    case FindingState::kDeleted: return "deleted";
    case FindingState::kAds: return "ads";
    case FindingState::kCarved: return "carved";
    case FindingState::kSlack: return "slack";
    case FindingState::kSnapshot: return "snapshot";
  }
  return "?";
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "?";
}

std::string_view patch_relation_name(PatchRelation relation) {
  switch (relation) {
    case PatchRelation::kBefore: return "before";
    case PatchRelation::kAfter: return "after";
    case PatchRelation::kUndetermined: return "undetermined";
  }
  return "?";
}

std::string_view timestomp_verdict_name(TimestompVerdict verdict) {
  switch (verdict) {
    case TimestompVerdict::kNo: return "no";
    case TimestompVerdict::kYes: return "yes";
    case TimestompVerdict::kUndetermined: return "undetermined";
  }
  return "?";
}

}  // namespace shellcarve
