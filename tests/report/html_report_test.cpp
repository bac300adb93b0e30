#include "report/html/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/test_support.h"

namespace shellcarve::html {
namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A case folder as scan writes it, with hostile names and content, a field the report does
// not know ("severity_reasons") and a timeline row that is not JSON.
void write_hostile_case(const std::filesystem::path& dir) {
  const std::string sha(64, 'a');
  write(dir / "manifest.json", R"({"tool": {"name": "shellcarve", "version": "0.1.0", "git_commit": "abc"},
    "command_line": "shellcarve scan x.E01", "started": "2026-12-04T10:00:00.0000000Z",
    "finished": "2026-12-04T10:01:00.0000000Z", "examiner": "A. Examiner", "case_number": "2026-17",
    "evidence_number": "E1", "image": {"segments": ["x.E01"], "size": 1048576, "format": "ewf",
    "stored_md5": "", "stored_sha1": "", "md5": null, "sha1": null, "sha256": null, "verified": null,
    "damage": []}, "options": {"rules.0": "rules/webshells.yar", "rules.0.sha256": "beef"},
    "outputs": [{"name": "findings.json", "size": 1, "sha256": "00"}], "warnings": ["w <b>1</b>"]})");
  write(dir / "findings.json", R"({"patched_at": "2021-03-03T03:20:00.0000000Z",
    "patched_at_filetime": 132591828000000000, "patched_at_source": "examiner", "findings": [
    {"path": "/inetpub/wwwroot/<script>alert(1)</script>.aspx", "state": "allocated", "mft_entry": 70,
     "mft_sequence": 1, "image_offset": 4096, "size": 60, "sha256": ")" + sha + R"(", "severity": "critical",
     "planted_at_filetime": 132593544000000000, "planted_between": ["2021-03-05T00:00:00.0000000Z", null],
     "planted_evidence": [{"role": "earliest", "time": "2021-03-05T00:00:00.0000000Z", "filetime": 1,
       "fact": "$FN creation", "source": "MFT entry 70-1 $FILE_NAME at image offset 4096"}],
     "severity_reasons": ["planted after the patch"]},
    {"path": "/inetpub/wwwroot/\"><img src=x onerror=alert(1)>.aspx", "state": "deleted", "severity": "high"},
    {"path": "/inetpub/wwwroot/evil\u202egpj.aspx", "state": "ads", "severity": "medium"}]})");
  write(dir / "evidence" / (sha + ".bin"), "<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"z\"],\"unsafe\");%>\xFF");
  write(dir / "timeline.jsonl",
        "{\"timestamp_desc\": \"$FN Creation\", \"webroot\": \"/inetpub/wwwroot\", \"filetime\": 132593544000000000}\n"
        "not json\n");
}

TEST(HtmlReport, SameFolderGivesTheSameBytes) {
  test::TempDir dir;
  write_hostile_case(dir.path());
  const auto first = render_html_report(dir.path().string());
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(write_html_report(dir.path().string()));
  // report.html itself is left out of the folder's file list: writing it changes nothing.
  const auto second = render_html_report(dir.path().string());
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, *second);
  std::ifstream in(dir / "report.html", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), *first);
}

TEST(HtmlReport, HostileNamesAndContentStayText) {
  test::TempDir dir;
  write_hostile_case(dir.path());
  const auto page = render_html_report(dir.path().string());
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->find("<script"), std::string::npos);
  EXPECT_EQ(page->find("<img"), std::string::npos);
  EXPECT_EQ(page->find("<b>1"), std::string::npos);
  EXPECT_EQ(page->find("\xE2\x80\xAE"), std::string::npos);  // no raw bidi override
  EXPECT_NE(page->find("&lt;script&gt;alert(1)&lt;/script&gt;.aspx"), std::string::npos);
  EXPECT_NE(page->find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.aspx"), std::string::npos);
  EXPECT_NE(page->find("evil<span class=\"esc\">\\u202e</span>gpj.aspx"), std::string::npos);
  EXPECT_NE(page->find("eval(Request.Item[&quot;z&quot;],&quot;unsafe&quot;);%&gt;<span class=\"esc\">\\xff</span>"),
            std::string::npos);
  EXPECT_NE(page->find("http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src "
                       "&#39;sha256-"),
            std::string::npos);
}

TEST(HtmlReport, ShowsEveryPartOfTheCase) {
  test::TempDir dir;
  write_hostile_case(dir.path());
  const auto page = render_html_report(dir.path().string());
  ASSERT_TRUE(page);
  for (const char* expected :
       {"2026-17", "A. Examiner", "rules/webshells.yar", "beef", "2021-03-03T03:20:00.0000000Z",
        "MFT entry 70-1 $FILE_NAME at image offset 4096", "Why this severity", "planted after the patch",
        "<svg class=\"chart\"", "1 births", "timeline.jsonl: 1 of 2 rows unreadable", "<tr class=\"finding-row\">",
        "No log check output (proxylogon.json)", "manifest.json</td>", "computed"})
    EXPECT_NE(page->find(expected), std::string::npos) << expected;
  EXPECT_EQ(std::count(page->begin(), page->end(), '\n') > 100, true);
  size_t rows = 0;
  for (size_t at = page->find("class=\"finding-row\""); at != std::string::npos;
       at = page->find("class=\"finding-row\"", at + 1))
    ++rows;
  EXPECT_EQ(rows, 3u);
}

