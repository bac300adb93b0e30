// report_style.h: the report's one stylesheet, inline, and the Content-Security-Policy that
// admits it by its SHA-256 and nothing else: no script at all, no network (default-src
// 'none'), images only as data: URLs. The print rules give A4 pages, a page break before
// each major section, and page headers carrying the case number and "page N of M".
#pragma once

#include <string>
#include <string_view>

namespace shellcarve::html {

// The stylesheet; `case_number` and `evidence_number` go into the print page headers.
std::string report_stylesheet(std::string_view case_number, std::string_view evidence_number);

// The policy for a page whose only style element holds exactly `stylesheet`.
std::string content_security_policy(std::string_view stylesheet);

}  // namespace shellcarve::html
