#include "detect/rules_location.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace shellcarve::detect {

Result<std::filesystem::path> find_rules_directory(
    const std::function<bool(const std::filesystem::path&)>& holds, std::string_view what) {
  std::vector<std::filesystem::path> tried;
  if (const char* env = std::getenv("SHELLCARVE_RULES"); env && *env) {
    if (holds(env)) return std::filesystem::path(env);
    tried.emplace_back(env);
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto dir = exe.parent_path();
    for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path()) {
      tried.push_back(dir / "rules");
      if (holds(tried.back())) return tried.back();
      if (dir == dir.parent_path()) break;
    }
  }
  tried.emplace_back("/usr/share/shellcarve/rules");
  if (holds(tried.back())) return tried.back();
  std::string where;
  for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t.string();
  return fail(ErrorCode::kNotFound, fmt::format("{} not found (set SHELLCARVE_RULES); looked in {}", what, where));
}

}  // namespace shellcarve::detect
