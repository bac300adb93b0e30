// Detection quality on the shared corpus (webshells/ for recall, benign/ for false
// positives), ours against the public rule sets in yara-public/ as the yardstick.
//
//   DetectionQuality.MeetsTheGoal        always on (skipped without the corpus): our rules
//                                        reach the recall floor below on IIS pages and stay
//                                        at or under 1 false positive per 1,000 benign files.
//   DetectionQuality.MeasureAgainstPublicRules
//                                        only with SHELLCARVE_MEASURE=1 (scripts/measure-detection.sh):
//                                        compiles every public set (files that fail are skipped and
//                                        listed), scans both folders with each and prints the table.
//                                        SHELLCARVE_MEASURE_VERBOSE=1 lists misses and false positives;
//                                        SHELLCARVE_MEASURE_OUT=FILE also writes the table there.
//
// Goal files: names ending .aspx .asp .ashx .asmx .asa .cer, optionally followed by .txt
// (the collections keep some pages as NAME.asp.txt; for those the externals are set as for
// NAME.asp). Every file under benign/ counts for false positives.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "common/digest.h"
#include "detect/deobfuscate/deobfuscate.h"
#include "detect/heuristics.h"
#include "detect/yara_scanner.h"
#include "support/test_support.h"

namespace shellcarve::detect {
namespace {

namespace fs = std::filesystem;

// Floors and ceilings for the always-on test, from the measurement (docs/detection.md,
// issue 13): set to what the rules reach so that an edit cannot quietly make them worse.
// Recall: the Script Encoder rule now wants the one large blob of a packed admin shell
// (CMS packages ship small encoded pages), which gave up the small encoded shells until the
// de-obfuscation pass decodes #@~^ blobs.
// Rules alone (no folded view) reach 227/247 = 91.9 % since the XMLHTTP path reader and the
// qualified DirectoryInfo (2026-12-05); the decoded Script Encoder pages count only through
// the folded view (scripts/measure-detection.sh: 238/247).
constexpr double kRecallFloor = 0.91;
// benign/ ASP.NET (2,625 files): none flagged.
constexpr double kMaxFalsePositivesPer1000 = 0.0;
// Real classic ASP (benign/classic_asp_hz/, 3,757 pages): 203 when the set arrived, 27 after
// the rules were tightened, 22 once eval/Execute sinks had to start a statement (several of
// those are the set's own admin tools, file writers and hidden one-liners).
constexpr size_t kMaxClassicAspFalsePositives = 22;

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The page's own name: "x.asp.txt" -> "x.asp".
std::string page_name(const fs::path& path) {
  std::string name = path.filename().string();
  const std::string low = lower(name);
  if (low.size() > 4 && low.ends_with(".txt")) {
    const std::string inner = fs::path(low.substr(0, low.size() - 4)).extension().string();
    if (!inner.empty()) return name.substr(0, name.size() - 4);
  }
  return name;
}

bool is_goal_file(const fs::path& path) {
  static const std::set<std::string> kGoal = {".aspx", ".asp", ".ashx", ".asmx", ".asa", ".cer"};
  return kGoal.contains(lower(fs::path(page_name(path)).extension().string()));
}

std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

ScanTarget target_for(const fs::path& path) {
  ScanTarget target = ScanTarget::from_path((path.parent_path() / page_name(path)).string());
  return target;
}

std::vector<std::byte> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(text.size());
  std::memcpy(out.data(), text.data(), text.size());
  return out;
}

struct Corpus {
  std::vector<fs::path> goal;
  std::vector<fs::path> benign;
  std::set<fs::path> held_out;  // files of either kind in the hold-out half
};

// The hold-out split of issue 13: a file whose SHA-256 ends in c, d, e or f (a quarter of
// the corpus, by content, so copies of one file fall in the same half) was not looked at
// while the rules were written; the other three quarters were ("dev").
bool in_hold_out(const fs::path& path) {
  const auto bytes = read_bytes(path);
  const std::string hex =
      sha256_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return !hex.empty() && hex.back() >= 'c';
}

std::optional<Corpus> load_corpus() {
  const auto root = test::corpus_dir();
  if (!root || !fs::is_directory(*root / "webshells") || !fs::is_directory(*root / "benign")) return std::nullopt;
  Corpus corpus;
  for (const auto& f : files_under(*root / "webshells"))
    if (is_goal_file(f)) corpus.goal.push_back(f);
  corpus.benign = files_under(*root / "benign");
  for (const auto* list : {&corpus.goal, &corpus.benign})
    for (const auto& f : *list)
      if (in_hold_out(f)) corpus.held_out.insert(f);
  return corpus;
}

// Counts for one half (0 = dev, 1 = held out) or for both.
struct HalfCounts {
  size_t goal = 0, detected = 0, aspnet = 0, aspnet_fp = 0, classic = 0, classic_fp = 0;
};

std::string percent(size_t part, size_t whole) {
  return whole ? fmt::format("{:.1f} %", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "-";
}

std::string percent2(size_t part, size_t whole) {
  return whole ? fmt::format("{:.2f} %", 100.0 * static_cast<double>(part) / static_cast<double>(whole)) : "-";
}

struct Tally {
  std::string name;
  size_t goal = 0;
  size_t detected = 0;
  size_t benign = 0;
  size_t false_positives = 0;
  size_t timeouts = 0;
  std::vector<std::string> missed;
  std::vector<std::string> flagged_benign;  // "path (rules)"
  std::set<std::string> detected_set;
  // benign/classic_asp_hz/ (real classic ASP sites, added with the detection-generalisation
  // issue), counted apart: its false-positive rate is that work; here it may only
  // not get worse than measured when it arrived (203 of 3,757).
  size_t classic_asp = 0;
  size_t classic_asp_false_positives = 0;
  std::vector<std::string> flagged_classic;  // "path (rules)"
  HalfCounts half[2];
  // Rule family (the rule file's namespace, when compiled by file) -> counts.
  std::map<std::string, HalfCounts> families;

  double recall() const { return goal ? 100.0 * static_cast<double>(detected) / static_cast<double>(goal) : 0; }
  double fp_per_1000() const {
    return benign ? 1000.0 * static_cast<double>(false_positives) / static_cast<double>(benign) : 0;
  }
};

// Scans every file with `rules` (and, when `heuristics`, the content heuristics too; when
// `deobfuscated`, both again on the folded text of a file nothing matched, as ContentScanner
// does: deobfuscate/deobfuscate.h).
Tally measure(const std::string& name, const std::shared_ptr<const YaraRules>& rules, const Corpus& corpus,
              bool heuristics = false, bool deobfuscated = false) {
  Tally tally;
  tally.name = name;
  auto scanner = YaraScanner::create(rules);
  EXPECT_TRUE(scanner) << scanner.error().message;
  if (!scanner) return tally;
  auto flagged = [&](const fs::path& path, std::string& why) {
    auto outcome = scanner->scan_file(path, target_for(path));
    EXPECT_TRUE(outcome) << outcome.error().message;
    if (!outcome) return false;
    if (outcome->timed_out) ++tally.timeouts;
    for (const auto& m : outcome->matches) why += (why.empty() ? "" : ",") + m.rule;
    if (heuristics) {
      const auto bytes = read_bytes(path);
      for (const auto& hit : content_heuristics(target_for(path).filepath, bytes))
        why += (why.empty() ? "" : ",") + hit.name;
    }
    if (deobfuscated && why.empty()) {
      const auto bytes = read_bytes(path);
      const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      const auto folded = deobfuscate::deobfuscate(text, target_for(path).filepath);
      if (folded.changed() && text.substr(0, 1024).find('\0') == std::string_view::npos) {
        const auto folded_bytes = std::as_bytes(std::span(folded.text));
        if (auto more = scanner->scan_memory(folded_bytes, target_for(path)))
          for (const auto& m : more->matches) why += (why.empty() ? "folded:" : ",") + m.rule;
        for (const auto& hit : content_heuristics(target_for(path).filepath, folded_bytes))
          why += (why.empty() ? "folded:" : ",") + hit.name;
      }
    }
    return !why.empty();
  };
  // Each family whose rules matched `why` ("family:rule,..."; our default namespace: "rules").
  auto families_of = [](const std::string& why) {
    std::set<std::string> out;
    size_t start = 0;
    while (start < why.size()) {
      size_t end = why.find(',', start);
      if (end == std::string::npos) end = why.size();
      const std::string rule = why.substr(start, end - start);
      const size_t colon = rule.find(':');
      out.insert(colon == std::string::npos ? (rule.starts_with("SC_") ? "rules" : "heuristics") : rule.substr(0, colon));
      start = end + 1;
    }
    return out;
  };
  for (const auto& path : corpus.goal) {
    HalfCounts& half = tally.half[corpus.held_out.contains(path) ? 1 : 0];
    ++tally.goal;
    ++half.goal;
    std::string why;
    if (flagged(path, why)) {
      ++tally.detected;
      ++half.detected;
      tally.detected_set.insert(path.string());
      for (const auto& f : families_of(why)) ++tally.families[f].detected;
    } else {
      tally.missed.push_back(path.string());
    }
  }
  for (const auto& path : corpus.benign) {
    HalfCounts& half = tally.half[corpus.held_out.contains(path) ? 1 : 0];
    std::string why;
    if (path.string().find("/benign/classic_asp_hz/") != std::string::npos) {
      ++tally.classic_asp;
      ++half.classic;
      if (flagged(path, why)) {
        ++tally.classic_asp_false_positives;
        ++half.classic_fp;
        tally.flagged_classic.push_back(path.string() + " (" + why + ")");
        for (const auto& f : families_of(why)) ++tally.families[f].classic_fp;
      }
      continue;
    }
    ++tally.benign;
    ++half.aspnet;
    if (flagged(path, why)) {
      ++tally.false_positives;
      ++half.aspnet_fp;
      tally.flagged_benign.push_back(path.string() + " (" + why + ")");
      for (const auto& f : families_of(why)) ++tally.families[f].aspnet_fp;
    }
  }
  return tally;
}

std::shared_ptr<const YaraRules> compile_ours() {
  auto sources = collect_rule_files(SHELLCARVE_SOURCE_DIR "/rules", "default");
  EXPECT_TRUE(sources) << sources.error().message;
  if (!sources) return nullptr;
  auto rules = YaraRules::compile(*sources);
  EXPECT_TRUE(rules) << rules.error().message;
  return rules ? *rules : nullptr;
}

TEST(DetectionQuality, MeetsTheGoal) {
  const auto corpus = load_corpus();
  if (!corpus) GTEST_SKIP() << "shared corpus (webshells/, benign/) not present";
  auto rules = compile_ours();
  ASSERT_TRUE(rules);
  const Tally ours = measure("shellcarve", rules, *corpus);
  ASSERT_GT(ours.goal, 100u);
  EXPECT_GE(ours.recall() / 100.0, kRecallFloor) << ours.detected << " of " << ours.goal;
  EXPECT_LE(ours.fp_per_1000(), kMaxFalsePositivesPer1000)
      << ours.false_positives << " of " << ours.benign << "; first: "
      << (ours.flagged_benign.empty() ? "" : ours.flagged_benign[0]);
  EXPECT_EQ(ours.timeouts, 0u);
  EXPECT_LE(ours.classic_asp_false_positives, kMaxClassicAspFalsePositives)
      << "classic ASP: " << ours.classic_asp_false_positives << " of " << ours.classic_asp;
}

// For iterating on rules with the yara command line (no rebuild, seconds instead of the
// measurement's minutes): writes the folded text (deobfuscate.h, as ContentScanner scans it)
// of each file listed in SHELLCARVE_DUMP_FOLDED_LIST (one path a line) into the folder
// SHELLCARVE_DUMP_FOLDED_DIR as N.txt, and DIR/map.tsv ("N.txt<TAB>path"); files whose
// folding changed nothing are left out. Skipped unless both are set.
TEST(DetectionQuality, DumpFoldedText) {
  const char* list = std::getenv("SHELLCARVE_DUMP_FOLDED_LIST");
  const char* dir = std::getenv("SHELLCARVE_DUMP_FOLDED_DIR");
  if (!list || !dir || !*list || !*dir) GTEST_SKIP() << "set SHELLCARVE_DUMP_FOLDED_LIST and SHELLCARVE_DUMP_FOLDED_DIR";
  fs::create_directories(dir);
  std::ifstream in(list);
  std::ofstream map(fs::path(dir) / "map.tsv");
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const fs::path path(line);
    const auto bytes = read_bytes(path);
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (text.substr(0, 1024).find('\0') != std::string_view::npos) continue;
    const auto folded = deobfuscate::deobfuscate(text, target_for(path).filepath);
    if (!folded.changed()) continue;
    const std::string name = fmt::format("{}.txt", n++);
    std::ofstream(fs::path(dir) / name, std::ios::binary) << folded.text;
    map << name << "\t" << line << "\n";
  }
}

// | set | recall | recall dev | recall held out | FP ASP.NET | FP classic ASP | classic dev | classic held out |
std::string row(const Tally& t) {
  const HalfCounts& d = t.half[0];
  const HalfCounts& h = t.half[1];
  return fmt::format("| {} | {}/{} = {} | {}/{} = {} | {}/{} = {} | {}/{} = {} | {}/{} = {} | {} | {} |", t.name,
                     t.detected, t.goal, percent(t.detected, t.goal), d.detected, d.goal, percent(d.detected, d.goal),
                     h.detected, h.goal, percent(h.detected, h.goal), t.false_positives, t.benign,
                     percent2(t.false_positives, t.benign), t.classic_asp_false_positives, t.classic_asp,
                     percent2(t.classic_asp_false_positives, t.classic_asp), percent2(d.classic_fp, d.classic),
                     percent2(h.classic_fp, h.classic));
}

TEST(DetectionQuality, MeasureAgainstPublicRules) {
  const char* flag = std::getenv("SHELLCARVE_MEASURE");
  if (!flag || std::string(flag) != "1") GTEST_SKIP() << "set SHELLCARVE_MEASURE=1 (scripts/measure-detection.sh)";
  const auto corpus = load_corpus();
  if (!corpus) GTEST_SKIP() << "shared corpus not present";
  const fs::path pub = *test::corpus_dir() / "yara-public";
  const char* verbose_env = std::getenv("SHELLCARVE_MEASURE_VERBOSE");
  const bool verbose = verbose_env && *verbose_env;

  struct PublicSet {
    std::string name;
    std::vector<RuleSource> sources;
  };
  std::vector<PublicSet> sets;
  auto add_set = [&](const std::string& name, const std::vector<fs::path>& paths) {
    PublicSet set{name, {}};
    for (const auto& p : paths) {
      auto files = collect_rule_files(p);  // namespace = file stem
      ASSERT_TRUE(files) << files.error().message;
      set.sources.insert(set.sources.end(), files->begin(), files->end());
    }
    sets.push_back(std::move(set));
  };
  std::vector<fs::path> signature_base;
  for (const auto& entry : fs::directory_iterator(pub))
    if (entry.is_regular_file() && entry.path().extension() == ".yar") signature_base.push_back(entry.path());
  std::sort(signature_base.begin(), signature_base.end());
  add_set(fmt::format("signature-base ({} files)", signature_base.size()), signature_base);
  add_set("nsacyber core", {pub / "nsacyber" / "core.webshell_detection.yara"});
  add_set("nsacyber extended", {pub / "nsacyber" / "extended.webshell_detection.yara"});
  add_set("volexity exchange_marauder", {pub / "volexity"});
  add_set("Yara-Rules webshells", {pub / "yara-rules_rules"});

  std::vector<std::string> lines;
  lines.push_back("| rule set | recall | recall, dev half | recall, held-out half | FP ASP.NET | FP classic ASP | "
                  "classic FP, dev | classic FP, held out |");
  lines.push_back("|---|---|---|---|---|---|---|---|");
  std::vector<std::string> compile_failures;

  auto ours_rules = compile_ours();
  ASSERT_TRUE(ours_rules);
  const Tally ours = measure("shellcarve rules/", ours_rules, *corpus);
  const Tally ours_h = measure("shellcarve rules/ + heuristics", ours_rules, *corpus, true);
  const Tally ours_hd = measure("shellcarve rules/ + heuristics + de-obfuscation", ours_rules, *corpus, true, true);
  lines.push_back(row(ours));
  lines.push_back(row(ours_h));
  lines.push_back(row(ours_hd));

  std::vector<RuleSource> all_public;
  std::vector<Tally> tallies{ours, ours_h, ours_hd};
  for (const auto& set : sets) {
    CompileOptions options;
    options.skip_failing_sources = true;
    auto rules = YaraRules::compile(set.sources, options);
    ASSERT_TRUE(rules) << set.name << ": " << rules.error().message;
    for (const auto& e : (*rules)->report().skipped) compile_failures.push_back(set.name + ": " + e.message);
    for (const auto& s : set.sources) all_public.push_back(s);
    tallies.push_back(measure(set.name, *rules, *corpus));
    lines.push_back(row(tallies.back()));
  }
  // The union of the public sets: one compile, rules apart by namespace (file stem).
  {
    CompileOptions options;
    options.skip_failing_sources = true;
    auto rules = YaraRules::compile(all_public, options);
    ASSERT_TRUE(rules) << rules.error().message;
    tallies.push_back(measure("all public sets together", *rules, *corpus));
    lines.push_back(row(tallies.back()));
  }
  // Files a public set catches that ours miss (what to study next).
  std::set<std::string> public_only;
  for (size_t i = 3; i < tallies.size(); ++i)
    for (const auto& f : tallies[i].detected_set)
      if (!ours.detected_set.contains(f)) public_only.insert(f);

  std::string table;
  for (const auto& l : lines) table += l + "\n";
  table += fmt::format("\nGoal files: {} (IIS pages: .aspx .asp .ashx .asmx .asa .cer, incl. NAME.asp.txt copies); "
                       "benign files: {}.\n",
                       corpus->goal.size(), corpus->benign.size());
  table += "Public rule files that failed to compile under this libyara: ";
  table += compile_failures.empty() ? "none\n" : "\n";
  for (const auto& f : compile_failures) table += "  " + f + "\n";
  table += fmt::format("Goal files some public set catches and shellcarve rules/ miss: {}\n", public_only.size());
  // Per family: our rules compiled one namespace per rule file (the family), each family's
  // goal files caught (a file is often caught by several) and benign files flagged.
  {
    auto sources = collect_rule_files(SHELLCARVE_SOURCE_DIR "/rules");
    ASSERT_TRUE(sources);
    auto by_file = YaraRules::compile(*sources);
    ASSERT_TRUE(by_file);
    const Tally fam = measure("by family", *by_file, *corpus);
    table += "\n| rule family (file) | goal files caught | ASP.NET false positives | classic ASP false positives |\n";
    table += "|---|---|---|---|\n";
    for (const auto& [name, c] : fam.families)
      table += fmt::format("| {} | {} | {} | {} |\n", name, c.detected, c.aspnet_fp, c.classic_fp);
  }
  table += fmt::format("benign/classic_asp_hz false positives, rules/ + heuristics: {} of {}; with de-obfuscation: {} of {}\n",
                       ours_h.classic_asp_false_positives, ours_h.classic_asp, ours_hd.classic_asp_false_positives,
                       ours_hd.classic_asp);
  std::cout << "\n" << table;
  if (verbose) {
    for (const auto& t : tallies) {
      std::cout << "\n## " << t.name << ": missed " << t.missed.size() << "\n";
      for (const auto& m : t.missed) std::cout << "  miss " << m << "\n";
      for (const auto& f : t.flagged_benign) std::cout << "  FP   " << f << "\n";
      for (const auto& f : t.flagged_classic) std::cout << "  FP classic " << f << "\n";
    }
    for (const auto& f : public_only) std::cout << "  public-only " << f << "\n";
  }
  if (const char* out = std::getenv("SHELLCARVE_MEASURE_OUT"); out && *out) std::ofstream(out) << table;
}

}  // namespace
}  // namespace shellcarve::detect
