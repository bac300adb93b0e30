// libyara adapter; the contract is in yara_scanner.h.
#include "detect/yara_scanner.h"

#include "common/text.h"
#include "detect/rules_location.h"

#include <yara.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace shellcarve::detect {
namespace {

// External variables every compile declares (see the header for their meaning).
constexpr const char* kExternals[] = {"filename", "filepath", "extension", "filetype", "owner"};

// yr_initialize/yr_finalize are reference-counted by libyara, but not thread-safe; one
// process-wide guard object calls each exactly once. Rules and scanners hold a reference,
// so the library outlives every handle even when the guard's static is destroyed first.
class YaraLibrary {
 public:
  static Result<std::shared_ptr<void>> acquire() {
    static std::mutex mutex;
    static std::weak_ptr<void> current;
    std::lock_guard lock(mutex);
    if (auto alive = current.lock()) return alive;
    const int rc = yr_initialize();
    if (rc != ERROR_SUCCESS) return fail(ErrorCode::kIo, fmt::format("yara: yr_initialize failed (error {})", rc));
    std::shared_ptr<void> guard(static_cast<void*>(nullptr), [](void*) { yr_finalize(); });
    current = guard;
    return guard;
  }
};

std::string describe_yara_error(int rc) {
  switch (rc) {
    case ERROR_INSUFFICIENT_MEMORY: return "out of memory";
    case ERROR_COULD_NOT_OPEN_FILE: return "could not open file";
    case ERROR_COULD_NOT_MAP_FILE: return "could not map file";
    case ERROR_SCAN_TIMEOUT: return "scan timed out";
    case ERROR_CALLBACK_ERROR: return "callback error";
    case ERROR_TOO_MANY_SCAN_THREADS: return "too many scan threads";
    case ERROR_TOO_MANY_MATCHES: return "too many matches";
    case ERROR_INVALID_ARGUMENT: return "invalid argument";
    default: return fmt::format("libyara error {}", rc);
  }
}

// Owns a YR_COMPILER; move-only so exactly one owner destroys it.
struct Compiler {
  YR_COMPILER* handle = nullptr;
  Compiler() = default;
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;
  Compiler(Compiler&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
  Compiler& operator=(Compiler&&) = delete;
  ~Compiler() {
    if (handle) yr_compiler_destroy(handle);
  }
};

// What the compiler callback collects for the source being added.
struct CompileMessages {
  std::string source_name;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

void compiler_callback(int error_level, const char* file_name, int line_number, const YR_RULE* rule,
                       const char* message, void* user_data) {
  auto* messages = static_cast<CompileMessages*>(user_data);
  // file_name is null for string sources and names the included file inside an include.
  const std::string where = file_name ? file_name : messages->source_name;
  std::string text = fmt::format("{}:{}: {}", where, line_number, message ? message : "(no message)");
  if (rule && rule->identifier) text += fmt::format(" (rule {})", rule->identifier);
  (error_level == YARA_ERROR_LEVEL_ERROR ? messages->errors : messages->warnings).push_back(std::move(text));
}

Result<Compiler> new_compiler(CompileMessages& messages) {
  Compiler compiler;
  const int rc = yr_compiler_create(&compiler.handle);
  if (rc != ERROR_SUCCESS) return fail(ErrorCode::kIo, "yara: cannot create compiler: " + describe_yara_error(rc));
  yr_compiler_set_callback(compiler.handle, compiler_callback, &messages);
  for (const char* name : kExternals) {
    if (yr_compiler_define_string_variable(compiler.handle, name, "") != ERROR_SUCCESS)
      return fail(ErrorCode::kIo, fmt::format("yara: cannot declare external variable {}", name));
  }
  return compiler;
}

// Adds one source; returns the compile errors as one Error (kFormat) naming file and line.
Status add_source(YR_COMPILER* compiler, const RuleSource& source, CompileMessages& messages) {
  messages.source_name = source.path.string();
  messages.errors.clear();
  int errors = 0;
  if (!source.text.empty()) {
    errors = yr_compiler_add_string(compiler, source.text.c_str(), source.rule_namespace.c_str());
  } else {
    FILE* file = std::fopen(source.path.c_str(), "rb");
    if (!file) {
      return fail(ErrorCode::kNotFound, fmt::format("yara rules {}: cannot open: {}", source.path.string(),
                                                    std::generic_category().message(errno)));
    }
    errors = yr_compiler_add_file(compiler, file, source.rule_namespace.c_str(), source.path.c_str());
    std::fclose(file);
  }
  if (errors == 0) return {};
  std::string text;
  for (const std::string& e : messages.errors) text += (text.empty() ? "" : "; ") + e;
  if (text.empty()) text = fmt::format("{}: {} error(s)", source.path.string(), errors);
  return fail(ErrorCode::kFormat, "yara rules do not compile: " + text);
}

std::string meta_value(const YR_META* meta) {
  switch (meta->type) {
    case META_TYPE_STRING: return meta->string ? meta->string : "";
    case META_TYPE_INTEGER: return std::to_string(meta->integer);
    case META_TYPE_BOOLEAN: return meta->integer ? "true" : "false";
    default: return "";
  }
}

bool has_rule_extension(const std::filesystem::path& path) {
  const std::string ext = ascii_lower(path.extension().string());
  return ext == ".yar" || ext == ".yara";
}

}  // namespace

struct YaraRules::Impl {
  // Turns a matching YR_RULE into our RuleMatch, capping the string instances kept.
  // libyara 4.2 keeps YR_MATCH records in a packed arena, so its own
  // yr_string_matches_foreach macro reads them misaligned; UBSan's alignment check is off
  // for this one function (x86-64 tolerates it, and the layout is libyara's, not ours).
  __attribute__((no_sanitize("alignment"))) static RuleMatch to_match(YR_SCAN_CONTEXT* context, const YR_RULE* rule, const YaraLimits& limits) {
    RuleMatch match;
    match.identifier = rule->identifier;
    match.rule_namespace = rule->ns && rule->ns->name ? rule->ns->name : "default";
    match.rule = match.rule_namespace == "default" ? match.identifier
                                                   : match.rule_namespace + ":" + match.identifier;
    const char* tag = nullptr;
    yr_rule_tags_foreach(rule, tag) { match.tags.emplace_back(tag); }
    const YR_META* meta = nullptr;
    yr_rule_metas_foreach(rule, meta) {
      const std::string key = meta->identifier ? meta->identifier : "";
      if (key == "description") match.description = meta_value(meta);
      else if (key == "severity") match.severity = meta_value(meta);
      else if (key == "reference") match.reference = meta_value(meta);
      else if (key == "date") match.date = meta_value(meta);
    }
    const YR_STRING* string = nullptr;
    yr_rule_strings_foreach(rule, string) {
      const YR_MATCH* hit = nullptr;
      yr_string_matches_foreach(context, string, hit) {
        ++match.strings_total;
        if (match.strings.size() < limits.max_strings_per_match) {
          match.strings.push_back(StringMatch{string->identifier ? string->identifier : "",
                                              static_cast<uint64_t>(hit->base + hit->offset),
                                              static_cast<uint32_t>(hit->match_length)});
        }
      }
    }
    return match;
  }
};

Result<std::vector<RuleSource>> collect_rule_files(const std::filesystem::path& dir_or_file,
                                                   const std::string& rule_namespace) {
  std::error_code ec;
  const auto status = std::filesystem::status(dir_or_file, ec);
  if (ec || !std::filesystem::exists(status))
    return fail(ErrorCode::kNotFound, fmt::format("yara rules {}: no such file or directory", dir_or_file.string()));
  // One namespace per file, as yarac gives each file on its command line: public folders
  // (nsacyber's core and extended sets) reuse rule names across files. Below a folder the
  // namespace is the relative path without its extension, so two files with one stem in
  // different sub-folders stay apart too.
  auto source_for = [&](const std::filesystem::path& path) {
    std::string ns = rule_namespace;
    if (ns.empty()) {
      const std::filesystem::path relative = path.lexically_relative(dir_or_file);
      ns = relative.empty() || relative == "." ? path.stem().string()
                                               : (relative.parent_path() / path.stem()).generic_string();
    }
    return RuleSource{path, ns, ""};
  };
  if (!std::filesystem::is_directory(status)) return std::vector<RuleSource>{source_for(dir_or_file)};

  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(
      dir_or_file, std::filesystem::directory_options::follow_directory_symlink, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && has_rule_extension(it->path())) files.push_back(it->path());
  }
  if (ec) return fail(ErrorCode::kIo, fmt::format("yara rules {}: {}", dir_or_file.string(), ec.message()));
  if (files.empty())
    return fail(ErrorCode::kInvalidArgument, fmt::format("yara rules {}: no .yar or .yara files", dir_or_file.string()));
  std::sort(files.begin(), files.end(), [&](const auto& a, const auto& b) {
    return a.lexically_relative(dir_or_file).generic_string() < b.lexically_relative(dir_or_file).generic_string();
  });
  std::vector<RuleSource> sources;
  for (const auto& f : files) sources.push_back(source_for(f));
  return sources;
}

Result<std::filesystem::path> find_builtin_rules_dir() {
  return find_rules_directory(
      [](const std::filesystem::path& dir) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) return false;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
          if (has_rule_extension(entry.path())) return true;
        return false;
      },
      "shellcarve's YARA rules");
}

