// Where shellcarve's own data files are found at run time (the YARA rules, the Exchange
// known-good hash table): one search order for all of them, so an installed tool, a build
// tree and a test run with $SHELLCARVE_RULES all find the same files.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "common/result.h"

namespace shellcarve::detect {

// The first directory for which `holds` is true, tried in this order: $SHELLCARVE_RULES;
// <prefix>/share/shellcarve/rules for an executable installed in <prefix>/bin; the source
// tree's rules/ for an executable inside the build tree it was built in (wherever that is);
// `rules/` beside the running executable or one or two levels above it
// (an unpacked tree); then /usr/share/shellcarve/rules.
// kNotFound names `what` and every place tried.
Result<std::filesystem::path> find_rules_directory(
    const std::function<bool(const std::filesystem::path&)>& holds, std::string_view what);

}  // namespace shellcarve::detect
