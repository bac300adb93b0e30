#include "detect/exchange_classify.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "common/text.h"

namespace shellcarve::detect {
namespace {

// The lists' word for a build-named folder (CSS-Exchange baselines: "owa\auth\version\...",
// "ecp\Version\..."; lookups ignore case).
constexpr std::string_view kVersionFolder = "version";

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == prefix;
}

}  // namespace

const char* to_string(IntegrityVerdict verdict) {
  switch (verdict) {
    case IntegrityVerdict::kKnown: return "known";
    case IntegrityVerdict::kOtherBuild: return "other-build";
    case IntegrityVerdict::kKnownSomeBuild: return "known-some-build";
    case IntegrityVerdict::kModified: return "modified";
    case IntegrityVerdict::kUnknown: return "unknown";
    case IntegrityVerdict::kUnreadable: return "unreadable";
  }
  return "unknown";
}

BaselineBuilds resolve_installed_builds(const ExchangeBaselines& baselines, const std::vector<std::string>& installed) {
  BaselineBuilds out;
  out.given = installed;
  for (const auto& build : installed) {
    if (const auto index = baselines.find_build(build)) {
      out.indices.push_back(*index);
    } else {
      out.uncovered.push_back(normalise_exchange_build(build).value_or(build));
    }
  }
  std::sort(out.indices.begin(), out.indices.end());
  out.indices.erase(std::unique(out.indices.begin(), out.indices.end()), out.indices.end());
  std::sort(out.uncovered.begin(), out.uncovered.end());
  out.uncovered.erase(std::unique(out.uncovered.begin(), out.uncovered.end()), out.uncovered.end());
  return out;
}

std::optional<ExchangeInstallPath> split_exchange_install_path(std::string_view volume_path) {
  constexpr std::string_view kInstall = "/exchange server/v15/";
  const std::string folded = ascii_lower(volume_path);
  const size_t at = folded.find(kInstall);
  if (at == std::string::npos) return std::nullopt;
  const size_t relative_at = at + kInstall.size();
  const std::string_view relative = volume_path.substr(relative_at);
  if (!starts_with_folded(relative, "frontend/httpproxy/") && !starts_with_folded(relative, "clientaccess/"))
    return std::nullopt;
  return ExchangeInstallPath{std::string(volume_path.substr(0, relative_at - 1)), std::string(relative)};
}

BaselinePath baseline_path_for(std::string_view relative) {
  BaselinePath out;
  size_t start = 0;
  while (start <= relative.size()) {
    const size_t end = std::min(relative.find_first_of("/\\", start), relative.size());
    const std::string_view component = relative.substr(start, end - start);
    if (!component.empty()) {
      out.path += '\\';
      const bool is_folder = end < relative.size();
      const auto build = is_folder ? normalise_exchange_build(component) : std::nullopt;
      if (build && !out.folder_build) {
        out.folder_build = *build;
        out.path += kVersionFolder;
      } else {
        out.path += component;
      }
    }
    start = end + 1;
  }
  return out;
}

Classification classify_exchange_file(const ExchangeBaselines& baselines, std::string_view relative,
                                      const Sha256Digest& sha256, const BaselineBuilds& installed) {
  Classification out;
  const BaselinePath mapped = baseline_path_for(relative);
  auto path_index = baselines.find_path(mapped.path);
  if (path_index) {
    out.folder_build = mapped.folder_build;
  } else if (mapped.folder_build) {
    std::string literal(relative);
    std::replace(literal.begin(), literal.end(), '/', '\\');
    if (!literal.starts_with('\\')) literal.insert(literal.begin(), '\\');
    path_index = baselines.find_path(literal);
  }
  if (!path_index) {
    out.verdict = IntegrityVerdict::kUnknown;
    return out;
  }
  out.baseline_path = baselines.path(*path_index);
  const auto matching = baselines.builds_with(*path_index, sha256);
  for (const uint16_t b : matching) out.matching_builds.push_back(baselines.builds()[b]);
  const std::string not_covered =
      installed.uncovered.empty() ? "" : fmt::format("; installed build(s) {} are not in the lists, whose files "
                                                     "this check cannot recognise", fmt::join(installed.uncovered, ", "));
  if (matching.empty()) {
    out.verdict = IntegrityVerdict::kModified;
    if (!not_covered.empty()) out.notes.push_back("no listed build shipped this content here" + not_covered);
    return out;
  }
  if (installed.given.empty()) {
    out.verdict = IntegrityVerdict::kKnownSomeBuild;
    out.notes.push_back("installed builds not given: which of the matching builds runs here is not known");
  } else {
    const bool here = std::any_of(matching.begin(), matching.end(), [&](uint16_t b) {
      return std::binary_search(installed.indices.begin(), installed.indices.end(), b);
    });
    out.verdict = here ? IntegrityVerdict::kKnown : IntegrityVerdict::kOtherBuild;
    if (!here && !not_covered.empty()) out.notes.push_back("shipped by other builds" + not_covered);
  }
  if (out.folder_build && baselines.find_build(*out.folder_build) &&
      std::find(out.matching_builds.begin(), out.matching_builds.end(), *out.folder_build) == out.matching_builds.end())
    out.notes.push_back(fmt::format("in the folder of build {}, but the hash is not that build's", *out.folder_build));
  return out;
}

}  // namespace shellcarve::detect