Result<std::shared_ptr<const YaraRules>> YaraRules::compile(const std::vector<RuleSource>& sources,
                                                            const CompileOptions& options) {
  SC_ASSIGN_OR_RETURN(auto library, YaraLibrary::acquire());
  if (sources.empty()) return fail(ErrorCode::kInvalidArgument, "yara: no rule sources to compile");
  std::shared_ptr<YaraRules> rules(new YaraRules());
  rules->library_ = library;
  rules->limits_ = options.limits;

  CompileMessages messages;
  SC_ASSIGN_OR_RETURN(Compiler compiler, new_compiler(messages));
  for (const RuleSource& source : sources) {
    if (options.skip_failing_sources) {
      CompileMessages trial_messages;
      SC_ASSIGN_OR_RETURN(Compiler trial, new_compiler(trial_messages));
      if (auto ok = add_source(trial.handle, source, trial_messages); !ok) {
        rules->report_.skipped.push_back(ok.error());
        continue;
      }
    }
    SC_RETURN_IF_ERROR(add_source(compiler.handle, source, messages));
    rules->report_.compiled.push_back(source.path);
  }
  if (rules->report_.compiled.empty())
    return fail(ErrorCode::kFormat, "yara: none of the rule sources compiled");
  rules->report_.warnings_total = messages.warnings.size();
  for (auto& w : messages.warnings) {
    if (rules->report_.warnings.size() >= options.limits.max_warnings_kept) break;
    rules->report_.warnings.push_back(std::move(w));
  }
  YR_RULES* compiled = nullptr;
  const int rc = yr_compiler_get_rules(compiler.handle, &compiled);
  if (rc != ERROR_SUCCESS) return fail(ErrorCode::kIo, "yara: cannot get compiled rules: " + describe_yara_error(rc));
  rules->rules_ = compiled;
  const YR_RULE* rule = nullptr;
  yr_rules_foreach(compiled, rule) { ++rules->report_.rule_count; }
  return std::shared_ptr<const YaraRules>(std::move(rules));
}

