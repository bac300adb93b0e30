// YARA: the one adapter around libyara (only src/detect/yara_*.cpp include <yara.h>).
//
// Contract, after libyara's own (docs/capi.rst: compile once, one scanner per thread):
//   * YaraRules is compiled once per run and is immutable afterwards; one instance may be
//     shared (through shared_ptr<const YaraRules>) by any number of threads.
//   * YaraScanner is NOT thread-safe: create one per worker thread from the shared rules.
//     Each scan sets the external variables for that object, so a scanner carries no state
//     from one object to the next.
//   * libyara is initialised once for the process (yr_initialize) by the first YaraRules
//     compiled and finalised (yr_finalize) when the last rules and scanners are gone.
//
// External variables: every compile declares the string variables that the public webshell
// rule sets (signature-base's gen_webshells_ext_vars, THOR/LOKI conventions) expect:
//   filename   base name of the object, e.g. "errorEE.aspx"
//   filepath   its full path in Windows form, e.g. "C:\inetpub\wwwroot\aspnet_client\x.aspx"
//              (a volume path "/inetpub/..." is turned into backslashes, no drive letter)
//   extension  the lower-cased extension with its dot, e.g. ".aspx" ("" when none)
//   filetype   a coarse type name given by the caller (e.g. "ASPX", "TEXT"; "" if unknown)
//   owner      the owner's name or SID string when known ("" otherwise)
// Rules that test them see "" when the caller had nothing to say.
//
// Errors: a rule file that fails to compile is an Error naming file and line (every error
// the compiler reported for that file, in order). A scan that runs into its timeout is not
// an error: the outcome says timed_out and keeps the rules that matched before it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve::detect {

// The caps of the YARA adapter; hitting one is recorded in the outcome (never silent).
// TODO(limits): belongs in common/Limits once that struct grows a detect section.
struct YaraLimits {
  int timeout_seconds = 10;                 // per scanned object (libyara's granularity is 1 s)
  uint32_t max_strings_per_match = 16;      // matched string instances kept per rule match
  uint32_t max_matches_per_object = 256;    // rule matches kept per scanned object
  uint32_t max_warnings_kept = 64;          // compiler warnings kept in the compile report
};

// One rule source: a file (path) or, when `text` is set, rule text (tests, built-ins) that
// is reported under `path` as its name. Rules of a source live in `rule_namespace`;
// "default" is YARA's own default namespace, whose rules are reported without a prefix.
struct RuleSource {
  std::filesystem::path path;
  std::string rule_namespace = "default";
  std::string text;  // empty: read `path`
};

// Rule files under `dir_or_file`: a file is taken as it is (whatever its extension); a
// directory yields every *.yar / *.yara file below it (case-insensitive, recursive),
// sorted by relative path so the rule order, and so the output, is reproducible. Each gets
// `rule_namespace`, or, when that is empty, a namespace of its own as yarac gives each file:
// its stem (e.g. "apt_hafnium"), below a sub-folder its relative path without the extension
// ("nsacyber/core.webshell_detection"), which keeps rules with the same name in different
// public files apart.
// kNotFound when the path does not exist; kInvalidArgument for a directory with no rules.
Result<std::vector<RuleSource>> collect_rule_files(const std::filesystem::path& dir_or_file,
                                                   const std::string& rule_namespace = "");

// Our own rules: the directory in $SHELLCARVE_RULES, else the first `rules/` holding *.yar
// files beside the running executable or one or two levels above it (build/shellcarve ->
// rules/ of the source tree), else /usr/share/shellcarve/rules. kNotFound says where it looked.
Result<std::filesystem::path> find_builtin_rules_dir();

struct CompileOptions {
  // When set, a source that fails to compile is left out (and listed in the report) instead
  // of failing the whole compile. Each source is then first compiled alone, because a
  // libyara compiler that has seen an error cannot be used any further.
  bool skip_failing_sources = false;
  YaraLimits limits;
};

