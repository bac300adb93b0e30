// Output safety: names from the image are untrusted. Unsafe characters (controls, C1,
// bidi overrides, line separators, invalid bytes) never reach an output raw; CSV cells
// cannot start a formula; nothing is written outside the output directory; evidence files
// are named by their SHA-256. Unit checks of the helpers, then the whole `scan` on
// iis-config.raw with the webshell's $FILE_NAME renamed to hostile names.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "common/display_text.h"
#include "fuzz/output_checks.h"
#include "hostile/image_patcher.h"
#include "report/manifest.h"
#include "support/test_support.h"
#include "timeline/listing.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

TEST(OutputSafety, EscapesUnsafeCharacters) {
  const std::pair<const char*, const char*> kCases[] = {
      {"a\nb\tc\x7f", "a\\x0ab\\x09c\\x7f"},
      {"evil\u202Egpj.aspx", "evil\\u202egpj.aspx"},        // right-to-left override
      {"csi\u009B2J", "csi\\u009b2J"},                      // C1 control sequence introducer
      {"line\u2028sep", "line\\u2028sep"},                  // line separator
      {"bad\xff\xc3", "bad\\xff\\xc3"},                      // invalid UTF-8
      {"caf\u00e9 \u6f22\u5b57 \U0001F600", "caf\u00e9 \u6f22\u5b57 \U0001F600"},  // kept
  };
  for (const auto& [raw, escaped] : kCases) EXPECT_EQ(escape_unsafe_text(raw), escaped) << raw;
  EXPECT_EQ(mask_unsafe_text("a\x1b[2J\u202Eb\xff"), "a^[2J^b^");
}

TEST(OutputSafety, OutputNamesCannotLeaveTheDirectory) {
  EXPECT_TRUE(is_safe_output_name("findings.json"));
  EXPECT_TRUE(is_safe_output_name("evidence/0123abcd.bin"));
  EXPECT_TRUE(is_safe_output_name("my timeline.csv"));
  for (const char* bad : {"", "../x", "/etc/passwd", "evidence/../../x", "a//b", "a/./b", "a/", "..",
                          "x\n", "x\xff"})
    EXPECT_FALSE(is_safe_output_name(bad)) << bad;
  test::TempDir dir;
  fs::create_directories(dir / "out");
  OutputSet outputs((dir / "out").string());
  EXPECT_FALSE(outputs.write("../escaped.txt", "x"));
  EXPECT_FALSE(fs::exists(dir / "escaped.txt"));
  EXPECT_TRUE(outputs.write("kept.txt", "x"));
}

TEST(OutputSafety, ListingLinesMaskUnsafeNames) {
  const std::string path = "/web/a\nb\u202Ec\u0085d.aspx";
  ListingRow row;
  row.path = path;
  row.stream = "s\x1b";
  row.attribute_type = 128;
  row.permissions = "rwxrwxrwx";
  for (const std::string& line : {fls_line(row), long_line(row), bodyfile_line(row)}) {
    // fls separates its columns with tabs: the one control character allowed.
    EXPECT_EQ(fuzz::check_clean_text(line.substr(0, line.size() - 1), "\t"), "") << line;
    EXPECT_NE(line.find("a^b^c^d.aspx"), std::string::npos) << line;
  }
  EXPECT_EQ(fuzz::check_bodyfile_line(bodyfile_line(row).substr(0, bodyfile_line(row).size() - 1)), "");
}

// fls 4.11 writes a '|' in a name raw (12 fields; mactime drops the line): ours is '^', in
// the fast path (printable ASCII) and the slow one (a name with an unsafe character too).
TEST(OutputSafety, BodyfileMasksTheFieldSeparatorInNames) {
  ListingRow row;
  row.path = "/web/a|b.aspx";
  row.stream = "x|y";
  row.attribute_type = 128;
  row.permissions = "rwxrwxrwx";
  std::string line = bodyfile_line(row);
  EXPECT_EQ(fuzz::check_bodyfile_line(line.substr(0, line.size() - 1)), "") << line;
  EXPECT_NE(line.find("|/web/a^b.aspx:x^y|"), std::string::npos) << line;
  row.path = "/web/a|b\x1b.aspx";
  line = bodyfile_line(row);
  EXPECT_EQ(fuzz::check_bodyfile_line(line.substr(0, line.size() - 1)), "") << line;
  EXPECT_NE(line.find("|/web/a^b^.aspx:x^y|"), std::string::npos) << line;
  EXPECT_EQ(mask_bodyfile_field("a|b\n"), "a^b^");
}

// Renames the webshell's $FILE_NAME (iis-config entry 76, "health.aspx", 11 UTF-16 units)
// in place, keeping its length, with the update sequence re-applied.
void rename_webshell(test::ImagePatcher& patcher, const std::u16string& name) {
  ASSERT_EQ(name.size(), 11u);
  patcher.edit_attribute(76, 0x30, [&](std::span<std::byte> record, size_t fn) {
    const size_t content = test::ImagePatcher::content_offset(record, fn);
    ASSERT_EQ(std::to_integer<int>(record[content + 0x40]), 11);
    for (size_t i = 0; i < name.size(); ++i) test::ImagePatcher::put_le(record, content + 0x42 + 2 * i, name[i], 2);
  });
}

