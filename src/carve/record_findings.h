// record_findings.h: the resident content of carved FILE records, scanned like live files.
// A webshell small enough to be resident lives inside its FILE record; when the record
// survives only as a carved copy (in free clusters or $MFT slack), its $DATA streams are
// scanned with the same YARA rules and content heuristics as the hunt uses, and each hit
// becomes a Finding with state "carved": mft_entry from the record's own number field,
// image_offset that of the record, planted_at from its $FN/$SI creation times.
#pragma once

#include <memory>
#include <vector>

#include "carve/record_carver.h"
#include "detect/webshell_hunt.h"
#include "detect/yara_scanner.h"
#include "timeline/webroots.h"

namespace shellcarve::carve {

// Adds the findings to `result`, keeping its order (by path), and writes their content to
// `evidence` (null: not written) once per SHA-256; counts the streams and bytes scanned there too.
Status hunt_carved_records(const std::vector<CarvedFileRecord>& records,
                           const WebRootSelection& webroots,
                           std::shared_ptr<const detect::YaraRules> rules, const PatchTime& patch,
                           HuntResult& result, EvidenceStore* evidence = nullptr);

}  // namespace shellcarve::carve
