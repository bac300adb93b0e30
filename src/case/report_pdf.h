// report_pdf.h: report.pdf, the case folder's report.html printed by headless Chromium
// (Debian's `chromium`: `chromium --headless --no-sandbox --print-to-pdf=...`), so the PDF
// is what a browser shows, with the report's own print rules (A4, page breaks, headers with
// the case number and page N of M) and no browser header or footer. The browser gets a
// profile folder of its own, removed afterwards, and the PDF is written beside the target
// and renamed over it only when Chromium succeeded.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "report/html/case_outputs.h"

namespace shellcarve {

// The Chromium on PATH ("chromium", else "chromium-browser"); nullopt when none.
std::optional<std::string> find_chromium();

// Prints CASE_DIR/report.html to CASE_DIR/report.pdf. kNotFound (saying how to install it)
// when Chromium is not installed; kIo when it fails or writes no PDF.
Status print_report_pdf(const std::string& case_dir);

// `path` (absolute) as a file:// URL, every byte but unreserved ones and '/' percent-encoded.
std::string file_url(const std::string& path);

}  // namespace shellcarve
