#include "common/csv_cell.h"

#include "common/display_text.h"

namespace shellcarve {

std::string csv_cell(const std::string& raw) {
  // Controls, bidi overrides and invalid bytes become visible escapes (common/display_text.h).
  std::string text = escape_unsafe_text(raw);
  // A leading = + - @ (or tab/CR, already escaped) makes spreadsheets evaluate the cell.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
    text = "'" + text;
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace shellcarve
