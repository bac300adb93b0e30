// finding_sections.h: the report's sections about the findings -- the summary table (one
// row per finding: severity, path, state, planted interval, relation to the patch,
// timestomp verdict), the timeline chart, and for each finding its evidence chain: every
// fact with its source (MFT entry and attribute, image byte offset, USN record, log line)
// as findings.json states it, the hashes, and a short escaped excerpt of the content.
#pragma once

#include <string>

#include "report/html/case_outputs.h"

namespace shellcarve::html {

std::string render_findings_summary(const CaseOutputs& outputs);
std::string render_timeline_section(const CaseOutputs& outputs);
std::string render_findings_details(const CaseOutputs& outputs);

}  // namespace shellcarve::html
