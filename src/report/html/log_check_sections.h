// log_check_sections.h: the report's view of the log checks (proxylogon.json) and of what
// the logs say about each finding. The checks are laid out as an examiner reads
// Test-ProxyLogon's output: one row per check with its answer and the logs it rests on, the
// hits with the log line's place (file, line or event record, MFT entry, image offset), the
// coverage of each log family with its gaps, the suspicious files, and the attacker's other
// requests. For a finding, the requests that reached it and the request that dropped it.
// Every value is read from the case folder's JSON and escaped here.
#pragma once

#include <string>

#include "report/html/case_outputs.h"

namespace shellcarve::html {

// <section id="logs">: the checks of proxylogon.json, or a note that there is none.
std::string render_log_checks_section(const CaseOutputs& outputs);

// Fact rows for one finding's log facts ("requests", "dropped_by"); empty when it has none.
std::string finding_log_rows(const JsonValue& finding);

}  // namespace shellcarve::html
