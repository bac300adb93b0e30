// Issue 14's "Done when", end to end: `scan` of test-images/proxylogon.raw.gz (an Exchange
// server attacked through ProxyLogon, scripts/make-proxylogon-image.sh; the facts asserted
// are those of test-images/README.md section 11).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/test_support.h"

namespace shellcarve {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class ProxyLogonScan : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = test::shared_scan_of_test_image("proxylogon.raw.gz", {"--no-hash"});
    if (run_ == nullptr) GTEST_SKIP() << "test-images/proxylogon.raw.gz absent";
    ASSERT_TRUE(run_->result.status == 0 || run_->result.status == 1) << run_->result.err;  // 1: findings
    proxylogon_ = read_text(run_->case_dir() / "proxylogon.json");
  }
  const test::ScanRun* run_ = nullptr;
  std::string proxylogon_;
};

TEST_F(ProxyLogonScan, EveryCheckAnswersRight) {
  const auto checks = test::json_values(proxylogon_, "check");
  const auto answers = test::json_values(proxylogon_, "answer");
  ASSERT_GE(answers.size(), 6u);
  std::map<std::string, std::string> answer_of;
  for (size_t i = 0; i < 6; ++i) answer_of[checks[i]] = answers[i];
  EXPECT_EQ(answer_of["CVE-2021-26855"], "hits");
  EXPECT_EQ(answer_of["CVE-2021-26857"], "hits");  // Application.evtx
  EXPECT_EQ(answer_of["CVE-2021-26858"], "hits");
  EXPECT_EQ(answer_of["CVE-2021-27065"], "hits");  // ECP server log and MSExchange Management.evtx
  EXPECT_EQ(answer_of["MailboxExportRequest"], "hits");
  EXPECT_EQ(answer_of["SuspiciousFiles"], "hits");
  // The event log hits: the UM crash, the cmdlet with a script in ExternalUrl, the export.
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:50:58.6250000Z\""), std::string::npos) << proxylogon_;
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:51:31.1180000Z\""), std::string::npos) << proxylogon_;
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T08:19:52.5000000Z\""), std::string::npos) << proxylogon_;
  EXPECT_NE(proxylogon_.find("\"source\": \"EVTX\""), std::string::npos) << proxylogon_;
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:51:10.3170000Z\""), std::string::npos);
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:51:14.5520000Z\""), std::string::npos);
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:51:25.6400000Z\""), std::string::npos);
  EXPECT_NE(proxylogon_.find("\"time\": \"2021-03-02T02:51:33.9040000Z\""), std::string::npos);
  EXPECT_NE(proxylogon_.find("\"client_ip\": \"203.0.113.7\""), std::string::npos);
}

TEST_F(ProxyLogonScan, SuspiciousFilesIncludeTheDeletedLsassDump) {
  EXPECT_NE(proxylogon_.find("\"type\": \"LsassDump\",\n      \"path\": \"/ProgramData/lsass.dmp\""), std::string::npos)
      << proxylogon_;
  const size_t lsass = proxylogon_.find("/ProgramData/lsass.dmp");
  ASSERT_NE(lsass, std::string::npos);
  const std::string after = proxylogon_.substr(lsass, 400);
  EXPECT_NE(after.find("\"deleted\": true"), std::string::npos) << after;
  EXPECT_NE(after.find("MDMP"), std::string::npos) << after;
  EXPECT_NE(after.find("\"content\": \"recoverable\""), std::string::npos) << after;
  EXPECT_NE(proxylogon_.find("/ProgramData/out.7z"), std::string::npos);
  EXPECT_NE(proxylogon_.find("/inetpub/wwwroot/aspnet_client/system_web/export.pst"), std::string::npos);
}