TEST(OutputSafety, ScanOfHostileNamesWritesWellFormedOutputs) {
  const auto image = test::test_image("iis-config.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  // ESC ] 0 ; BEL would retitle a terminal; LF forges a row; U+202E flips the display;
  // '=' at the start of a cell is a formula; '|' splits a bodyfile field.
  for (const std::u16string& name : {std::u16string(u"\x1b]0;x\a.aspx"), std::u16string(u"a\nb\"c,.aspx"),
                                     std::u16string(u"=\u202Expsa.aspx"), std::u16string(u"a|b|c|.aspx")}) {
    test::ImagePatcher patcher(*image);
    rename_webshell(patcher, name);
    test::TempDir dir;
    patcher.save(dir / "hostile.raw");
    const fs::path out = dir / "case";
    const auto run = test::run_command("timeout -s KILL 60 " + test::shell_quote(SHELLCARVE_BINARY) + " scan " +
                                       test::shell_quote((dir / "hostile.raw").string()) + " --out " +
                                       test::shell_quote(out.string()) + " --no-hash");
    EXPECT_EQ(run.status, 1) << run.err;
    // stderr: every line clean (the finding's path is escaped there too).
    EXPECT_EQ(fuzz::check_lines(run.err, [](std::string_view) { return std::string(); }), "") << run.err;
    EXPECT_NE(run.err.find("/ProgramData/Sync/web/"), std::string::npos) << run.err;
    EXPECT_EQ(fuzz::check_csv(test::read_text(out / "findings.csv")), "");
    EXPECT_EQ(fuzz::check_csv(test::read_text(out / "timeline.csv")), "");
    EXPECT_EQ(fuzz::check_json(test::read_text(out / "findings.json")), "");
    EXPECT_EQ(fuzz::check_json(test::read_text(out / "manifest.json")), "");
    EXPECT_EQ(fuzz::check_lines(test::read_text(out / "timeline.jsonl"), fuzz::check_json), "");
    EXPECT_EQ(fuzz::check_lines(test::read_text(out / "timeline.body"), fuzz::check_bodyfile_line), "");
    // Nothing but our own names in the case folder; evidence named by SHA-256.
    size_t evidence = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      const std::string relative = fs::relative(entry.path(), dir.path()).string();
      if (relative.rfind("case/evidence/", 0) == 0) {
        EXPECT_TRUE(std::regex_match(entry.path().filename().string(), std::regex("[0-9a-f]{64}\\.bin")))
            << relative;
        ++evidence;
      } else {
        EXPECT_TRUE(relative == "hostile.raw" || relative == "case" || relative == "case/evidence" ||
                    is_safe_output_name(relative))
            << relative;
      }
    }
    EXPECT_EQ(evidence, 1u);
    // ls (fls columns are tab-separated), its bodyfile, and timeline's stdout.
    const auto image_arg = (dir / "hostile.raw").string();
    for (const auto& args : {std::vector<std::string>{"ls", image_arg}, {"ls", image_arg, "--long"},
                             {"ls", image_arg, "--bodyfile"}, {"timeline", image_arg, "--format", "jsonl"}}) {
      const auto listed = test::run_shellcarve(args);
      EXPECT_EQ(listed.status, 0) << args[0] << " " << args.back() << "\n" << listed.err;
      EXPECT_EQ(fuzz::check_lines(listed.out, [](std::string_view) { return std::string(); }, "\t"), "")
          << args.back();
      EXPECT_EQ(fuzz::check_lines(listed.err, [](std::string_view) { return std::string(); }), "");
      EXPECT_NE(listed.out.find("Sync/web/"), std::string::npos) << args.back();
      if (args.back() == "--bodyfile") {
        EXPECT_EQ(fuzz::check_lines(listed.out, fuzz::check_bodyfile_line), "");
      }
    }
  }
}

// The volume label ($VOLUME_NAME of $Volume, entry 3) is the image's: `info` escapes it.
TEST(OutputSafety, InfoEscapesTheVolumeLabel) {
  const auto image = test::test_image("iis-config.raw.gz");
  ASSERT_TRUE(image) << "test-images absent";
  test::ImagePatcher patcher(*image);
  patcher.edit_attribute(3, 0x60, [&](std::span<std::byte> record, size_t name) {
    const size_t content = test::ImagePatcher::content_offset(record, name);
    test::ImagePatcher::put_le(record, content, 0x1B, 2);       // "IIS-CONFIG" -> ESC "IS-CONFIG"
    test::ImagePatcher::put_le(record, content + 4, 0x202E, 2);  // and a right-to-left override
  });
  test::TempDir dir;
  patcher.save(dir / "label.raw");
  const auto run = test::run_shellcarve({"info", (dir / "label.raw").string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("label=\\x1bI\\u202e-CONFIG"), std::string::npos) << run.out;
  EXPECT_EQ(fuzz::check_lines(run.out, [](std::string_view) { return std::string(); }), "") << run.out;
}

}  // namespace
}  // namespace shellcarve
