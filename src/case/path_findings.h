// path_findings.h: what the placing of names says about tampering or scope, as findings.
// A name the web root's $I30 index lists while its $FILE_NAME points elsewhere (a rewritten
// parent reference: index_paths.h) and a junction or symbolic link in a web root that
// cannot be followed (reparse_roots.h) are findings of their own; a finding in a folder
// reached through a reparse point says through which link, and the path IIS serves it at.
#pragma once

#include <vector>

#include "case/volume_analysis.h"
#include "detect/finding.h"

namespace shellcarve {

// Appends the findings of `analysis`'s index disagreements (in or out of a web root by
// either path) and of its reparse points not followed.
void add_path_findings(const VolumeAnalysis& analysis, std::vector<Finding>& findings);

// Notes on each finding whose web root was reached through a reparse point.
void note_reparse_roots(const WebRootSelection& selection, std::vector<Finding>& findings);

}  // namespace shellcarve
