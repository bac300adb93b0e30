#include "case/warning_cap.h"

#include <fmt/format.h>

#include <cctype>
#include <unordered_map>

#include "common/limits.h"

namespace shellcarve {

std::string warning_kind(std::string_view warning) {
  std::string kind;
  kind.reserve(warning.size());
  for (size_t i = 0; i < warning.size();) {
    if (!std::isdigit(static_cast<unsigned char>(warning[i]))) {
      kind.push_back(warning[i++]);
      continue;
    }
    while (i < warning.size() && std::isalnum(static_cast<unsigned char>(warning[i]))) ++i;
    kind.push_back('#');
  }
  return kind;
}

CappedWarnings cap_repeated_warnings(const std::vector<std::string>& warnings, size_t per_kind) {
  struct Kind {
    size_t seen = 0;
    size_t first = 0;  // index into `warnings`
  };
  std::unordered_map<std::string, Kind> kinds;
  std::vector<std::string> order;  // kinds that went over the limit, first seen first
  CappedWarnings capped;
  for (size_t i = 0; i < warnings.size(); ++i) {
    auto [it, fresh] = kinds.try_emplace(warning_kind(warnings[i]), Kind{0, i});
    if (++it->second.seen <= per_kind) {
      capped.listed.push_back(warnings[i]);
      continue;
    }
    if (it->second.seen == per_kind + 1) order.push_back(it->first);
    ++capped.not_listed;
  }
  for (const auto& key : order) {
    const Kind& kind = kinds.at(key);
    capped.listed.push_back(fmt::format("{} more warnings like '{}' not listed (at most {} of a kind are)",
                                        kind.seen - per_kind, warnings[kind.first], per_kind));
  }
  return capped;
}

void cap_manifest_warnings(RunManifest& manifest) {
  CappedWarnings capped = cap_repeated_warnings(manifest.warnings, default_limits().max_listed_warnings_per_kind);
  manifest.options["warnings_not_listed"] = std::to_string(capped.not_listed);
  manifest.warnings = std::move(capped.listed);
}

}  // namespace shellcarve
