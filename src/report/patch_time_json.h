// The patch-time fields of findings.json's header: patched_at (ISO 8601 and raw FILETIME),
// its source and evidence, the family it is for, the installed Exchange builds with their
// evidence, the families open at acquisition, and the version-named folders not used.
#pragma once

#include "detect/patch_time.h"
#include "common/json_writer.h"

namespace shellcarve {

// Writes the fields as keys of the object `json` is inside.
void write_patch_json(JsonWriter& json, const PatchTime& patch);

}  // namespace shellcarve
