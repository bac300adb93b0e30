#include "report/html/case_sections.h"

#include <fmt/format.h>

#include <set>

#include "report/html/html_blocks.h"
#include "report/html/html_text.h"

namespace shellcarve::html {
namespace {

std::string verified_text(const JsonValue& image) {
  const auto verified = image.bool_of("verified");
  if (!verified) return "not verified (no stored hashes, or not hashed)";
  return *verified ? "verified: the computed hashes equal the stored ones" : "MISMATCH with the stored hashes";
}

}  // namespace

std::string render_case_section(const CaseOutputs& outputs) {
  const JsonValue& m = outputs.manifest;
  const JsonValue& image = member(m, "image");
  std::string out = "<section id=\"case\">\n<h2>Case and evidence</h2>\n<table class=\"facts\">\n";
  out += fact_row_text("Case number", m.string_or_empty("case_number"));
  out += fact_row_text("Evidence number", m.string_or_empty("evidence_number"));
  out += fact_row_text("Examiner", m.string_or_empty("examiner"));
  out += fact_row_text("Scan started (UTC)", m.string_or_empty("started"));
  out += fact_row_text("Scan finished (UTC)", m.string_or_empty("finished"));
  out += "</table>\n<h3>Image identity</h3>\n<table class=\"facts\">\n";
  out += fact_row_text("Format", image.string_or_empty("format"));
  out += fact_row("Segments", text_list(strings_of(image.array_of("segments")), "mono"));
  const auto size = image.unsigned_of("size");
  out += fact_row_text("Media size (bytes)", size ? std::to_string(*size) : "");
  out += fact_row_text("Stored MD5", image.string_or_empty("stored_md5"));
  out += fact_row_text("Stored SHA-1", image.string_or_empty("stored_sha1"));
  out += fact_row_text("Computed MD5", image.string_or_empty("md5"));
  out += fact_row_text("Computed SHA-1", image.string_or_empty("sha1"));
  out += fact_row_text("Computed SHA-256", image.string_or_empty("sha256"));
  const std::string verification = outputs.findings.string_or_empty("image_verification");
  out += fact_row_text("Verification", verification.empty() ? verified_text(image) : verification);
  out += fact_row("Damage (read as zeros)", text_list(strings_of(image.array_of("damage"))));
  return out + "</table>\n</section>\n";
}

std::string render_method_section(const CaseOutputs& outputs) {
  const JsonValue& m = outputs.manifest;
  const JsonValue& tool = member(m, "tool");
  std::string out = section_start("method", "Method");
  out += "<table class=\"facts\">\n";
  out += fact_row_text("Tool", tool.string_or_empty("name") + " " + tool.string_or_empty("version"));
  out += fact_row("Git commit", "<code>" + text(tool.string_or_empty("git_commit")) + "</code>");
  out += fact_row("Command line", "<code>" + text(m.string_or_empty("command_line")) + "</code>");
  out += "</table>\n<h3>Rule files</h3>\n<table>\n<tr><th>#</th><th>file</th><th>SHA-256</th></tr>\n";
  // "rules.N" names a compiled rule file, "rules.N.sha256" its hash (when the scan wrote it).
  const JsonValue& options = member(m, "options");
  size_t rule_files = 0;
  for (const auto& [key, value] : options.members) {
    if (!key.starts_with("rules.") || key.find('.', 6) != std::string::npos) continue;
    ++rule_files;
    out += fmt::format("<tr><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>\n", text(key.substr(6)),
                       text(json_display_text(value)), text(options.string_or_empty(key + ".sha256")));
  }
  if (rule_files == 0) out += "<tr><td colspan=\"3\" class=\"note\">no rule files listed in manifest.json</td></tr>\n";
  out += "</table>\n<h3>Options and counters</h3>\n<table>\n<tr><th>option</th><th>value</th></tr>\n";
  for (const auto& [key, value] : options.members)
    out += fmt::format("<tr><td class=\"mono\">{}</td><td>{}</td></tr>\n", text(key), text(json_display_text(value)));
  return out + "</table>\n</section>\n";
}

std::string render_patch_section(const CaseOutputs& outputs) {
  const JsonValue& f = outputs.findings;
  std::string out = section_start("patch", "Patch time and its evidence");
  out += "<table class=\"facts\">\n";
  const std::string patched = f.string_or_empty("patched_at");
  const auto raw = f.unsigned_of("patched_at_filetime");
  out += fact_row_text("Patched at (UTC)", patched.empty() ? "unknown" : patched);
  out += fact_row_text("FILETIME", raw ? std::to_string(*raw) : "");
  out += fact_row_text("Source", f.string_or_empty("patched_at_source"));
  out += fact_row_text("Vulnerability family", f.string_or_empty("patched_at_family"));
  out += fact_row("Evidence", text_list(strings_of(f.array_of("patched_at_evidence"))));
  out += fact_row("Families still open", text_list(strings_of(f.array_of("open_families"))));
  out += "</table>\n";
  if (!f.array_of("installed_builds").empty()) {
    out += "<h3>Exchange builds installed</h3>\n";
    out += generic_value(member(f, "installed_builds"), "findings.json");
  }
  if (!f.array_of("build_anomalies").empty()) {
    out += "<h3>Build folders the build table does not know</h3>\n";
    out += generic_value(member(f, "build_anomalies"), "findings.json");
  }
  // Header sections other steps add to findings.json (Exchange integrity ...), shown as
  // they are: the report need not know them to show them.
  static const std::set<std::string> kKnown{"image_verified", "image_verification", "patched_at", "patched_at_filetime",
                                            "patched_at_source", "patched_at_evidence", "patched_at_family",
                                            "installed_builds", "open_families", "build_anomalies", "volume_notes",
                                            "findings"};
  for (const auto& [key, value] : f.members) {
    if (kKnown.contains(key)) continue;
    out += "<h3>" + text(key) + " <span class=\"note\">(findings.json)</span></h3>\n";
    out += generic_value(value, "findings.json");
  }
  return out + "</section>\n";
}

std::string render_warnings_section(const CaseOutputs& outputs) {
  std::string out = section_start("warnings", "Warnings and limitations");
  out += "<h3>Warnings of the scan</h3>\n" + text_list(strings_of(outputs.manifest.array_of("warnings")), "warn");
  out += "<h3>What each volume says of itself</h3>\n" + text_list(strings_of(outputs.findings.array_of("volume_notes")));
  const JsonValue& image = member(outputs.manifest, "image");
  out += "<h3>Damage in the image</h3>\n" + text_list(strings_of(image.array_of("damage")), "warn");
  out += "<h3>Outputs of this folder missing or unreadable</h3>\n" + text_list(outputs.problems, "warn");
  if (outputs.births.births_not_charted)
    out += fmt::format("<p class=\"warn\">{} births past the chart's limit of {} were counted, not charted.</p>\n",
                       outputs.births.births_not_charted, kMaxBirthsCharted);
  out += "<h3>Limits of this report</h3>\n<ul>\n"
         "<li>Made from the case folder's own outputs only; the image was not read again.</li>\n"
         "<li>Content excerpts show at most " + std::to_string(kExcerptBytes) +
         " bytes of each flagged file (evidence/); characters that could mislead a reader (controls, bidi "
         "overrides, invalid UTF-8) are shown as <span class=\"esc\">\\u202e</span>-style escapes.</li>\n"
         "<li>Tables of other checks list at most " + std::to_string(kMaxGenericRows) +
         " rows each; the files themselves hold every row.</li>\n</ul>\n";
  return out + "</section>\n";
}

std::string render_outputs_section(const CaseOutputs& outputs) {
  std::string out = section_start("outputs", "Files of this case folder");
  out += "<p>SHA-256 of every other file in the folder, as manifest.json lists them (taken as they were "
         "written); files the manifest does not list (manifest.json itself) hashed when this report was made.</p>\n";
  out += "<table>\n<tr><th>file</th><th>bytes</th><th>SHA-256</th><th>hash from</th></tr>\n";
  for (const FolderFile& file : outputs.files)
    out += fmt::format("<tr><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>\n",
                       text(file.name), file.size, text(file.sha256), file.computed ? "computed" : "manifest.json");
  return out + "</table>\n</section>\n";
}

}  // namespace shellcarve::html