YaraRules::~YaraRules() {
  if (rules_) yr_rules_destroy(static_cast<YR_RULES*>(rules_));
}

ScanTarget ScanTarget::from_path(const std::string& path) {
  ScanTarget target;
  std::string windows = path;
  std::replace(windows.begin(), windows.end(), '/', '\\');
  target.filepath = windows;
  const size_t slash = windows.find_last_of('\\');
  target.filename = slash == std::string::npos ? windows : windows.substr(slash + 1);
  const size_t dot = target.filename.find_last_of('.');
  if (dot != std::string::npos && dot != 0) target.extension = ascii_lower(target.filename.substr(dot));
  return target;
}

namespace {

struct ScanState {
  ScanOutcome* outcome;
  const YaraLimits* limits;
};

int scan_callback(YR_SCAN_CONTEXT* context, int message, void* message_data, void* user_data) {
  auto* state = static_cast<ScanState*>(user_data);
  if (message == CALLBACK_MSG_RULE_MATCHING) {
    ++state->outcome->matches_total;
    if (state->outcome->matches.size() < state->limits->max_matches_per_object) {
      state->outcome->matches.push_back(
          YaraRules::Impl::to_match(context, static_cast<const YR_RULE*>(message_data), *state->limits));
    }
  } else if (message == CALLBACK_MSG_TOO_MANY_MATCHES) {
    const auto* string = static_cast<const YR_STRING*>(message_data);
    state->outcome->warnings.push_back(fmt::format(
        "libyara stopped recording matches of string {} (too many matches)",
        string && string->identifier ? string->identifier : "?"));
  }
  return CALLBACK_CONTINUE;
}

}  // namespace

