// The de-obfuscated view of ContentScanner (content_scan.h, deobfuscate/deobfuscate.h),
// end to end with our rules and heuristics: obfuscated one-liners that nothing matches as
// written are found through their folded text, and the finding says so; the nearest
// benign pages -- chr() and Replace() used for display -- stay unflagged.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "detect/content_scan.h"
#include "case/scan_carving.h"
#include "common/limits.h"
#include "detect/heuristics.h"
#include "detect/yara_scanner.h"
#include "support/rule_examples.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

std::shared_ptr<const detect::YaraRules> our_rules() {
  static auto rules = compile_scan_rules({});
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? *rules : nullptr;
}

// Every rule and heuristic that matches `page` as written (no folding).
std::vector<std::string> matched_as_written(const std::string& path, const std::string& page) {
  auto scanner = detect::YaraScanner::create(our_rules());
  EXPECT_TRUE(scanner);
  std::vector<std::string> names;
  const auto bytes = bytes_of(page);
  auto outcome = scanner->scan_memory(bytes, detect::ScanTarget::from_path(path));
  EXPECT_TRUE(outcome);
  if (outcome)
    for (const auto& m : outcome->matches) names.push_back(m.rule);
  for (const auto& hit : detect::content_heuristics(path, bytes)) names.push_back(hit.name);
  return names;
}

detect::ContentVerdict scanned(const std::string& path, const std::string& page) {
  auto scanner = detect::ContentScanner::create(our_rules());
  EXPECT_TRUE(scanner);
  return scanner->scan_bytes(path, bytes_of(page));
}

struct Obfuscated {
  const char* technique;
  const char* path;
  const char* page;
};

const Obfuscated kOneLiners[] = {
    {"single letters joined with &", "/inetpub/wwwroot/a.asp",
     R"~(<%Execute("e"&"v"&"a"&"l"&"(r"&"equest(""x""))")%>)~"},
    {"chr() arithmetic", "/inetpub/wwwroot/b.asp",
     R"~(<%Execute(Chr(100+1)&ChrW(&H76)&Chr(194/2)&Chr(108)&" r"&Chr(101)&"quest(""x"")")%>)~"},
    {"Replace() stripping junk", "/inetpub/wwwroot/c.asp",
     R"~(<%ExecuteGlobal Replace("e~v~a~l~ ~r~e~q~u~e~s~t~(~""x""~)","~","")%>)~"},
    {"StrReverse()", "/inetpub/wwwroot/d.asp", R"~(<%Execute StrReverse(")""x""(tseuqer lave")%>)~"},
    {"nested eval of a JScript string", "/inetpub/wwwroot/e.aspx",
     R"~(<%@ Page Language="Jscript"%><%eval(String.fromCharCode(82,101,113)+"uest.Item[\"x\"]");%>)~"},
};

TEST(DeobfuscatedScan, ObfuscatedOneLinersAreFoundThroughTheFoldedText) {
  for (const Obfuscated& o : kOneLiners) {
    SCOPED_TRACE(o.technique);
    // As written, the request-eval rules cannot see `eval request(...)`: it exists only once
    // folded. (Technique rules catch some pages as written too -- runtime_assembly.yar's
    // assembled pieces, SC_VBScript_Execute_Decoded, SC_JScript_Eval_Decoded -- a second
    // layer; the folded text adds the request-eval rules to them.)
    const auto written = matched_as_written(o.path, o.page);
    EXPECT_TRUE(std::none_of(written.begin(), written.end(),
                             [](const std::string& n) { return n.ends_with("SC_ChinaChopper_Eval_Request"); }));
    const detect::ContentVerdict verdict = scanned(o.path, o.page);
    ASSERT_TRUE(verdict.flagged());
    ASSERT_FALSE(verdict.deobfuscated.empty());
    EXPECT_GE(verdict.folded_chunks, 1u);
    // Each detector that fired on the folded text only says what it saw there.
    for (const auto& d : verdict.deobfuscated) {
      EXPECT_NE(d.evidence.find("folded from bytes"), std::string::npos) << d.evidence;
      EXPECT_LE(d.evidence.size(), 400u);
    }
  }
}

TEST(DeobfuscatedScan, TheFindingNamesTheFoldedTextAndItsBytes) {
  const std::string page = R"~(<%Execute("e"&"v"&"a"&"l"&"(r"&"equest(""x""))")%>)~";
  const detect::ContentVerdict verdict = scanned("/inetpub/wwwroot/a.asp", page);
  ASSERT_FALSE(verdict.deobfuscated.empty());
  const auto rule = std::find_if(verdict.deobfuscated.begin(), verdict.deobfuscated.end(),
                                 [](const detect::DeobfuscatedMatch& d) { return d.detector.ends_with("SC_ChinaChopper_Eval_Request"); });
  ASSERT_NE(rule, verdict.deobfuscated.end());
  EXPECT_NE(rule->evidence.find(R"(eval(request("x")))"), std::string::npos) << rule->evidence;
  EXPECT_NE(rule->evidence.find("folded from bytes 0..50"), std::string::npos) << rule->evidence;
  const auto notes = verdict.notes(detect::ContentScanOptions{});
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(),
                          [](const std::string& n) { return n.find("de-obfuscated") != std::string::npos; }));
}

