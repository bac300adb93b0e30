// `shellcarve logs`: the checks over plain log files (scripts/proxylogon_logs.py's), the
// outputs written atomically into -o, exit 1 when a check hits, errors for bad arguments.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace shellcarve {
namespace {

TEST(LogsCommand, ScenarioLogsGiveHitsCoverageAndOutputs) {
  test::TempDir dir;
  const auto made = test::run_command("python3 " + test::shell_quote(std::string(SHELLCARVE_SOURCE_DIR) +
                                                                    "/scripts/proxylogon_logs.py") +
                                      " " + test::shell_quote((dir / "logs").string()));
  if (made.status != 0) GTEST_SKIP() << "python3 cannot run scripts/proxylogon_logs.py";
  const auto run = test::run_shellcarve({"logs", (dir / "logs").string(), "-o", (dir / "out").string()});
  EXPECT_EQ(run.status, 1) << run.err;  // hits: a negative verdict
  EXPECT_NE(run.out.find("CVE-2021-26855: 2 hit(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("CVE-2021-27065: 1 hit(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("coverage IIS: 4 file(s), 2021-03-01 to 2021-03-05, 1 gap(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("70 log lines read (IIS 43, HTTPPROXY 14, ECP 7, OAB 6)"), std::string::npos) << run.err;
  const std::string json = test::read_text(dir / "out" / "proxylogon.json");
  EXPECT_NE(json.find("\"attacker_ips\": [\n    \"203.0.113.7\"\n  ]"), std::string::npos);
  EXPECT_TRUE(test::read_text(dir / "out" / "proxylogon.csv").starts_with("check,time,"));
  const auto again = test::run_shellcarve({"logs", (dir / "logs").string(), "--json"});
  EXPECT_EQ(again.out, json);  // the same bytes every run
}

TEST(LogsCommand, BadArguments) {
  EXPECT_EQ(test::run_shellcarve({"logs"}).status, 2);
  EXPECT_EQ(test::run_shellcarve({"logs", "/nonexistent/log"}).status, 2);
  EXPECT_EQ(test::run_shellcarve({"logs", "--family", "nope", "/tmp"}).status, 2);
}

}  // namespace
}  // namespace shellcarve
