#include "report/html/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

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
        "MFT entry 70-1 $FILE_NAME at image offset 4096", "severity_reasons", "planted after the patch",
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
  write(dir / "proxylogon.json", R"({"checks": [{"rule": "CVE-2021-26855", "line": "POST /ecp/<x>.js", "count": 2}]})");
  const auto page = render_html_report(dir.path().string());
  ASSERT_TRUE(page);
  EXPECT_NE(page->find("CVE-2021-26855"), std::string::npos);
  EXPECT_NE(page->find("POST /ecp/&lt;x&gt;.js"), std::string::npos);
}

TEST(HtmlReport, AFolderWithoutManifestIsRefused) {
  test::TempDir dir;
  const auto page = render_html_report(dir.path().string());
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("not a readable case folder"), std::string::npos);
}

}  // namespace
}  // namespace shellcarve::html
