// Severity that reflects confidence (issue 13, item 3): the level and its reasons from rule
// family, location, size, corroboration and the patch relation.
#include "detect/severity.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace shellcarve {
namespace {

Finding finding_at(const std::string& path, uint64_t size, std::vector<std::string> rules) {
  Finding f;
  f.path = path;
  f.size = size;
  f.rules = std::move(rules);
  return f;
}

bool has_reason(const SeverityJudgement& j, const std::string& part) {
  return std::any_of(j.reasons.begin(), j.reasons.end(),
                     [&](const std::string& r) { return r.find(part) != std::string::npos; });
}

TEST(Severity, EvalOneLinerInAspnetClientIsCritical) {
  const Finding f = finding_at("/inetpub/wwwroot/aspnet_client/system_web/x.aspx", 80,
                               {"china_chopper:SC_ChinaChopper_Eval_Request"});
  const auto j = judge_severity(f, {"high"});
  EXPECT_EQ(j.severity, Severity::kCritical);
  EXPECT_TRUE(has_reason(j, "aspnet_client")) << j.reasons.back();
  EXPECT_TRUE(has_reason(j, "one-liner"));
}

TEST(Severity, ExchangeWebFoldersAreDropSites) {
  const Finding f = finding_at("/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/errorEE.aspx",
                               80, {"china_chopper:SC_ChinaChopper_JScript_Eval_Unsafe"});
  const auto j = judge_severity(f, {"high"});
  EXPECT_EQ(j.severity, Severity::kCritical);
  EXPECT_TRUE(has_reason(j, "Exchange's owa web folder"));
  EXPECT_EQ(severity_place("/inetpub/wwwroot/owa/x.aspx"), SeverityPlace::kOrdinary);
}

TEST(Severity, FileManagerInTheApplicationsAdminFolderIsLowered) {
  const Finding f = finding_at("/inetpub/wwwroot/shop/Admin/files.asp", 60000, {"file_managers:SC_ASP_FSO_File_Manager"});
  const auto j = judge_severity(f, {"high"});
  EXPECT_EQ(j.severity, Severity::kMedium);
  EXPECT_TRUE(has_reason(j, "admin folder (admin)"));
  // The same page elsewhere keeps what its rule says.
  EXPECT_EQ(judge_severity(finding_at("/inetpub/wwwroot/shop/files.asp", 60000, f.rules), {"high"}).severity,
            Severity::kHigh);
}

TEST(Severity, OneLinerInAnAdminFolderIsNotLowered) {
  const Finding f = finding_at("/inetpub/wwwroot/admin/x.asp", 30, {"china_chopper:SC_ChinaChopper_Eval_Request"});
  const auto j = judge_severity(f, {"high"});
  EXPECT_EQ(j.severity, Severity::kHigh);
  // The place is said even when it changes nothing.
  EXPECT_TRUE(has_reason(j, "not lowered: inside the application's own admin folder (admin)")) << j.reasons.back();
}

TEST(Severity, AMediumRuleInAnAdminFolderSaysWhereItIs) {
  const Finding f = finding_at("/inetpub/wwwroot/manage/browse.asp", 20000, {"file_managers:SC_ASP_FSO_Browser"});
  const auto j = judge_severity(f, {"medium"});
  EXPECT_EQ(j.severity, Severity::kMedium);
  EXPECT_TRUE(has_reason(j, "medium already: inside the application's own admin folder (manage)")) << j.reasons.back();
}

// The heuristic that measures a page's server code is enough to call it a one-liner: alone
// in aspnet_client it is high, then critical there, with each step said.
TEST(Severity, TinyRequestEvalHeuristicInAspnetClientIsCritical) {
  Finding f = finding_at("/inetpub/wwwroot/aspnet_client/x.aspx", 90, {});
  f.heuristics.push_back("tiny_request_eval: eval(Request.Item[...])");
  const auto j = judge_severity(f, {});
  EXPECT_EQ(j.severity, Severity::kCritical);
  EXPECT_TRUE(has_reason(j, "high: 90 bytes that evaluate request input (a one-liner)"));
  EXPECT_TRUE(has_reason(j, "aspnet_client"));
  // The same heuristic on a large page is no one-liner: medium, one step up in aspnet_client.
  f.size = 50000;
  EXPECT_EQ(judge_severity(f, {}).severity, Severity::kHigh);
}

TEST(Severity, CorroborationRaisesAMediumRule) {
  Finding f = finding_at("/inetpub/wwwroot/x.asp", 20000, {"file_managers:SC_ASP_FSO_Browser"});
  EXPECT_EQ(judge_severity(f, {"medium"}).severity, Severity::kMedium);
  f.heuristics.push_back("tiny_request_eval: ...");
  const auto j = judge_severity(f, {"medium"});
  EXPECT_EQ(j.severity, Severity::kHigh);
  EXPECT_TRUE(has_reason(j, "corroborated by 1 rule family and content heuristics"));
}

TEST(Severity, HeuristicsAloneAreMediumAndPatchTimeWins) {
  Finding f = finding_at("/inetpub/wwwroot/x.aspx", 100, {});
  f.heuristics.push_back("name_unlike_siblings: ...");
  EXPECT_EQ(judge_severity(f, {}).severity, Severity::kMedium);
  f.relative_to_patch = PatchRelation::kAfter;
  const auto j = judge_severity(f, {});
  EXPECT_EQ(j.severity, Severity::kCritical);
  EXPECT_EQ(j.reasons.back(), "critical: planted after the patch");
}

}  // namespace
}  // namespace shellcarve
