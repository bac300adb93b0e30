// Severity from rule family, location, size and corroboration; see severity.h.
#include "detect/severity.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/text.h"

namespace shellcarve {
namespace {

// A page this small whose rules say "request input evaluated" is a one-liner: the whole
// file exists to run what the client posts (China Chopper's caidao pages are 30-100 bytes).
constexpr uint64_t kOneLinerBytes = 4096;

// Folder names that applications give their own administration pages. A webshell-like
// page there is often the installed tool itself (CMS file managers, server probes, an
// admin page that runs typed ASP: see ../shared/corpus/SOURCES.md, benign/classic_asp_hz).
constexpr std::string_view kAdminFolders[] = {"admin", "administrator", "admin_", "manage", "manager", "management",
                                              "houtai", "sysadmin", "webadmin", "siteadmin", "adminx", "admincp"};

// Exchange's web folders: only Microsoft's own files belong there.
constexpr std::string_view kExchangeWebFolders[] = {"owa", "ecp", "oab", "autodiscover", "ews", "mapi",
                                                    "powershell", "rpc", "microsoft-server-activesync"};

std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(ascii_lower(std::string(path.substr(start, end - start))));
    start = end + 1;
  }
  if (!out.empty()) out.pop_back();  // the file's own name is no folder
  return out;
}

Severity step(Severity s, int by) {
  const int level = std::clamp(static_cast<int>(s) + by, static_cast<int>(Severity::kLow),
                               static_cast<int>(Severity::kCritical));
  return static_cast<Severity>(level);
}

std::string_view level_name(Severity s) {
  switch (s) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "medium";
}

// "china_chopper:SC_X" -> "china_chopper"; a rule without a namespace is its own family.
std::string family_of(const std::string& rule) {
  const size_t colon = rule.find(':');
  return colon == std::string::npos ? rule : rule.substr(0, colon);
}

// Rules whose technique is evaluating request input (the one-liner families).
bool evaluates_request(const std::string& rule) {
  const std::string name = ascii_lower(rule);
  return name.find("china_chopper") != std::string::npos || name.find("eval") != std::string::npos ||
         name.find("execute") != std::string::npos;
}

}  // namespace

SeverityPlace severity_place(std::string_view path, std::string* why) {
  const std::vector<std::string> folders = segments_of(path);
  for (size_t i = 0; i < folders.size(); ++i) {
    if (folders[i] == "aspnet_client") {
      if (why) *why = "in aspnet_client, a folder that only ever holds ASP.NET's client script (the 2021 Exchange drop site)";
      return SeverityPlace::kDropSite;
    }
    const bool exchange_root = i > 0 && ((folders[i - 1] == "httpproxy" && i > 1 && folders[i - 2] == "frontend") ||
                                         folders[i - 1] == "clientaccess");
    if (exchange_root && std::find(std::begin(kExchangeWebFolders), std::end(kExchangeWebFolders), folders[i]) !=
                             std::end(kExchangeWebFolders)) {
      if (why) *why = fmt::format("in Exchange's {} web folder, where only Microsoft's own files belong", folders[i]);
      return SeverityPlace::kDropSite;
    }
  }
  for (const auto& folder : folders) {
    if (std::find(std::begin(kAdminFolders), std::end(kAdminFolders), folder) != std::end(kAdminFolders)) {
      if (why) *why = fmt::format("inside the application's own admin folder ({}): may be the site's installed admin tool", folder);
      return SeverityPlace::kAdminFolder;
    }
  }
  return SeverityPlace::kOrdinary;
}

