#include "report/html/log_check_sections.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/html/html_blocks.h"
#include "report/html/html_text.h"

namespace shellcarve::html {
namespace {

std::string unsigned_text(const JsonValue& object, std::string_view key) {
  const auto number = object.unsigned_of(key);
  return number ? std::to_string(*number) : std::string();
}

// Where a log row was read: the file, its line (text logs) or event record (EVTX), the
// file's MFT entry-sequence, and the byte offset of the row in the image.
std::string log_row_place(const JsonValue& provenance) {
  std::string place = provenance.string_or_empty("path");
  const auto record = provenance.unsigned_of("record_id");
  const auto line = provenance.unsigned_of("line_number");
  if (record && *record != 0) place += " record " + std::to_string(*record);
  else if (line && *line != 0) place += " line " + std::to_string(*line);
  const auto deleted = provenance.bool_of("deleted");
  place += fmt::format(" (MFT {}-{}{})", unsigned_text(provenance, "mft_entry"),
                       unsigned_text(provenance, "mft_sequence"), deleted && *deleted ? ", deleted" : "");
  const std::string offset = unsigned_text(provenance, "image_offset");
  if (!offset.empty()) place += ", image offset " + offset;
  return place;
}

std::string answer_class(std::string_view answer) {
  if (answer == "hits") return "warn";
  if (answer.starts_with("not answered")) return "note";
  return "";
}

std::string more_rows(size_t total, std::string_view what) {
  if (total <= kMaxGenericRows) return {};
  return fmt::format("<p class=\"note\">{} more {} not shown (see proxylogon.json)</p>\n", total - kMaxGenericRows,
                     text(what));
}

std::string checks_table(const JsonValue& p) {
  const auto& checks = p.array_of("checks");
  if (checks.empty()) return "<p class=\"note\">No checks listed.</p>\n";
  std::string out = "<table>\n<tr><th>check</th><th>answer</th><th>hits</th><th>logs</th><th>what it looks for</th>"
                    "</tr>\n";
  for (const JsonValue& c : checks) {
    const std::string answer = c.string_or_empty("answer");
    std::string answer_cell = text(answer);
    const std::string note = c.string_or_empty("coverage_note");
    if (!note.empty()) answer_cell += "<br><span class=\"note\">" + text(note) + "</span>";
    out += fmt::format("<tr><td class=\"mono\">{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       text(c.string_or_empty("check")), attribute(answer_class(answer)), answer_cell,
                       unsigned_text(c, "hits"), text(c.string_or_empty("logs")), text(c.string_or_empty("source")));
  }
  return out + "</table>\n";
}

// A cell's second line: where the row was read.
std::string place_line(const JsonValue& row) {
  return "<div class=\"note path mono\">read from " + text(log_row_place(member(row, "provenance"))) + "</div>";
}

std::string hits_table(const JsonValue& p) {
  const auto& hits = p.array_of("hits");
  if (hits.empty()) return "<p class=\"note\">No hits.</p>\n";
  std::string out = "<table>\n<tr><th>check</th><th>time (UTC)</th><th>log</th><th>client IP</th>"
                    "<th>detail, and where it was read</th></tr>\n";
  for (size_t i = 0; i < std::min(hits.size(), kMaxGenericRows); ++i) {
    const JsonValue& h = hits[i];
    out += fmt::format(
        "<tr><td class=\"mono\">{}</td><td class=\"mono when\">{}</td><td>{}</td><td class=\"mono\">{}</td>"
        "<td>{}{}</td></tr>\n",
        text(h.string_or_empty("check")), text(h.string_or_empty("time")), text(h.string_or_empty("source")),
        text(h.string_or_empty("client_ip")), text(h.string_or_empty("detail")), place_line(h));
  }
  return out + "</table>\n" + more_rows(hits.size(), "hits");
}

std::string gaps_text(const JsonValue& coverage) {
  std::vector<std::string> gaps;
  for (const JsonValue& gap : coverage.array_of("gaps")) {
    const std::string from = gap.string_or_empty("from");
    const std::string to = gap.string_or_empty("to");
    gaps.push_back((from == to ? from : from + " to " + to) + " (" + unsigned_text(gap, "days") + " day(s))");
  }
  return gaps.empty() ? std::string("<span class=\"note\">(none)</span>") : text_list(gaps, "warn");
}

std::string coverage_table(const JsonValue& p) {
  const auto& families = p.array_of("coverage");
  if (families.empty()) return "<p class=\"warn\">No logs of any family were found on the volume.</p>\n";
  std::string out = "<table>\n<tr><th>logs</th><th>files</th><th>rows</th><th>first day</th><th>last day</th>"
                    "<th>days without a log</th><th>deleted files</th><th>unreadable files</th></tr>\n";
  for (const JsonValue& c : families)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                       "</tr>\n",
                       text(c.string_or_empty("source")), unsigned_text(c, "files"), unsigned_text(c, "rows"),
                       text(c.string_or_empty("first_day")), text(c.string_or_empty("last_day")), gaps_text(c),
                       text_list(strings_of(c.array_of("deleted_files")), "mono"),
                       text_list(strings_of(c.array_of("unreadable_files")), "warn"));
  return out + "</table>\n";
}

std::string suspicious_files_table(const JsonValue& p) {
  const auto& files = p.array_of("suspicious_files");
  if (files.empty()) return "<p class=\"note\">None found.</p>\n";
  std::string out = "<table>\n<tr><th>type</th><th>path</th><th>MFT entry-sequence</th><th>state</th><th>bytes</th>"
                    "<th>content</th><th>why</th><th>created (UTC)</th><th>modified (UTC)</th></tr>\n";
  for (size_t i = 0; i < std::min(files.size(), kMaxGenericRows); ++i) {
    const JsonValue& f = files[i];
    const auto deleted = f.bool_of("deleted");
    out += fmt::format(
        "<tr><td>{}</td><td class=\"path mono\">{}</td><td>{}-{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>\n",
        text(f.string_or_empty("type")), text(f.string_or_empty("path")), unsigned_text(f, "mft_entry"),
        unsigned_text(f, "mft_sequence"), deleted && *deleted ? "deleted" : "allocated", unsigned_text(f, "size"),
        text(f.string_or_empty("content")), text(f.string_or_empty("evidence")), text(f.string_or_empty("created")),
        text(f.string_or_empty("modified")));
  }
  return out + "</table>\n" + more_rows(files.size(), "files");
}

std::string request_line(const JsonValue& r) {
  std::string url = r.string_or_empty("url_path");
  const std::string query = r.string_or_empty("query");
  if (!query.empty()) url += "?" + query;
  return r.string_or_empty("method") + " " + url;
}

std::string requests_table(const std::vector<JsonValue>& requests) {
  if (requests.empty()) return "<p class=\"note\">None.</p>\n";
  std::string out = "<table>\n<tr><th>time (UTC)</th><th>log</th><th>client IP</th>"
                    "<th>request, status and user agent, and where it was read</th></tr>\n";
  for (size_t i = 0; i < std::min(requests.size(), kMaxGenericRows); ++i) {
    const JsonValue& r = requests[i];
    out += fmt::format(
        "<tr><td class=\"mono when\">{}</td><td>{}</td><td class=\"mono\">{}</td><td><span class=\"mono path\">{}"
        "</span><br>{} &middot; {}{}</td></tr>\n",
        text(r.string_or_empty("time")), text(r.string_or_empty("source")), text(r.string_or_empty("client_ip")),
        text(request_line(r)), text(r.string_or_empty("status")), text(r.string_or_empty("user_agent")),
        place_line(r));
  }
  return out + "</table>\n" + more_rows(requests.size(), "requests");
}

std::string log_files_summary(const JsonValue& p) {
  const auto& files = p.array_of("log_files");
  uint64_t lines = 0, malformed = 0, unreadable = 0;
  for (const JsonValue& f : files) {
    lines += f.unsigned_of("lines").value_or(0);
    malformed += f.unsigned_of("malformed_rows").value_or(0);
    if (!f.string_or_empty("error").empty()) ++unreadable;
  }
  return fmt::format("<p>{} log file(s) read, {} line(s) or record(s); {} malformed row(s); {} file(s) with a read "
                     "error. Each file, with its counts, is listed in proxylogon.json (<code>log_files</code>).</p>\n",
                     files.size(), lines, malformed, unreadable);
}

}  // namespace

