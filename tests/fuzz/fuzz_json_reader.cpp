// Fuzz target: the report's JSON reader (report/json_reader.h) and the HTML escaping every
// string it yields goes through (report/html/html_text.h). A parse either fails with a
// message naming a byte offset or yields a value whose display text parses again; every
// decoded string, escaped for HTML, holds no '<', '>', '"' or '\'' but our own markers.
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_target.h"
#include "report/html/html_text.h"
#include "report/json_reader.h"

namespace {

void check_escaped(const std::string& untrusted) {
  std::string html = shellcarve::html::text(untrusted);
  for (const std::string_view marker : {std::string_view("<span class=\"esc\">"), std::string_view("</span>")})
    for (size_t at = html.find(marker); at != std::string::npos; at = html.find(marker, at)) html.erase(at, marker.size());
  if (html.find_first_of("<>\"'") != std::string::npos) std::abort();
  if (shellcarve::html::attribute(untrusted).find_first_of("<>\"'") != std::string::npos) std::abort();
}

void walk(const shellcarve::JsonValue& value, size_t& budget) {
  if (budget == 0) return;
  --budget;
  if (value.is_string()) check_escaped(value.text);
  for (const auto& item : value.items) walk(item, budget);
  for (const auto& [key, member] : value.members) {
    check_escaped(key);
    walk(member, budget);
  }
}

}  // namespace

SHELLCARVE_FUZZ_TARGET(json_reader) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto value = shellcarve::parse_json(text, {.max_depth = 32, .max_bytes = 1 << 20});
  if (!value) {
    if (value.error().message.find("at byte") == std::string::npos && size <= (1u << 20)) std::abort();
    return 0;
  }
  size_t budget = 4096;
  walk(*value, budget);
  if (!value->is_string() && !shellcarve::parse_json(shellcarve::json_display_text(*value), {.max_depth = 32}))
    std::abort();
  return 0;
}
