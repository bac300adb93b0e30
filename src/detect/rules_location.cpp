#include "detect/rules_location.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "build_paths.h"

namespace shellcarve::detect {

namespace {

// The running executable's folder, "" when /proc/self/exe cannot be read.
std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

// Whether `dir` is `tree` or inside it (both made absolute and normal, no symlinks resolved
// beyond what the kernel gave for the executable).
bool is_within(const std::filesystem::path& dir, const std::filesystem::path& tree) {
  const auto d = dir.lexically_normal(), t = tree.lexically_normal();
  auto di = d.begin();
  for (auto ti = t.begin(); ti != t.end(); ++ti, ++di) {
    if (ti->empty()) continue;  // a trailing separator
    if (di == d.end() || *di != *ti) return false;
  }
  return true;
}

}  // namespace

Result<std::filesystem::path> find_rules_directory(
    const std::function<bool(const std::filesystem::path&)>& holds, std::string_view what) {
  std::vector<std::filesystem::path> tried;
  const auto attempt = [&](std::filesystem::path dir) {
    tried.push_back(std::move(dir));
    return holds(tried.back());
  };
  if (const char* env = std::getenv("SHELLCARVE_RULES"); env && *env) {
    if (attempt(env)) return tried.back();
  }
  if (const auto exe_dir = executable_dir(); !exe_dir.empty()) {
    // Installed: <prefix>/bin/shellcarve with <prefix>/share/shellcarve/rules.
    if (attempt((exe_dir / kRulesFromBinDir).lexically_normal())) return tried.back();
    // Run from its own build tree (build/shellcarve, build/tests/shellcarve_tests), wherever
    // that tree is: the source tree it was built from.
    if (is_within(exe_dir, kBuildTreeDir) && attempt(kSourceRulesDir)) return tried.back();
    // A copied or unpacked tree: rules/ beside the executable or up to two levels above.
    auto dir = exe_dir;
    for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path()) {
      if (attempt(dir / "rules")) return tried.back();
      if (dir == dir.parent_path()) break;
    }
  }
  if (attempt("/usr/share/shellcarve/rules")) return tried.back();
  std::string where;
  for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t.string();
  return fail(ErrorCode::kNotFound, fmt::format("{} not found (set SHELLCARVE_RULES); looked in {}", what, where));
}

}  // namespace shellcarve::detect
