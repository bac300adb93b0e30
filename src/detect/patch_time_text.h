// One-line renderings of the patch time's parts, for the manifest's options and warnings.
#pragma once

#include <string>

#include "detect/patch_time.h"

namespace shellcarve {

// "15.1.2176.2 Exchange Server 2016 CU19 (first seen 2020-...); 15.1.2176.9 ..." or "none found".
std::string describe_installed_builds(const PatchTime& patch);
// "proxyshell, proxynotshell", "none", or "unknown (no known build found)".
std::string describe_open_families(const PatchTime& patch);
// "exchange build anomaly: /path (MFT entry N, created ($FN) T): reason".
std::string describe_build_anomaly(const detect::BuildAnomaly& anomaly);

}  // namespace shellcarve
