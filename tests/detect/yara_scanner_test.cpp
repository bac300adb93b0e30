// The libyara adapter on rules written here: compile errors name file and line, failing
// files can be skipped and listed, externals reach the rules per object, meta/tags/strings
// come back with the caps reported, a slow rule times out instead of hanging, scanners work
// side by side on one set of compiled rules.
#include "detect/yara_scanner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/test_support.h"

namespace shellcarve::detect {
namespace {

std::span<const std::byte> bytes_of(const std::string& text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::shared_ptr<const YaraRules> compile_text(const std::string& text, const CompileOptions& options = {},
                                              const std::string& ns = "default") {
  auto rules = YaraRules::compile({RuleSource{"test.yar", ns, text}}, options);
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? *rules : nullptr;
}

ScanOutcome scan(const std::shared_ptr<const YaraRules>& rules, const std::string& text,
                 const ScanTarget& target = {}) {
  auto scanner = YaraScanner::create(rules);
  EXPECT_TRUE(scanner) << scanner.error().message;
  auto outcome = scanner->scan_memory(bytes_of(text), target);
  EXPECT_TRUE(outcome) << outcome.error().message;
  return outcome ? *outcome : ScanOutcome{};
}

TEST(YaraScanner, CompileErrorNamesFileAndLine) {
  test::TempDir dir;
  write_text(dir / "good.yar", "rule good { condition: true }\n");
  write_text(dir / "bad.yar", "rule bad\n{\n  condition: $missing and @@\n}\n");
  auto sources = collect_rule_files(dir.path());
  ASSERT_TRUE(sources) << sources.error().message;
  auto rules = YaraRules::compile(*sources);
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().code, ErrorCode::kFormat);
  EXPECT_NE(rules.error().message.find("bad.yar:3:"), std::string::npos) << rules.error().message;
  EXPECT_NE(rules.error().message.find("$missing"), std::string::npos) << rules.error().message;
}

TEST(YaraScanner, FailingFilesCanBeSkippedAndListed) {
  test::TempDir dir;
  write_text(dir / "a_good.yar", "rule good { condition: true }\n");
  write_text(dir / "b_bad.yar", "rule bad { condition: pe.is_dll() }\n");
  auto sources = collect_rule_files(dir.path());
  ASSERT_TRUE(sources);
  CompileOptions options;
  options.skip_failing_sources = true;
  auto rules = YaraRules::compile(*sources, options);
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ((*rules)->report().skipped.size(), 1u);
  EXPECT_NE((*rules)->report().skipped[0].message.find("b_bad.yar:1:"), std::string::npos);
  ASSERT_EQ((*rules)->report().compiled.size(), 1u);
  EXPECT_EQ((*rules)->report().rule_count, 1u);
  // Namespace = file stem for extra rule sets.
  const auto outcome = scan(*rules, "x");
  ASSERT_EQ(outcome.matches.size(), 1u);
  EXPECT_EQ(outcome.matches[0].rule, "a_good:good");
}

TEST(YaraScanner, CollectsRuleFilesSortedAndFiltered) {
  test::TempDir dir;
  write_text(dir / "z.yar", "rule z { condition: true }\n");
  write_text(dir / "sub" / "a.YARA", "rule a { condition: true }\n");
  write_text(dir / "b.yar", "rule b { condition: true }\n");
  write_text(dir / "notes.txt", "not rules\n");
  auto sources = collect_rule_files(dir.path(), "default");
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 3u);
  EXPECT_EQ((*sources)[0].path.filename(), "b.yar");
  EXPECT_EQ((*sources)[1].path.filename(), "a.YARA");
  EXPECT_EQ((*sources)[2].path.filename(), "z.yar");
  EXPECT_EQ(collect_rule_files(dir / "absent").error().code, ErrorCode::kNotFound);
  test::TempDir empty;
  EXPECT_EQ(collect_rule_files(empty.path()).error().code, ErrorCode::kInvalidArgument);
}

// Public folders reuse rule names across files (nsacyber's core and extended sets both
// define the same rules); like yarac, each file gets a namespace of its own, also when two
// files in different sub-folders share a stem.
TEST(YaraScanner, FolderReusingRuleNamesCompilesOneNamespacePerFile) {
  test::TempDir dir;
  write_text(dir / "core.webshell.yara", "rule same { condition: true }\n");
  write_text(dir / "extended.webshell.yara", "rule same { condition: true }\n");
  write_text(dir / "other" / "core.webshell.yara", "rule same { condition: true }\n");
  auto sources = collect_rule_files(dir.path());
  ASSERT_TRUE(sources) << sources.error().message;
  ASSERT_EQ(sources->size(), 3u);
  EXPECT_EQ((*sources)[0].rule_namespace, "core.webshell");
  EXPECT_EQ((*sources)[1].rule_namespace, "extended.webshell");
  EXPECT_EQ((*sources)[2].rule_namespace, "other/core.webshell");
  auto rules = YaraRules::compile(*sources);
  ASSERT_TRUE(rules) << rules.error().message;
  const auto outcome = scan(*rules, "x");
  ASSERT_EQ(outcome.matches.size(), 3u);
  EXPECT_EQ(outcome.matches[2].rule, "other/core.webshell:same");
}

TEST(YaraScanner, ExternalsAreSetPerObject) {
  auto rules = compile_text(R"(
rule by_name { condition: extension == ".aspx" and filename == "errorEE.aspx" }
rule by_path { condition: filepath contains "\\aspnet_client\\" }
rule by_owner { condition: owner == "S-1-5-18" and filetype == "ASPX" }
)");
  ASSERT_TRUE(rules);
  auto scanner = YaraScanner::create(rules);
  ASSERT_TRUE(scanner);
  ScanTarget target = ScanTarget::from_path("/inetpub/wwwroot/aspnet_client/errorEE.ASPX");
  EXPECT_EQ(target.filename, "errorEE.ASPX");
  EXPECT_EQ(target.extension, ".aspx");
  EXPECT_EQ(target.filepath, "\\inetpub\\wwwroot\\aspnet_client\\errorEE.ASPX");
  target.filename = "errorEE.aspx";
  target.owner = "S-1-5-18";
  target.filetype = "ASPX";
  auto first = scanner->scan_memory(bytes_of("x"), target);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->matches.size(), 3u);
  // The next object's values replace the previous ones entirely.
  auto second = scanner->scan_memory(bytes_of("x"), ScanTarget::from_path("/inetpub/wwwroot/default.htm"));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->matches.empty());
}

