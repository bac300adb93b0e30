// report/html/ -- the court-ready report: one self-contained HTML file (report.html) made
// from a case folder's own JSON outputs alone, so `scan` writes it into the folder it is
// assembling and `shellcarve report CASE_DIR` makes it again without the image.
//   - Self-contained: one inline stylesheet, the chart as inline SVG, no script, no
//     external resource; a Content-Security-Policy meta forbids script and network.
//   - Safe: every string from the image is escaped (html_text.h).
//   - Deterministic: no clock is read; files are listed sorted; the same folder gives a
//     byte-identical report.
//   - Printable: A4 page breaks, headers with the case and evidence numbers, page N of M.
#pragma once

#include <string>

#include "common/result.h"

namespace shellcarve::html {

// The report of the case folder `case_dir` as text.
Result<std::string> render_html_report(const std::string& case_dir);

// Writes CASE_DIR/report.html atomically (temporary file, fsync, rename).
Status write_html_report(const std::string& case_dir);

}  // namespace shellcarve::html
