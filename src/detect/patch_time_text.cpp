#include "detect/patch_time_text.h"

#include <fmt/format.h>

#include "common/filetime.h"

namespace shellcarve {

std::string describe_installed_builds(const PatchTime& patch) {
  if (patch.installed_builds.empty()) return "none found";
  std::string out;
  for (const auto& b : patch.installed_builds) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} {} (first seen {})", detect::to_string(b.build.number), b.build.name,
                       b.first_seen ? filetime_to_iso8601(*b.first_seen) : "unknown");
  }
  return out;
}

std::string describe_open_families(const PatchTime& patch) {
  if (patch.installed_builds.empty()) return "unknown (no known build found)";
  if (patch.open_families.empty()) return "none";
  return fmt::format("{}", fmt::join(patch.open_families, ", "));
}

std::string describe_build_anomaly(const detect::BuildAnomaly& anomaly) {
  return fmt::format("exchange build anomaly: {} (MFT entry {}, created ($FN) {}): {}", anomaly.path,
                     anomaly.mft_entry, filetime_to_iso8601(anomaly.fn_creation), anomaly.reason);
}

}  // namespace shellcarve
