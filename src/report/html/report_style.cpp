#include "report/html/report_style.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "common/digest.h"
#include "report/html/html_text.h"

namespace shellcarve::html {
namespace {

// RFC 4648 base64 of the bytes a lowercase hex string spells (CSP hashes are base64).
std::string base64_of_hex(std::string_view hex) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto nibble = [](char c) { return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10); };
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t k = 0; k < 3; ++k)
      group = group << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 0x3F] : '=';
  }
  return out;
}

constexpr std::string_view kScreenRules = R"css(
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4;
  color: #111; background: #fff; margin: 2em auto; max-width: 62em; padding: 0 1em; }
h1 { font-size: 1.7em; margin: 0 0 0.2em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #333; padding-bottom: 0.15em; margin-top: 1.6em; }
h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.22em 0.4em; vertical-align: top; text-align: left; }
th { background: #eee; }
table.facts th { width: 13em; }
.path, code, pre, .mono { overflow-wrap: anywhere; }
code, pre, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; }
pre.excerpt { background: #f6f6f6; border: 1px solid #ccc; padding: 0.5em; white-space: pre-wrap; max-height: 24em; overflow: auto; }
.esc { color: #a00; background: #fee; border: 1px dotted #a00; font-family: monospace; }
.sev-critical { background: #b00020; color: #fff; }
.sev-high { background: #e65100; color: #fff; }
.sev-medium { background: #f9a825; color: #000; }
.sev-low { background: #ddd; color: #000; }
.badge { padding: 0 0.4em; border-radius: 3px; font-weight: bold; white-space: nowrap; }
.note { color: #555; font-size: 0.92em; }
.when { white-space: nowrap; }
.warn { color: #8a1c00; }
.finding { border-top: 1px solid #999; margin-top: 1.2em; }
svg.chart { width: 100%; height: auto; border: 1px solid #ccc; }
svg.chart .bar { fill: #4a6fa5; }
svg.chart .bar-finding { fill: #c62828; }
svg.chart .patch { stroke: #111; stroke-width: 2; stroke-dasharray: 6 4; }
svg.chart .mark { fill: #c62828; }
svg.chart text { font-size: 11px; fill: #222; font-family: "DejaVu Sans", Arial, sans-serif; }
svg.chart .axis { stroke: #444; stroke-width: 1; }
.legend span { margin-right: 1.5em; }
.swatch-births { color: #4a6fa5; } .swatch-finding { color: #c62828; }
)css";

constexpr std::string_view kPrintRules = R"css(
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  section.major { break-before: page; }
  .finding { break-inside: avoid-page; }
  tr, pre.excerpt, svg.chart { break-inside: avoid; }
  pre.excerpt { max-height: none; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
)css";

}  // namespace

std::string report_stylesheet(std::string_view case_number, std::string_view evidence_number) {
  const std::string title = case_number.empty() ? "shellcarve report" : "shellcarve report, case " + std::string(case_number);
  const std::string evidence = evidence_number.empty() ? "" : "evidence " + std::string(evidence_number);
  return fmt::format(
      "{}{}@page {{ size: A4; margin: 18mm 14mm 16mm;\n"
      "  @top-left {{ content: \"{}\"; font-size: 8pt; color: #444; }}\n"
      "  @top-right {{ content: \"{}\"; font-size: 8pt; color: #444; }}\n"
      "  @bottom-right {{ content: \"page \" counter(page) \" of \" counter(pages); font-size: 8pt; color: #444; }} }}\n",
      kScreenRules, kPrintRules, css_string(title), css_string(evidence));
}

std::string content_security_policy(std::string_view stylesheet) {
  return fmt::format("default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
                     base64_of_hex(sha256_hex(stylesheet)));
}

}  // namespace shellcarve::html