TEST(YaraScanner, ReportsMetaTagsAndStringOffsets) {
  auto rules = compile_text(R"(
rule tagged : webshell aspx
{
  meta:
    description = "finds the word"
    severity = 7
    reference = "https://example.org/report"
    date = "2021-03-02"
    author = "ignored"
  strings:
    $w = "needle"
  condition:
    $w
}
)", {}, "ours");
  ASSERT_TRUE(rules);
  const auto outcome = scan(rules, "hay needle hay needle");
  ASSERT_EQ(outcome.matches.size(), 1u);
  const RuleMatch& m = outcome.matches[0];
  EXPECT_EQ(m.rule, "ours:tagged");
  EXPECT_EQ(m.identifier, "tagged");
  EXPECT_EQ(m.rule_namespace, "ours");
  EXPECT_EQ(m.tags, (std::vector<std::string>{"webshell", "aspx"}));
  EXPECT_EQ(m.description, "finds the word");
  EXPECT_EQ(m.severity, "7");
  EXPECT_EQ(m.reference, "https://example.org/report");
  EXPECT_EQ(m.date, "2021-03-02");
  ASSERT_EQ(m.strings.size(), 2u);
  EXPECT_EQ(m.strings[0].identifier, "$w");
  EXPECT_EQ(m.strings[0].offset, 4u);
  EXPECT_EQ(m.strings[0].length, 6u);
  EXPECT_EQ(m.strings[1].offset, 15u);
  EXPECT_TRUE(outcome.warnings.empty());
}

