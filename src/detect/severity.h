// Severity that reflects confidence (issue 13, item 3): a request-driven eval one-liner in
// aspnet_client is not a file manager inside an application's own admin folder. The level
// starts from what the matching rules say of themselves (their `severity` meta) and moves
// with where the file is, how big it is and whether independent signals agree; each step
// is a reason in the finding (findings.json `severity_reasons`, the last CSV column).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/finding.h"

namespace shellcarve {

// Where a file sits, as far as severity is concerned.
enum class SeverityPlace {
  kOrdinary,
  kDropSite,     // aspnet_client, or an Exchange web folder (owa, ecp, oab ... under FrontEnd/HttpProxy or ClientAccess)
  kAdminFolder,  // a folder the application names for its own administration (admin, manage, houtai ...)
};

// The place of a volume path ("/inetpub/wwwroot/aspnet_client/x.aspx"), case-insensitive;
// `why` says which folder decided it.
SeverityPlace severity_place(std::string_view path, std::string* why = nullptr);

struct SeverityJudgement {
  Severity severity = Severity::kMedium;
  std::vector<std::string> reasons;  // in the order they were applied
};

// The judgement for `finding` (its path, size, rules, heuristics and patch relation) given
// the `severity` meta of each matching rule, in the order of finding.rules.
SeverityJudgement judge_severity(const Finding& finding, const std::vector<std::string>& rule_severities);

}  // namespace shellcarve
