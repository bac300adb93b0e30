// findings_output: findings.json and findings.csv, the case folder's list of findings with
// every verdict and the evidence it rests on (field meanings in README "Outputs").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/json_writer.h"
#include "detect/finding.h"
#include "detect/patch_time.h"

namespace shellcarve {

// What findings.json's header says of the image (scan): whether it matched its stored
// hashes, so a mismatch is read where the findings are, not only in the manifest.
struct ImageCheck {
  std::optional<bool> verified;  // null: not hashed, or no stored hash
  std::string verification;      // one line: "verified ...", "MISMATCH ...", "not checked ..."
};

// `volume_notes`: what the volume says about itself (timestomp indicators set aside as
// volume-wide, with their counts), written in the header; `more_sections` adds the
// pipeline's other header sections (integrity ...).
std::string write_findings_json(const std::vector<Finding>& findings, const PatchTime& patch,
                                const std::optional<ImageCheck>& image = std::nullopt,
                                const std::vector<std::string>& volume_notes = {},
                                const std::function<void(JsonWriter&)>& more_sections = {});
std::string write_findings_csv(const std::vector<Finding>& findings);

}  // namespace shellcarve
