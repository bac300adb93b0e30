// csv_cell: one cell of the CSV outputs (timelines, findings, proxylogon checks) made safe to
// open in a spreadsheet: quoted when needed (RFC 4180), formula characters defused, control
// characters, bidi overrides and invalid UTF-8 made visible.
#pragma once

#include <string>

namespace shellcarve {

std::string csv_cell(const std::string& text);

}  // namespace shellcarve
