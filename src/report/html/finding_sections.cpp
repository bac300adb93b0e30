#include "report/html/finding_sections.h"

#include <fmt/format.h>

#include <set>

#include "report/html/birth_chart.h"
#include "report/html/html_blocks.h"
#include "report/html/html_text.h"
#include "report/html/log_check_sections.h"

namespace shellcarve::html {
namespace {

std::string anchor_of(size_t index) { return fmt::format("finding-{}", index + 1); }

std::string severity_badge(const std::string& severity) {
  static const std::set<std::string> kKnown{"critical", "high", "medium", "low"};
  const std::string css = kKnown.contains(severity) ? "sev-" + severity : "sev-low";
  return fmt::format("<span class=\"badge {}\">{}</span>", css, text(severity));
}

std::string planted_interval(const JsonValue& finding) {
  const auto& bounds = finding.array_of("planted_between");
  auto bound = [&](size_t i) {
    return i < bounds.size() && bounds[i].is_string() ? text(bounds[i].text) : std::string("?");
  };
  if (bounds.empty()) return text(finding.string_or_empty("planted_at"));
  return bound(0) + " &ndash; " + bound(1);
}

std::string number_or_empty(const JsonValue& finding, std::string_view key) {
  const auto number = finding.unsigned_of(key);
  return number ? std::to_string(*number) : std::string();
}

std::string location_rows(const JsonValue& f) {
  std::string out;
  out += fact_row("Path", "<span class=\"path mono\">" + text(f.string_or_empty("path")) + "</span>");
  out += fact_row_text("Partition", number_or_empty(f, "partition"));
  // "live", or the number of the Volume Shadow Copy store it was read from and its time.
  // (Case folders written before stores were read have neither: no row.)
  const std::string store = f.string_or_empty("store");
  const std::string store_number = number_or_empty(f, "store");
  if (!store.empty()) out += fact_row_text("Read from", store + " volume");
  else if (!store_number.empty())
    out += fact_row_text("Read from", "VSS store " + store_number + " (snapshot " + f.string_or_empty("store_time") + ")");
  out += fact_row_text("State", f.string_or_empty("state"));
  out += fact_row_text("MFT entry-sequence",
                       number_or_empty(f, "mft_entry") + "-" + number_or_empty(f, "mft_sequence"));
  out += fact_row_text("Image byte offset", number_or_empty(f, "image_offset"));
  out += fact_row_text("Cluster (LCN)", number_or_empty(f, "cluster"));
  out += fact_row_text("Size (bytes)", number_or_empty(f, "size"));
  out += fact_row_text("Web root", f.string_or_empty("webroot"));
  out += fact_row("MD5", "<code>" + text(f.string_or_empty("md5")) + "</code>");
  out += fact_row("SHA-1", "<code>" + text(f.string_or_empty("sha1")) + "</code>");
  out += fact_row("SHA-256", "<code>" + text(f.string_or_empty("sha256")) + "</code>");
  return out;
}

std::string verdict_rows(const JsonValue& f) {
  std::string out;
  out += fact_row("Severity", severity_badge(f.string_or_empty("severity")));
  out += fact_row("Why this severity", text_list(strings_of(f.array_of("severity_reasons"))));
  out += fact_row("Rules", text_list(strings_of(f.array_of("rules"))));
  out += fact_row("Heuristics", text_list(strings_of(f.array_of("heuristics"))));
  out += fact_row_text("Planted at", f.string_or_empty("planted_at"));
  out += fact_row_text("Planted at: source", f.string_or_empty("planted_at_source"));
  out += fact_row("Planted between", planted_interval(f));
  out += fact_row_text("Latest bound: source", f.string_or_empty("planted_latest_source"));
  out += fact_row_text("Last written at", f.string_or_empty("last_written_at"));
  out += fact_row_text("Last written: source", f.string_or_empty("last_written_source"));
  out += fact_row_text("Relative to the patch", f.string_or_empty("relative_to_patch"));
  out += fact_row_text("Why", f.string_or_empty("relative_to_patch_reason"));
  const auto after = f.bool_of("written_after_patch");
  out += fact_row_text("Written after the patch", after ? (*after ? "yes" : "no") : "");
  out += fact_row_text("Why (written)", f.string_or_empty("written_after_patch_reason"));
  out += fact_row_text("Timestomp verdict", f.string_or_empty("timestomp_verdict"));
  out += fact_row_text("Timestomp: why", f.string_or_empty("timestomp_reason"));
  out += fact_row("Timestomp indicators", text_list(strings_of(f.array_of("timestomp_evidence"))));
  out += fact_row("Indicators set aside (volume-wide)", text_list(strings_of(f.array_of("timestomp_set_aside"))));
  out += fact_row_text("Exchange integrity", f.string_or_empty("integrity"));
  out += fact_row("Notes", text_list(strings_of(f.array_of("notes"))));
  return out + finding_log_rows(f);
}

// Every dated fact behind the planted interval, each with where in the image it was read.
std::string time_facts(const JsonValue& f) {
  const auto& facts = f.array_of("planted_evidence");
  if (facts.empty()) return "<p class=\"note\">No dated facts recorded.</p>\n";
  std::string out = "<table>\n<tr><th>role</th><th>time (UTC)</th><th>FILETIME</th><th>fact</th><th>source</th></tr>\n";
  for (const JsonValue& fact : facts)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>\n",
                       text(fact.string_or_empty("role")), text(fact.string_or_empty("time")),
                       number_or_empty(fact, "filetime"), text(fact.string_or_empty("fact")),
                       text(fact.string_or_empty("source")));
  return out + "</table>\n";
}

std::string excerpt(const CaseOutputs& outputs, const JsonValue& f) {
  const std::string sha256 = f.string_or_empty("sha256");
  const auto found = outputs.excerpts.find(sha256);
  if (found == outputs.excerpts.end())
    return "<p class=\"note\">No stored content for this finding in evidence/ (not stored, or over the "
           "evidence limit).</p>\n";
  const auto size = f.unsigned_of("size");
  return fmt::format(
      "<p class=\"note\">First {} of {} bytes of <code>evidence/{}.bin</code> (SHA-256 above), as text:</p>\n"
      "<pre class=\"excerpt\">{}</pre>\n",
      found->second.size(), size ? std::to_string(*size) : std::string("?"), text(sha256), text(found->second));
}

// What the de-obfuscation pass folded the content into, where a rule matched the folded
// text rather than the text as written.
std::string deobfuscated_snippets(const JsonValue& f) {
  const auto& snippets = f.array_of("deobfuscated");
  if (snippets.empty()) return {};
  std::string out = "<h4>De-obfuscated text the rules matched</h4>\n<p class=\"note\">Constant expressions of the "
                    "page (concatenations, Chr/ChrW, Replace, StrReverse, Mid, base64 and hex literals, Script "
                    "Encoder blobs) folded into the text they produce; the page itself is unchanged.</p>\n";
  for (const JsonValue& snippet : snippets)
    out += "<pre class=\"excerpt\">" + text(json_display_text(snippet)) + "</pre>\n";
  return out;
}

// Fields other steps add to a finding (severity_reasons, deobfuscated ...), shown generically.
std::string other_fields(const JsonValue& f) {
  static const std::set<std::string> kShown{
      "path", "state", "mft_entry", "mft_sequence", "image_offset", "cluster", "size", "md5", "sha1", "sha256",
      "rules", "heuristics", "planted_at", "planted_at_filetime", "planted_at_source", "planted_between",
      "planted_latest_source", "last_written_at", "last_written_at_filetime", "last_written_source",
      "planted_evidence", "relative_to_patch", "relative_to_patch_reason", "written_after_patch",
      "written_after_patch_reason", "timestomped", "timestomp_verdict", "timestomp_reason", "timestomp_evidence",
      "timestomp_set_aside", "severity", "severity_reasons", "webroot", "partition", "store", "store_time",
      "integrity", "notes", "requests", "dropped_by", "deobfuscated"};
  std::string rows;
  for (const auto& [key, value] : f.members)
    if (!kShown.contains(key)) rows += fact_row(key, generic_value(value, "findings.json", 1));
  return rows.empty() ? std::string() : "<h4>Further fields</h4>\n<table class=\"facts\">\n" + rows + "</table>\n";
}

}  // namespace

