#include "detect/patch_time.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "common/filetime.h"
#include "timeline/webroots.h"

namespace shellcarve {
namespace {

constexpr uint64_t kHour = 3600 * kFiletimeTicksPerSecond;

std::vector<unsigned> build_parts(const std::string& name) {
  std::vector<unsigned> parts;
  unsigned value = 0;
  bool digit = false;
  for (const char c : name) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (value > 100000) return {};
      value = value * 10 + static_cast<unsigned>(c - '0');
      digit = true;
    } else if (c == '.' && digit) {
      parts.push_back(value);
      value = 0;
      digit = false;
    } else {
      return {};
    }
  }
  if (!digit) return {};
  parts.push_back(value);
  return parts;
}

std::string base_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }
std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/')); }

}  // namespace

bool looks_like_build_number(const std::string& name) { return build_parts(name).size() == 4; }

PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree) {
  PatchTime patch;
  patch.source = "unknown";
  struct Build {
    std::vector<unsigned> version;
    std::string path;
    uint64_t created;
  };
  std::vector<Build> builds;
  for (const auto& placed : tree.names) {
    if (placed.deleted || placed.name_index == ntfs::PlacedName::kNoName) continue;
    const auto& entry = catalog.entries[placed.entry];
    if (!entry.is_directory()) continue;
    const std::string path(placed.path);
    const std::string parent = ascii_lower(parent_of(path));
    if (!parent.ends_with("/owa/auth") || parent.find("/exchange server/") == std::string::npos)
      continue;
    const auto version = build_parts(base_name(path));
    if (version.size() != 4) continue;
    builds.push_back({version, path, entry.file_names[placed.name_index].times.creation});
  }
  if (builds.empty()) {
    patch.evidence.push_back("no Exchange owa/auth/<build> folder on the volume");
    return patch;
  }
  std::sort(builds.begin(), builds.end(), [](const Build& a, const Build& b) {
    return std::tie(a.version, a.created, a.path) < std::tie(b.version, b.created, b.path);
  });
  for (const auto& build : builds)
    patch.evidence.push_back(fmt::format("build folder {} created ($FN) {}", build.path,
                                         filetime_to_iso8601(build.created)));
  const Build& newest = builds.back();
  if (builds.size() == 1) {
    // One build folder only: the server was installed at that build and never updated
    // in a way we can see; its birth is the installation, not a patch.
    patch.evidence.push_back("only one build folder: it dates the installation, not an update");
    return patch;
  }
  patch.filetime = newest.created;
  patch.source = "exchange owa/auth build folder";
  // Corroboration: binaries under V15/Bin and V15/FrontEnd born within an hour of it.
  size_t burst = 0;
  for (const auto& placed : tree.names) {
    if (placed.deleted || placed.name_index == ntfs::PlacedName::kNoName ||
        catalog.entries[placed.entry].is_directory())
      continue;
    const std::string lower = ascii_lower(placed.path);
    if (lower.find("/exchange server/v15/bin/") == std::string::npos &&
        lower.find("/exchange server/v15/frontend/") == std::string::npos)
      continue;
    const uint64_t created = catalog.entries[placed.entry].file_names[placed.name_index].times.creation;
    if (created + kHour >= newest.created && created <= newest.created + kHour) ++burst;
  }
  patch.evidence.push_back(fmt::format(
      "newest build {} ({}); {} files under V15/Bin and V15/FrontEnd were created within an "
      "hour of it",
      base_name(newest.path), filetime_to_iso8601(newest.created), burst));
  return patch;
}

}  // namespace shellcarve