SeverityJudgement judge_severity(const Finding& finding, const std::vector<std::string>& rule_severities) {
  SeverityJudgement out;
  // 1. The rule family: what the matching rules say of their technique.
  if (finding.rules.empty()) {
    out.severity = Severity::kMedium;
    out.reasons.push_back("medium: content heuristics only, no rule");
  } else {
    Severity stated = Severity::kLow;
    std::string by;
    for (size_t i = 0; i < finding.rules.size(); ++i) {
      const auto parsed = i < rule_severities.size() ? parse_severity(rule_severities[i]) : std::nullopt;
      const Severity s = parsed.value_or(Severity::kHigh);
      if (by.empty() || s > stated) {
        stated = s;
        by = finding.rules[i];
      }
    }
    out.severity = stated;
    out.reasons.push_back(fmt::format("{}: rule {} says so of its technique", level_name(stated), by));
  }
  // 2. Size: a one-liner that evaluates request input has no other purpose. A rule of the
  // eval families says so, or the tiny_request_eval heuristic (which measures the server
  // code itself) alone.
  const bool evaluates = std::any_of(finding.rules.begin(), finding.rules.end(), evaluates_request) ||
                         std::any_of(finding.heuristics.begin(), finding.heuristics.end(), [](const std::string& h) {
                           return h.starts_with("tiny_request_eval");
                         });
  const bool one_liner = finding.size > 0 && finding.size <= kOneLinerBytes && evaluates;
  if (one_liner && out.severity < Severity::kHigh) {
    out.severity = Severity::kHigh;
    out.reasons.push_back(fmt::format("high: {} bytes that evaluate request input (a one-liner)", finding.size));
  } else if (one_liner) {
    out.reasons.push_back(fmt::format("{} bytes that evaluate request input (a one-liner)", finding.size));
  }
  // 3. Corroboration: independent rule families, or a rule and a content heuristic.
  std::set<std::string> families;
  for (const auto& rule : finding.rules) families.insert(family_of(rule));
  const bool corroborated = families.size() >= 2 || (!finding.rules.empty() && !finding.heuristics.empty());
  if (corroborated) {
    const std::string what = fmt::format("{} rule famil{}{}", families.size(), families.size() == 1 ? "y" : "ies",
                                         finding.heuristics.empty() ? "" : " and content heuristics");
    if (out.severity < Severity::kHigh) {
      out.severity = step(out.severity, +1);
      out.reasons.push_back(fmt::format("{}: corroborated by {}", level_name(out.severity), what));
    } else {
      out.reasons.push_back(fmt::format("corroborated by {}", what));
    }
  }
  // 4. Location: a drop site raises a rule hit to critical; an application's own admin
  // folder lowers one that is not a one-liner by a step (not below medium).
  std::string where;
  switch (severity_place(finding.path, &where)) {
    case SeverityPlace::kDropSite:
      if (!finding.rules.empty()) {
        out.severity = Severity::kCritical;
        out.reasons.push_back("critical: " + where);
      } else {
        out.severity = step(out.severity, +1);
        out.reasons.push_back(fmt::format("{}: {}", level_name(out.severity), where));
      }
      break;
    case SeverityPlace::kAdminFolder:
      // Said in every case: the place is part of what an examiner weighs.
      if (one_liner) {
        out.reasons.push_back(fmt::format("not lowered: {}, but a one-liner that evaluates request input is no "
                                          "admin tool",
                                          where));
      } else if (out.severity > Severity::kMedium) {
        out.severity = step(out.severity, -1);
        out.reasons.push_back(fmt::format("{}: {}", level_name(out.severity), where));
      } else {
        out.reasons.push_back(fmt::format("{} already: {}", level_name(out.severity), where));
      }
      break;
    case SeverityPlace::kOrdinary: break;
  }
  // 5. Time: planted or written again after the patch means the attacker kept access.
  if (finding.relative_to_patch == PatchRelation::kAfter || finding.written_after_patch) {
    out.severity = Severity::kCritical;
    out.reasons.push_back(finding.written_after_patch && finding.relative_to_patch != PatchRelation::kAfter
                              ? "critical: written again after the patch"
                              : "critical: planted after the patch");
  }
  return out;
}

}  // namespace shellcarve
