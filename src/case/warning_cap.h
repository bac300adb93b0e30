// Capping repeated warnings: a damaged volume can say the same thing for every record
// ("MFT entry N unreadable" 194,000 times). Warnings of one kind -- the same text once
// every number is blanked -- are listed up to a limit; the rest of that kind are counted
// in one line that quotes the first, so the cap is said, never silent.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/manifest.h"

namespace shellcarve {

// "MFT entry 1234 at byte 0x4d2: ..." -> "MFT entry # at byte #: ...": every run of
// letters and digits that starts with a digit becomes '#'.
std::string warning_kind(std::string_view warning);

struct CappedWarnings {
  std::vector<std::string> listed;  // in their order, then one count line per capped kind
  size_t not_listed = 0;
};

// At most `per_kind` warnings of each kind, in their order; a line "N more warnings like
// '<first of the kind>' not listed" per capped kind, in the order the kinds first appear.
CappedWarnings cap_repeated_warnings(const std::vector<std::string>& warnings, size_t per_kind);

// The manifest's warnings capped at Limits::max_listed_warnings_per_kind, and the count of
// those not listed in its option "warnings_not_listed".
void cap_manifest_warnings(RunManifest& manifest);

}  // namespace shellcarve