TEST(DeobfuscatedScan, AMatchOnTheOriginalIsNotCalledDeobfuscated) {
  const std::string page = R"~(<%eval request("x") : y = "a"&"b"%>)~";
  const detect::ContentVerdict verdict = scanned("/inetpub/wwwroot/plain.asp", page);
  ASSERT_TRUE(verdict.flagged());
  EXPECT_TRUE(verdict.deobfuscated.empty());
}

// Nothing silent (issue 13): server code too large to fold, or nested deeper than the
// folding goes, is a warning and a note of the finding; a large file with no server code
// (a script library, a log) is not worth one.
TEST(DeobfuscatedScan, APageTooLargeOrTooDeepToFoldIsSaidSo) {
  const auto says = [](const std::vector<std::string>& lines, const std::string& what) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  const uint64_t cap = default_limits().max_deobfuscate_input_bytes;
  const std::string big = "<% x = \"a\"&\"b\" %>\r\n" + std::string(static_cast<size_t>(cap), ' ');
  const detect::ContentVerdict large = scanned("/inetpub/wwwroot/big.asp", big);
  EXPECT_TRUE(says(large.warnings, "server code not de-obfuscated")) << joined(large.warnings);
  EXPECT_TRUE(says(large.warnings, "max_deobfuscate_input_bytes")) << joined(large.warnings);
  ASSERT_EQ(large.deobfuscation_gaps.size(), 1u);
  EXPECT_TRUE(says(large.notes(detect::ContentScanOptions{}), "server code not de-obfuscated"));
  EXPECT_EQ(large.folded_chunks, 0u);

  const detect::ContentVerdict plain = scanned("/inetpub/wwwroot/big.js", std::string(static_cast<size_t>(cap) + 16, 'a'));
  EXPECT_TRUE(plain.deobfuscation_gaps.empty()) << joined(plain.deobfuscation_gaps);
  EXPECT_FALSE(says(plain.warnings, "de-obfuscat")) << joined(plain.warnings);

  const uint32_t depth = default_limits().max_deobfuscate_depth + 8;
  const std::string deep = "<% x = " + std::string(depth, '(') + "\"a\"&\"b\"" + std::string(depth, ')') + " %>";
  const detect::ContentVerdict nested = scanned("/inetpub/wwwroot/deep.asp", deep);
  EXPECT_TRUE(says(nested.warnings, "max_deobfuscate_depth")) << joined(nested.warnings);
  EXPECT_TRUE(says(nested.notes(detect::ContentScanOptions{}), "nested deeper than max_deobfuscate_depth"));

  const detect::ContentVerdict shallow = scanned("/inetpub/wwwroot/ok.asp", "<% x = ((\"a\"&\"b\")) %>");
  EXPECT_TRUE(shallow.deobfuscation_gaps.empty()) << joined(shallow.deobfuscation_gaps);
}

// The nearest benign pages: chr(), Replace(), StrReverse() and concatenation for display,
// request values written out -- nothing folded becomes code that runs.
TEST(DeobfuscatedScan, BenignPagesUsingTheSameFunctionsStayQuiet) {
  const char* const kPages[] = {
      R"~(<%
Dim sep : sep = Chr(13) & Chr(10)
Response.Write "<p>" & Replace("Hello_world", "_", " ") & "</p>" & sep
Response.Write StrReverse("olleh") & Mid("abcdef", 2, 3) & UCase("x")
name = Replace(Request("name"), "'", "''")
Set rs = conn.Execute("SELECT * FROM users WHERE name='" & name & "'")
%>)~",
      R"~(<%@ Page Language="C#"%><script runat="server">
protected void Page_Load(object s, EventArgs e) {
  Label1.Text = "Total: " + (char)36 + "5" + String.Format("{0}", Request.QueryString["n"]);
  var logo = Encoding.UTF8.GetString(Convert.FromBase64String("PGI+bG9nbzwvYj4="));
}
</script>)~",
  };
  for (const char* page : kPages) {
    const detect::ContentVerdict asp = scanned("/inetpub/wwwroot/site/page.asp", page);
    EXPECT_FALSE(asp.flagged()) << page << (asp.matches.empty() ? asp.hits.front().name : asp.matches.front().rule);
  }
}

}  // namespace
}  // namespace shellcarve::test
