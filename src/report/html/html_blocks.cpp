#include "report/html/html_blocks.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/html/html_text.h"

namespace shellcarve::html {
namespace {

constexpr size_t kMaxGenericDepth = 3;

std::string more_not_shown(size_t total, std::string_view source_file) {
  return fmt::format("<p class=\"note\">{} more not shown (see {})</p>\n", total - kMaxGenericRows,
                     text(source_file));
}

// The union of the member names of the objects, in order of first appearance.
std::vector<std::string> column_names(const std::vector<JsonValue>& rows) {
  std::vector<std::string> columns;
  for (size_t i = 0; i < std::min(rows.size(), kMaxGenericRows); ++i)
    for (const auto& [name, value] : rows[i].members)
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  return columns;
}

}  // namespace

const JsonValue& member(const JsonValue& object, std::string_view key) {
  static const JsonValue kNull;
  const JsonValue* found = object.find(key);
  return found ? *found : kNull;
}

std::string section_start(std::string_view id, std::string_view title) {
  return fmt::format("<section class=\"major\" id=\"{}\">\n<h2>{}</h2>\n", attribute(id), text(title));
}

std::string fact_row(std::string_view label, std::string_view cell_html) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", text(label), cell_html);
}

std::string fact_row_text(std::string_view label, std::string_view untrusted) {
  return fact_row(label, untrusted.empty() ? std::string("<span class=\"note\">(none)</span>") : text(untrusted));
}

std::string text_list(const std::vector<std::string>& untrusted, std::string_view css_class) {
  if (untrusted.empty()) return "<span class=\"note\">(none)</span>";
  std::string out = css_class.empty() ? "<ul>\n" : fmt::format("<ul class=\"{}\">\n", attribute(css_class));
  for (const std::string& line : untrusted) out += "<li>" + text(line) + "</li>\n";
  return out + "</ul>\n";
}

std::vector<std::string> strings_of(const std::vector<JsonValue>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const JsonValue& item : items) out.push_back(json_display_text(item));
  return out;
}

std::string generic_value(const JsonValue& value, std::string_view source_file, size_t depth) {
  if (value.is_null()) return "<span class=\"note\">null</span>";
  if (!value.is_array() && !value.is_object()) return text(json_display_text(value));
  if (depth >= kMaxGenericDepth) return "<code>" + text(json_display_text(value)) + "</code>";
  if (value.is_object()) {
    if (value.members.empty()) return "<span class=\"note\">(empty)</span>";
    std::string out = "<table class=\"facts\">\n";
    for (const auto& [name, member] : value.members) out += fact_row(name, generic_value(member, source_file, depth + 1));
    return out + "</table>\n";
  }
  const auto& items = value.items;
  if (items.empty()) return "<span class=\"note\">(none)</span>";
  const bool all_objects = std::all_of(items.begin(), items.end(), [](const JsonValue& v) { return v.is_object(); });
  std::string out;
  if (!all_objects) {
    out = "<ul>\n";
    for (size_t i = 0; i < std::min(items.size(), kMaxGenericRows); ++i)
      out += "<li>" + generic_value(items[i], source_file, depth + 1) + "</li>\n";
    out += "</ul>\n";
  } else {
    const std::vector<std::string> columns = column_names(items);
    out = "<table>\n<tr>";
    for (const std::string& column : columns) out += "<th>" + text(column) + "</th>";
    out += "</tr>\n";
    for (size_t i = 0; i < std::min(items.size(), kMaxGenericRows); ++i) {
      out += "<tr>";
      for (const std::string& column : columns) {
        const JsonValue* cell = items[i].find(column);
        out += "<td>" + (cell ? generic_value(*cell, source_file, depth + 1) : std::string()) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  if (items.size() > kMaxGenericRows) out += more_not_shown(items.size(), source_file);
  return out;
}

}  // namespace shellcarve::html