TEST_F(ProxyLogonScan, TheMissingIisDayIsReported) {
  const size_t iis = proxylogon_.find("\"source\": \"IIS\",\n      \"files\"");
  ASSERT_NE(iis, std::string::npos) << proxylogon_;
  const std::string coverage = proxylogon_.substr(iis, 500);
  EXPECT_NE(coverage.find("\"first_day\": \"2021-03-01\""), std::string::npos) << coverage;
  EXPECT_NE(coverage.find("\"last_day\": \"2021-03-05\""), std::string::npos) << coverage;
  EXPECT_NE(coverage.find("\"from\": \"2021-03-03\",\n          \"to\": \"2021-03-03\""), std::string::npos) << coverage;
}

TEST_F(ProxyLogonScan, ShellsGainTheirRequestsAndDroppers) {
  const std::string abc = test::finding_for(run_->json, "/inetpub/wwwroot/aspnet_client/abc.aspx");
  ASSERT_FALSE(abc.empty()) << run_->json;
  EXPECT_NE(abc.find("\"count\": 5"), std::string::npos) << abc;
  const size_t first = abc.find("\"first\"");
  ASSERT_NE(first, std::string::npos) << abc;
  EXPECT_NE(abc.find("\"time\": \"2021-03-02T02:52:02.0000000Z\"", first), std::string::npos) << abc;
  EXPECT_NE(abc.find("\"time\": \"2021-03-05T10:00:00.0000000Z\"", first), std::string::npos) << abc;
  const size_t dropped = abc.find("\"dropped_by\"");
  ASSERT_NE(dropped, std::string::npos) << abc;
  EXPECT_NE(abc.find("\"query\": \"schema=ResetOABVirtualDirectory", dropped), std::string::npos) << abc;
  EXPECT_NE(abc.find("\"gap_seconds\": \"2.0000000\"", dropped), std::string::npos) << abc;

  const std::string fix = test::finding_for(
      run_->json, "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/outlookfix.aspx");
  ASSERT_FALSE(fix.empty()) << run_->json;
  EXPECT_NE(fix.find("\"count\": 2"), std::string::npos) << fix;
  EXPECT_NE(fix.find("/OWA/auth/OutlookFix%2Easpx"), std::string::npos) << fix;
  const size_t fix_dropped = fix.find("\"dropped_by\"");
  ASSERT_NE(fix_dropped, std::string::npos) << fix;
  EXPECT_NE(fix.find("\"url_path\": \"/aspnet_client/abc.aspx\"", fix_dropped), std::string::npos) << fix;
  EXPECT_NE(fix.find("\"client_ip\": \"198.51.100.23\"", fix_dropped), std::string::npos) << fix;
  EXPECT_NE(fix.find("\"gap_seconds\": \"3.0000000\"", fix_dropped), std::string::npos) << fix;
}

TEST_F(ProxyLogonScan, SummaryLineTimelineAndCsv) {
  EXPECT_NE(run_->result.err.find("log lines read (IIS 43, HTTPPROXY "), std::string::npos) << run_->result.err;
  const std::string timeline = read_text(run_->case_dir() / "timeline.csv");
  EXPECT_NE(timeline.find(",IIS,"), std::string::npos);
  EXPECT_NE(timeline.find(",HTTPPROXY,"), std::string::npos);
  EXPECT_NE(timeline.find(",ECP,"), std::string::npos);
  EXPECT_NE(timeline.find(",OAB,"), std::string::npos);
  EXPECT_NE(timeline.find(",EVTX,"), std::string::npos);
  EXPECT_NE(run_->result.err.find("EVTX 6)"), std::string::npos) << run_->result.err;  // 3 + 3 records
  const std::string csv = read_text(run_->case_dir() / "proxylogon.csv");
  EXPECT_TRUE(csv.starts_with("check,time,time_filetime,time_raw,source,client_ip"));
  EXPECT_NE(csv.find("CVE-2021-26855,2021-03-02T02:51:10.3170000Z"), std::string::npos) << csv;
}

}  // namespace
}  // namespace shellcarve