YaraScanner::YaraScanner(std::shared_ptr<const YaraRules> rules, void* scanner)
    : rules_(std::move(rules)), scanner_(scanner) {}

YaraScanner::YaraScanner(YaraScanner&& other) noexcept
    : rules_(std::move(other.rules_)), scanner_(std::exchange(other.scanner_, nullptr)) {}

YaraScanner& YaraScanner::operator=(YaraScanner&& other) noexcept {
  if (this != &other) {
    if (scanner_) yr_scanner_destroy(static_cast<YR_SCANNER*>(scanner_));
    scanner_ = std::exchange(other.scanner_, nullptr);
    rules_ = std::move(other.rules_);
  }
  return *this;
}

YaraScanner::~YaraScanner() {
  if (scanner_) yr_scanner_destroy(static_cast<YR_SCANNER*>(scanner_));
}

Result<YaraScanner> YaraScanner::create(std::shared_ptr<const YaraRules> rules) {
  if (!rules || !rules->rules_) return fail(ErrorCode::kInvalidArgument, "yara: scanner needs compiled rules");
  YR_SCANNER* scanner = nullptr;
  const int rc = yr_scanner_create(static_cast<YR_RULES*>(rules->rules_), &scanner);
  if (rc != ERROR_SUCCESS) return fail(ErrorCode::kIo, "yara: cannot create scanner: " + describe_yara_error(rc));
  yr_scanner_set_timeout(scanner, rules->limits_.timeout_seconds);
  return YaraScanner(std::move(rules), scanner);
}

Status YaraScanner::set_externals(const ScanTarget& target) {
  auto* scanner = static_cast<YR_SCANNER*>(scanner_);
  const std::string* values[] = {&target.filename, &target.filepath, &target.extension, &target.filetype,
                                 &target.owner};
  for (size_t i = 0; i < std::size(kExternals); ++i) {
    const int rc = yr_scanner_define_string_variable(scanner, kExternals[i], values[i]->c_str());
    if (rc != ERROR_SUCCESS)
      return fail(ErrorCode::kIo, fmt::format("yara: cannot set {}: {}", kExternals[i], describe_yara_error(rc)));
  }
  return {};
}

Result<ScanOutcome> YaraScanner::finish(int rc, const std::string& what) {
  ScanOutcome outcome = std::move(current_);
  current_ = ScanOutcome{};
  if (rc == ERROR_SCAN_TIMEOUT) {
    outcome.timed_out = true;
    outcome.warnings.push_back(
        fmt::format("yara scan of {} stopped after the {} s timeout", what, rules_->limits_.timeout_seconds));
    return outcome;
  }
  if (rc != ERROR_SUCCESS) {
    const ErrorCode code = rc == ERROR_COULD_NOT_OPEN_FILE ? ErrorCode::kNotFound : ErrorCode::kIo;
    return fail(code, fmt::format("yara scan of {}: {}", what, describe_yara_error(rc)));
  }
  if (outcome.matches_total > outcome.matches.size()) {
    outcome.warnings.push_back(fmt::format("kept {} of {} rule matches (max_matches_per_object)",
                                           outcome.matches.size(), outcome.matches_total));
  }
  for (const RuleMatch& m : outcome.matches) {
    if (m.strings_total > m.strings.size()) {
      outcome.warnings.push_back(fmt::format("{}: kept {} of {} string matches (max_strings_per_match)", m.rule,
                                             m.strings.size(), m.strings_total));
    }
  }
  return outcome;
}