TEST(HtmlReport, ProxyLogonChecksShowWhenPresent) {
  test::TempDir dir;
  write_hostile_case(dir.path());
  // proxylogon.json as the scan writes it (src/logs/proxylogon_output.cpp), values hostile.
  const std::string request = R"({"source": "IIS", "time": "2021-03-02T02:51:31.0000000Z", "method": "POST",
    "url_path": "/ecp/<x>.js", "query": "a=<b>", "status": "200", "client_ip": "203.0.113.7",
    "user_agent": "python-requests/2.25.1", "provenance": {"path": "/inetpub/logs/LogFiles/W3SVC1/u_ex210302.log",
    "mft_entry": 113, "mft_sequence": 1, "deleted": false, "line_number": 10, "record_id": 0,
    "image_offset": 14738426}})";
  write(dir / "proxylogon.json", R"({"checks": [
      {"check": "CVE-2021-26855", "answer": "hits", "hits": 1, "logs": "HTTPPROXY", "coverage_note": "",
       "source": "Get-Cve26855"},
      {"check": "CVE-2021-26858", "answer": "not answered: no OAB logs found", "hits": 0, "logs": "OAB",
       "coverage_note": "", "source": "Get-Cve26858"}],
    "hits": [{"check": "CVE-2021-26857", "source": "EVTX", "time": "2021-03-02T02:50:58.6250000Z",
      "client_ip": "", "detail": "event 4 <InvalidCast>", "provenance": {"path": "/Windows/System32/winevt/Logs/Application.evtx",
      "mft_entry": 118, "mft_sequence": 1, "deleted": false, "line_number": 0, "record_id": 2, "image_offset": 14759689}}],
    "suspicious_files": [{"type": "LsassDump", "path": "/ProgramData/lsass.dmp", "mft_entry": 110, "mft_sequence": 2,
      "deleted": true, "size": 16392, "evidence": "MDMP minidump signature", "content": "recoverable",
      "created": "2021-03-02T08:00:05.0000000Z", "modified": "2021-03-02T08:00:05.0000000Z"}],
    "coverage": [{"source": "IIS", "files": 4, "rows": 23, "first_day": "2021-03-01", "last_day": "2021-03-05",
      "gaps": [{"from": "2021-03-03", "to": "2021-03-03", "days": 1}], "deleted_files": [], "unreadable_files": []}],
    "attacker_ips": ["203.0.113.7"], "attacker_requests": [)" + request + R"(],
    "log_files": [{"source": "IIS", "lines": 7, "malformed_rows": 1, "error": ""}], "warnings": []})");
  // The finding of the hostile case gains the log facts of a real scan.
  std::string findings;
  {
    std::ifstream in(dir / "findings.json", std::ios::binary);
    findings.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string marker = R"("severity_reasons": ["planted after the patch"])";
  ASSERT_NE(findings.find(marker), std::string::npos);
  findings.replace(findings.find(marker), marker.size(),
                   marker + R"(, "requests": {"count": 5, "first": )" + request + R"(, "last": )" + request +
                       R"(, "client_ips": ["203.0.113.7"], "user_agents": ["antSword/v2.1"], "statuses": ["200"],
                       "url_paths": ["/aspnet_client/abc.aspx"]}, "dropped_by": {"request": )" + request +
                       R"j(, "gap_seconds": "2.0000000", "evidence": "a request to an exploit URL, 2.0 s before"},
                       "deobfuscated": ["eval(Request.Item[\"<z>\"])"])j");
  write(dir / "findings.json", findings);
  const auto page = render_html_report(dir.path().string());
  ASSERT_TRUE(page);
  for (const char* expected :
       {"CVE-2021-26855", "not answered: no OAB logs found", "event 4 &lt;InvalidCast&gt;",
        "/Windows/System32/winevt/Logs/Application.evtx record 2 (MFT 118-1), image offset 14759689",
        "POST /ecp/&lt;x&gt;.js?a=&lt;b&gt;", "u_ex210302.log line 10 (MFT 113-1), image offset 14738426",
        "2021-03-03 (1 day(s))", "/ProgramData/lsass.dmp", "deleted", "1 log file(s) read, 7 line(s)",
        "Requests to this page (logged)", "antSword/v2.1", "a request to an exploit URL, 2.0 s before",
        "De-obfuscated text the rules matched", "eval(Request.Item[&quot;&lt;z&gt;&quot;])"})
    EXPECT_NE(page->find(expected), std::string::npos) << expected;
  EXPECT_EQ(page->find("<x>"), std::string::npos);
  EXPECT_EQ(page->find("Further fields"), std::string::npos) << "log facts have rows of their own";
}

TEST(HtmlReport, AFolderWithoutManifestIsRefused) {
  test::TempDir dir;
  const auto page = render_html_report(dir.path().string());
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("not a readable case folder"), std::string::npos);
}

}  // namespace
}  // namespace shellcarve::html