std::string render_log_checks_section(const CaseOutputs& outputs) {
  std::string out = section_start("logs", "Log checks");
  if (!outputs.proxylogon) {
    return out + "<p class=\"note\">No log check output (proxylogon.json) in this case folder: the IIS and "
                 "Exchange logs were not checked, or this scan predates the check.</p>\n</section>\n";
  }
  const JsonValue& p = *outputs.proxylogon;
  out += "<p>From proxylogon.json: the checks of Microsoft's Test-ProxyLogon, answered from the IIS, Exchange and "
         "event logs found in the image. A check with no hits is only as good as the logs it had: see the coverage "
         "below.</p>\n";
  out += "<h3>Checks</h3>\n" + checks_table(p);
  out += "<h3>Hits</h3>\n" + hits_table(p);
  out += "<h3>Coverage of the logs</h3>\n" + coverage_table(p) + log_files_summary(p);
  out += "<h3>Suspicious files (LSASS dumps, archives, mailbox exports)</h3>\n" + suspicious_files_table(p);
  out += "<h3>Attacker IP addresses (clients of the hits)</h3>\n" +
         text_list(strings_of(p.array_of("attacker_ips")), "mono");
  out += "<h3>Every logged request from those addresses</h3>\n" + requests_table(p.array_of("attacker_requests"));
  out += "<h3>Warnings of the log reading</h3>\n" + text_list(strings_of(p.array_of("warnings")), "warn");
  return out + "</section>\n";
}

std::string finding_log_rows(const JsonValue& f) {
  std::string rows;
  const JsonValue& requests = member(f, "requests");
  if (requests.is_object()) {
    std::vector<JsonValue> first_last;
    for (const char* key : {"first", "last"})
      if (const JsonValue* r = requests.find(key); r && r->is_object()) first_last.push_back(*r);
    rows += fact_row_text("Requests to this page (logged)", unsigned_text(requests, "count"));
    rows += fact_row("First and last request", requests_table(first_last));
    rows += fact_row("Client IPs", text_list(strings_of(requests.array_of("client_ips")), "mono"));
    rows += fact_row("User agents", text_list(strings_of(requests.array_of("user_agents"))));
    rows += fact_row("HTTP statuses", text_list(strings_of(requests.array_of("statuses"))));
    rows += fact_row("URLs as logged", text_list(strings_of(requests.array_of("url_paths")), "mono"));
  }
  const JsonValue& dropped = member(f, "dropped_by");
  if (dropped.is_object()) {
    rows += fact_row_text("Dropped by", dropped.string_or_empty("evidence"));
    const JsonValue* request = dropped.find("request");
    if (request && request->is_object()) rows += fact_row("Dropping request", requests_table({*request}));
  }
  return rows;
}

}  // namespace shellcarve::html