struct CompileReport {
  std::vector<std::filesystem::path> compiled;  // sources in the rules, in order
  std::vector<Error> skipped;                   // skip_failing_sources only: why each failed
  std::vector<std::string> warnings;            // "file:line: message", capped
  uint64_t warnings_total = 0;
  uint32_t rule_count = 0;
};

class YaraRules {
 public:
  static Result<std::shared_ptr<const YaraRules>> compile(const std::vector<RuleSource>& sources,
                                                          const CompileOptions& options = {});
  ~YaraRules();
  YaraRules(const YaraRules&) = delete;
  YaraRules& operator=(const YaraRules&) = delete;

  const CompileReport& report() const { return report_; }
  const YaraLimits& limits() const { return limits_; }

  struct Impl;

 private:
  YaraRules() = default;
  std::shared_ptr<void> library_;  // keeps libyara initialised while the rules live
  void* rules_ = nullptr;          // YR_RULES*
  CompileReport report_;
  YaraLimits limits_;
  friend class YaraScanner;
};

// What the scan sets the external variables to for one object (see the top of this file).
struct ScanTarget {
  std::string filename;
  std::string filepath;
  std::string extension;
  std::string filetype;
  std::string owner;

  // filename/filepath/extension derived from a volume path ("/inetpub/x/Shell.ASPX" ->
  // "Shell.ASPX", "\inetpub\x\Shell.ASPX", ".aspx") or a host path.
  static ScanTarget from_path(const std::string& path);
};

struct StringMatch {
  std::string identifier;  // "$s1"
  uint64_t offset = 0;     // in the scanned buffer or file
  uint32_t length = 0;
};

struct RuleMatch {
  std::string rule;            // "namespace:rule", or "rule" in the default namespace
  std::string rule_namespace;  // "default" for our own rules
  std::string identifier;      // the rule's name alone
  std::vector<std::string> tags;
  // Meta values (integers rendered in decimal); "" when the rule has none.
  std::string description;
  std::string severity;
  std::string reference;
  std::string date;
  std::vector<StringMatch> strings;  // at most YaraLimits::max_strings_per_match
  uint64_t strings_total = 0;        // before the cap
};

struct ScanOutcome {
  std::vector<RuleMatch> matches;   // in rule order, at most max_matches_per_object
  uint64_t matches_total = 0;       // before the cap
  bool timed_out = false;           // the scan hit YaraLimits::timeout_seconds
  std::vector<std::string> warnings;  // caps hit, "too many matches" from libyara

  bool matched() const { return !matches.empty(); }
};

class YaraScanner {
 public:
  static Result<YaraScanner> create(std::shared_ptr<const YaraRules> rules);
  YaraScanner(YaraScanner&&) noexcept;
  YaraScanner& operator=(YaraScanner&&) noexcept;
  ~YaraScanner();

  // Scans bytes the caller holds (a whole stream read into memory).
  Result<ScanOutcome> scan_memory(std::span<const std::byte> data, const ScanTarget& target);
  // Scans one chunk of a larger object: `data` holds the object's bytes from offset `base`,
  // and `filesize` in the rules is `object_size`, so a rule's size test and its string
  // offsets mean what they mean on the whole object (libyara's memory-block interface, one
  // block per call; docs/capi.rst "Scanning data in blocks"). Conditions see this chunk's
  // strings only, and uint8(i)..uint32(i) only inside it (elsewhere they are undefined).
  Result<ScanOutcome> scan_chunk(std::span<const std::byte> data, uint64_t base, uint64_t object_size,
                                 const ScanTarget& target);
  // Scans a file on the host (libyara maps it); for the measurement tool and extracted files.
  Result<ScanOutcome> scan_file(const std::filesystem::path& path, const ScanTarget& target);

 private:
  explicit YaraScanner(std::shared_ptr<const YaraRules> rules, void* scanner);
  Result<ScanOutcome> finish(int rc, const std::string& what);
  Status set_externals(const ScanTarget& target);

  std::shared_ptr<const YaraRules> rules_;
  void* scanner_ = nullptr;  // YR_SCANNER*
  ScanOutcome current_;
};

}  // namespace shellcarve::detect
