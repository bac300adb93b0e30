#include "detect/patch_time.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/filetime.h"
#include "detect/patch_time_text.h"
#include "detect/volume_file_reader.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve {
namespace {

PatchTime infer(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree, const detect::ReadFile* read_file,
                const detect::InstalledBuildsOptions& options) {
  PatchTime patch;
  patch.source = "unknown";
  const auto& table = detect::exchange_builds();
  if (!table) {
    patch.evidence.push_back("the table of Exchange builds did not load: " + table.error().message);
    return patch;
  }
  detect::InstalledBuilds found = detect::find_installed_builds(catalog, tree, *table, read_file, options);
  patch.installed_builds = std::move(found.builds);
  patch.anomalies = std::move(found.anomalies);
  if (!read_file) patch.evidence.push_back("file contents not read: builds from version folders only");
  for (const auto& note : found.notes) patch.evidence.push_back(note);
  for (const auto& anomaly : patch.anomalies) patch.evidence.push_back(describe_build_anomaly(anomaly));
  if (patch.installed_builds.empty()) {
    patch.evidence.push_back("no known Exchange build found on the volume");
    return patch;
  }
  for (const auto& b : patch.installed_builds)
    patch.evidence.push_back(fmt::format(
        "installed {} {} ({}{}), first seen {} ({}); {} files under V15/Bin and V15/FrontEnd were created within an "
        "hour of it",
        detect::to_string(b.build.number), b.build.name, detect::to_string(b.build.kind),
        b.build.kb.empty() ? "" : " " + b.build.kb, b.first_seen ? filetime_to_iso8601(*b.first_seen) : "at an unknown time",
        b.first_seen_source.empty() ? "no dated evidence" : b.first_seen_source, b.burst));

  // The newest build (highest number) is what runs at acquisition.
  const auto newest = std::max_element(patch.installed_builds.begin(), patch.installed_builds.end(),
                                       [](const auto& a, const auto& b) { return a.build.number < b.build.number; });
  for (const auto family : detect::kVulnerabilityFamilies)
    if (!newest->build.fixes_family(family)) patch.open_families.emplace_back(family);
  if (!patch.open_families.empty())
    patch.evidence.push_back(fmt::format("newest installed build {} does not fix: {}", newest->build.name,
                                         fmt::join(patch.open_families, ", ")));

  // The first arrival (installed_builds is ordered by first_seen) of a build fixing the family.
  const auto fixing = std::find_if(patch.installed_builds.begin(), patch.installed_builds.end(),
                                   [&](const auto& b) { return b.build.fixes_family(patch.family); });
  if (fixing == patch.installed_builds.end()) {
    patch.evidence.push_back(fmt::format("no installed build fixes {}: not patched at acquisition", patch.family));
    return patch;
  }
  if (!fixing->first_seen) {
    patch.evidence.push_back(fmt::format("{} fixes {}, but nothing dates its arrival", fixing->build.name, patch.family));
    return patch;
  }
  patch.filetime = fixing->first_seen;
  const bool first_install = fixing == patch.installed_builds.begin() && fixing->build.kind != detect::BuildKind::kSu;
  if (first_install) {
    // A CU is also an installation medium: with no earlier build, the server was set up at a
    // build that already fixed the family and was never exposed to it.
    patch.source = "exchange installed already fixed";
    patch.evidence.push_back(fmt::format("{} fixes {} and is the earliest build found: the server was installed "
                                         "already fixed, at {}",
                                         fixing->build.name, patch.family, filetime_to_iso8601(*fixing->first_seen)));
  } else {
    // An SU only ever patches an installed CU, so even alone its arrival is the patch.
    patch.source = "exchange build arrival";
    patch.evidence.push_back(fmt::format("patched for {} at {}: arrival of {} ({}, {})", patch.family,
                                         filetime_to_iso8601(*fixing->first_seen), fixing->build.name,
                                         detect::to_string(fixing->build.kind), fixing->first_seen_source));
  }
  return patch;
}

}  // namespace

bool looks_like_build_number(const std::string& name) {
  const auto version = detect::parse_version(name);
  return version && version->parts == 4;
}

PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree) {
  return infer(catalog, tree, nullptr, {});
}

PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                           const detect::ReadFile& read_file) {
  return infer(catalog, tree, &read_file, {});
}

PatchTime infer_patch_time(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                           const ntfs::NtfsVolume& volume) {
  const detect::ReadFile reader = detect::volume_file_reader(volume);
  detect::InstalledBuildsOptions options;
  options.max_log_bytes = volume.limits().max_setup_log_bytes;
  options.max_binary_bytes = volume.limits().max_version_binary_bytes;
  return infer(catalog, tree, &reader, options);
}

}  // namespace shellcarve
