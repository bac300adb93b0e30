// Test-ProxyLogon's log checks, row by row, and the whole scan over the scenario's logs as
// scripts/proxylogon_logs.py writes them (plain files, the `logs` command's path).
#include <gtest/gtest.h>

#include <cstdlib>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "common/filetime.h"
#include "logs/exchange_csv_reader.h"
#include "logs/plain_logs.h"
#include "logs/proxylogon_checks.h"

#ifndef SHELLCARVE_SOURCE_DIR
#define SHELLCARVE_SOURCE_DIR "."
#endif

namespace shellcarve::logs {
namespace {

std::vector<LogHit> hits_of(LogFamily family, const std::string& fields, const std::vector<std::string>& rows) {
  std::vector<LogHit> hits;
  ExchangeCsvReader reader(family, [&](const LogRow& row) {
    if (auto hit = check_row(row)) hits.push_back(*hit);
  });
  uint64_t n = 0;
  const std::string header = "#Fields: " + fields;
  reader.on_line(LogLine{header, ++n, 0, std::nullopt, false});
  for (const auto& text : rows) reader.on_line(LogLine{text, ++n, 0, std::nullopt, false});
  return hits;
}

TEST(ProxyLogonChecks, Cve26855NeedsEmptyUserAndServerInfoAnchorWithSlash) {
  EXPECT_TRUE(is_server_info_anchor("ServerInfo~a]@exch01:444/ecp/proxyLogon.ecp?#"));
  EXPECT_TRUE(is_server_info_anchor("serverinfo~x/y"));
  EXPECT_FALSE(is_server_info_anchor("ServerInfo~no-slash"));
  EXPECT_FALSE(is_server_info_anchor("SMTP:alice@contoso.com"));
  const auto hits = hits_of(LogFamily::kHttpProxy, "DateTime,AuthenticatedUser,AnchorMailbox,ClientIpAddress,UserAgent,UrlStem",
                            {"2021-03-02T02:51:10.317Z,,ServerInfo~a]@x:444/ecp/y.js?#,203.0.113.7,python,/ecp/y.js",
                             "2021-03-02T02:51:11.000Z,CONTOSO\\alice,ServerInfo~a]@x:444/x,10.1.1.20,b,/ecp/",
                             "2021-03-02T02:51:12.000Z,,SMTP:bob@contoso.com,10.1.1.21,b,/owa/"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].check, kCve26855);
  EXPECT_EQ(hits[0].client_ip, "203.0.113.7");
  EXPECT_EQ(hits[0].user_agent, "python");
  EXPECT_EQ(*hits[0].time.filetime, *iso8601_to_filetime("2021-03-02T02:51:10.317Z"));
  EXPECT_EQ(hits[0].time.raw, "2021-03-02T02:51:10.317Z");
}

TEST(ProxyLogonChecks, Cve26858AndCve27065) {
  const auto oab = hits_of(LogFamily::kOabGenerator, "DateTime,Message",
                           {"2021-03-02T02:51:33.904Z,Download failed and temporary file 'C:\\x\\abc.aspx' needs to be removed",
                            "2021-03-02T02:51:34.000Z,Download succeeded"});
  ASSERT_EQ(oab.size(), 1u);
  EXPECT_EQ(oab[0].check, kCve26858);
  EXPECT_NE(oab[0].detail.find("abc.aspx"), std::string::npos);
  EXPECT_EQ(find_set_virtual_directory("S:CMD=set-OabVirtualDirectory.ExternalUrl='x'"), "set-OabVirtualDirectory");
  EXPECT_EQ(find_set_virtual_directory("Set-VirtualDirectory"), "");  // `.+` needs a character
  EXPECT_EQ(find_set_virtual_directory("Reset-OabVirtualDirectory"), "");
  const auto ecp = hits_of(LogFamily::kEcp, "DateTime,EventData",
                           {R"(2021-03-02T02:51:25.640Z,"S:CMD=Set-OabVirtualDirectory.ExternalUrl='http://f/<script language=""JScript"">'")"});
  ASSERT_EQ(ecp.size(), 1u);
  EXPECT_EQ(ecp[0].detail, "Set-OabVirtualDirectory with a script in a URL");
}

TEST(ProxyLogonChecks, ScenarioLogsAsPlainFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("shellcarve-logs-" + std::to_string(::getpid()));
  const std::string command = "python3 " SHELLCARVE_SOURCE_DIR "/scripts/proxylogon_logs.py " + dir.string() + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "python3 cannot run scripts/proxylogon_logs.py";
  auto report = check_plain_logs({dir.string()});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(report) << report.error().message;
  const LogScanResult& scan = report->scan;
  std::map<std::string, int> per_check;
  for (const LogHit& hit : scan.hits) ++per_check[hit.check];
  EXPECT_EQ(per_check[std::string(kCve26855)], 2);
  EXPECT_EQ(per_check[std::string(kCve26858)], 1);
  EXPECT_EQ(per_check[std::string(kCve27065)], 1);
  EXPECT_EQ(scan.attacker_ips, (std::set<std::string>{"203.0.113.7"}));
  // The attacker's IIS and HttpProxy requests, followed through every log.
  size_t iis = 0;
  for (const LogRequest& request : scan.requests) iis += request.family == LogFamily::kIis;
  EXPECT_EQ(iis, 9u);
  bool gap = false;
  for (const FamilyCoverage& coverage : scan.coverage)
    if (coverage.family == LogFamily::kIis) {
      ASSERT_EQ(coverage.gaps.size(), 1u);
      gap = day_text(coverage.gaps[0].first_day) == "2021-03-03" && coverage.gaps[0].last_day == coverage.gaps[0].first_day;
      EXPECT_EQ(day_text(*coverage.first_day), "2021-03-01");
      EXPECT_EQ(day_text(*coverage.last_day), "2021-03-05");
    }
  EXPECT_TRUE(gap);
  const std::string json = write_proxylogon_json(*report);
  EXPECT_NE(json.find("\"answer\": \"hits\""), std::string::npos);
  EXPECT_NE(json.find("not answered: no EVTX logs found"), std::string::npos);
  EXPECT_EQ(write_proxylogon_json(*report), json);
  EXPECT_NE(scan.summary().find("IIS 43"), std::string::npos) << scan.summary();
}

}  // namespace
}  // namespace shellcarve::logs