namespace {

// The one block of a scan_chunk call, and the size `filesize` reports.
struct ChunkBlocks {
  YR_MEMORY_BLOCK block{};
  const uint8_t* data = nullptr;
  uint64_t object_size = 0;
};

const uint8_t* chunk_data(YR_MEMORY_BLOCK* block) { return static_cast<ChunkBlocks*>(block->context)->data; }

YR_MEMORY_BLOCK* first_chunk_block(YR_MEMORY_BLOCK_ITERATOR* iterator) {
  // Called again whenever a condition reads bytes (uint8(i) ...): the same one block.
  iterator->last_error = ERROR_SUCCESS;
  return &static_cast<ChunkBlocks*>(iterator->context)->block;
}

YR_MEMORY_BLOCK* no_next_block(YR_MEMORY_BLOCK_ITERATOR* iterator) {
  iterator->last_error = ERROR_SUCCESS;
  return nullptr;
}

uint64_t chunk_object_size(YR_MEMORY_BLOCK_ITERATOR* iterator) {
  return static_cast<ChunkBlocks*>(iterator->context)->object_size;
}

}  // namespace

Result<ScanOutcome> YaraScanner::scan_chunk(std::span<const std::byte> data, uint64_t base,
                                            uint64_t object_size, const ScanTarget& target) {
  if (!scanner_) return fail(ErrorCode::kInvalidArgument, "yara: scanner was moved from");
  SC_RETURN_IF_ERROR(set_externals(target));
  current_ = ScanOutcome{};
  ScanState state{&current_, &rules_->limits_};
  auto* scanner = static_cast<YR_SCANNER*>(scanner_);
  yr_scanner_set_callback(scanner, scan_callback, &state);
  ChunkBlocks blocks;
  blocks.data = reinterpret_cast<const uint8_t*>(data.data());
  blocks.object_size = object_size;
  blocks.block.size = data.size();
  blocks.block.base = base;
  blocks.block.context = &blocks;
  blocks.block.fetch_data = chunk_data;
  YR_MEMORY_BLOCK_ITERATOR iterator{};
  iterator.context = &blocks;
  iterator.first = first_chunk_block;
  iterator.next = no_next_block;
  iterator.file_size = chunk_object_size;
  iterator.last_error = ERROR_SUCCESS;
  const int rc = yr_scanner_scan_mem_blocks(scanner, &iterator);
  return finish(rc, target.filepath.empty() ? std::string("buffer") : target.filepath);
}

// A buffer is one chunk holding the whole object.
Result<ScanOutcome> YaraScanner::scan_memory(std::span<const std::byte> data, const ScanTarget& target) {
  return scan_chunk(data, 0, data.size(), target);
}

Result<ScanOutcome> YaraScanner::scan_file(const std::filesystem::path& path, const ScanTarget& target) {
  if (!scanner_) return fail(ErrorCode::kInvalidArgument, "yara: scanner was moved from");
  SC_RETURN_IF_ERROR(set_externals(target));
  current_ = ScanOutcome{};
  ScanState state{&current_, &rules_->limits_};
  auto* scanner = static_cast<YR_SCANNER*>(scanner_);
  yr_scanner_set_callback(scanner, scan_callback, &state);
  const int rc = yr_scanner_scan_file(scanner, path.c_str());
  return finish(rc, path.string());
}

}  // namespace shellcarve::detect