std::string render_findings_summary(const CaseOutputs& outputs) {
  const auto& findings = outputs.findings.array_of("findings");
  std::string out = "<section id=\"summary\">\n<h2>Findings</h2>\n";
  out += fmt::format("<p>{} finding(s). Each links to its evidence chain below.</p>\n", findings.size());
  out += "<table class=\"findings\">\n<thead><tr><th>#</th><th>severity</th><th>path</th><th>state</th>"
         "<th>planted between (UTC)</th><th>patch</th><th>timestomp</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    const JsonValue& f = findings[i];
    out += fmt::format(
        "<tr class=\"finding-row\"><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"path mono\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        anchor_of(i), i + 1, severity_badge(f.string_or_empty("severity")), text(f.string_or_empty("path")),
        text(f.string_or_empty("state")), planted_interval(f), text(f.string_or_empty("relative_to_patch")),
        text(f.string_or_empty("timestomp_verdict")));
  }
  if (findings.empty()) out += "<tr><td colspan=\"7\" class=\"note\">no findings</td></tr>\n";
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string render_timeline_section(const CaseOutputs& outputs) {
  std::vector<ChartMark> marks;
  const auto& findings = outputs.findings.array_of("findings");
  for (size_t i = 0; i < findings.size(); ++i)
    if (const auto planted = findings[i].unsigned_of("planted_at_filetime"))
      marks.push_back({*planted, findings[i].string_or_empty("path"), anchor_of(i)});
  std::string out = "<section class=\"major\" id=\"timeline\">\n<h2>Timeline of the web roots</h2>\n";
  out += "<p>Births of server pages over time (the $FILE_NAME creation time of each name in a web root, from "
         "timeline.jsonl), counted in bins; the patch time dashed; each finding a red marker at its planted "
         "time, and bins holding one drawn red.</p>\n";
  if (!outputs.timeline_read) out += "<p class=\"warn\">timeline.jsonl could not be read: no chart.</p>\n";
  else out += render_birth_chart(outputs.births, outputs.findings.unsigned_of("patched_at_filetime"), marks);
  out += "<p class=\"legend note\"><span class=\"swatch-births\">&#9632; births</span><span class=\"swatch-finding\">"
         "&#9632; bin with a finding / &#9660; finding</span><span>- - - patch</span></p>\n";
  return out + "</section>\n";
}

std::string render_findings_details(const CaseOutputs& outputs) {
  const auto& findings = outputs.findings.array_of("findings");
  std::string out = "<section class=\"major\" id=\"details\">\n<h2>Evidence chain of each finding</h2>\n";
  if (findings.empty()) out += "<p class=\"note\">No findings.</p>\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    const JsonValue& f = findings[i];
    out += fmt::format("<div class=\"finding\" id=\"{}\">\n<h3>Finding {}: <span class=\"path mono\">{}</span></h3>\n",
                       anchor_of(i), i + 1, text(f.string_or_empty("path")));
    out += "<table class=\"facts\">\n" + location_rows(f) + verdict_rows(f) + "</table>\n";
    out += "<h4>Dated facts and their sources</h4>\n" + time_facts(f);
    out += other_fields(f);
    out += "<h4>Content excerpt</h4>\n" + excerpt(outputs, f);
    out += deobfuscated_snippets(f);
    out += "</div>\n";
  }
  return out + "</section>\n";
}

}  // namespace shellcarve::html