TEST(YaraScanner, CapsOnStringMatchesAreReported) {
  CompileOptions options;
  options.limits.max_strings_per_match = 4;
  auto rules = compile_text("rule many { strings: $a = \"ab\" condition: $a }", options);
  ASSERT_TRUE(rules);
  std::string text;
  for (int i = 0; i < 50; ++i) text += "ab-";
  const auto outcome = scan(rules, text);
  ASSERT_EQ(outcome.matches.size(), 1u);
  EXPECT_EQ(outcome.matches[0].strings.size(), 4u);
  EXPECT_EQ(outcome.matches[0].strings_total, 50u);
  ASSERT_EQ(outcome.warnings.size(), 1u);
  EXPECT_NE(outcome.warnings[0].find("kept 4 of 50"), std::string::npos);
}

TEST(YaraScanner, SlowRuleTimesOutInsteadOfHanging) {
  CompileOptions options;
  options.limits.timeout_seconds = 1;
  // (64 Ki)^2 loop iterations: minutes of work without the timeout.
  auto rules = compile_text(R"(
rule quick { condition: filesize > 0 }
rule slow { condition: for all i in (0..filesize) : (for all j in (0..filesize) : (uint8(i) != 0xFF or uint8(j) == 1)) }
)", options);
  ASSERT_TRUE(rules);
  const std::string zeros(64 * 1024, '\0');
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = scan(rules, zeros, ScanTarget::from_path("/big.aspx"));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_LT(seconds, 10.0);
  ASSERT_FALSE(outcome.warnings.empty());
  EXPECT_NE(outcome.warnings.back().find("timeout"), std::string::npos);
}

TEST(YaraScanner, ScansFilesOnDisk) {
  auto rules = compile_text("rule word { strings: $a = \"runat\" condition: $a and filename == \"p.aspx\" }");
  ASSERT_TRUE(rules);
  test::TempDir dir;
  write_text(dir / "p.aspx", "<script runat=server>");
  auto scanner = YaraScanner::create(rules);
  ASSERT_TRUE(scanner);
  auto outcome = scanner->scan_file(dir / "p.aspx", ScanTarget::from_path((dir / "p.aspx").string()));
  ASSERT_TRUE(outcome) << outcome.error().message;
  ASSERT_EQ(outcome->matches.size(), 1u);
  EXPECT_EQ(outcome->matches[0].strings[0].offset, 8u);
  auto missing = scanner->scan_file(dir / "absent.aspx", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(YaraScanner, OneScannerPerThreadOnSharedRules) {
  auto rules = compile_text(R"(
rule even { condition: filename matches /[02468]\.aspx$/ }
rule word { strings: $a = "needle" condition: $a }
)");
  ASSERT_TRUE(rules);
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto scanner = YaraScanner::create(rules);
      if (!scanner) {
        wrong[t] = -1;
        return;
      }
      for (int i = 0; i < 200; ++i) {
        const std::string name = "/p" + std::to_string(i) + ".aspx";
        auto outcome = scanner->scan_memory(bytes_of(i % 3 == 0 ? "a needle" : "hay"), ScanTarget::from_path(name));
        const size_t expected = (i % 2 == 0 ? 1 : 0) + (i % 3 == 0 ? 1 : 0);
        if (!outcome || outcome->matches.size() != expected) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(YaraScanner, FindsOurRulesBesideTheBuild) {
  // The test binary is build/tests/shellcarve_tests: two levels up is the source tree.
  auto dir = find_builtin_rules_dir();
  ASSERT_TRUE(dir) << dir.error().message;
  EXPECT_TRUE(std::filesystem::exists(*dir / "china_chopper.yar"));
}

}  // namespace
}  // namespace shellcarve::detect
