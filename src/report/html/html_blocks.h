// html_blocks.h: the pieces every section of the report is built from -- a fact row, a
// list, and a generic rendering of any JSON value, so fields a newer scan adds to the case
// folder (written by other steps after this report was written) still show, escaped and
// capped, rather than vanish. Every untrusted string goes through html_text.h here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_reader.h"

namespace shellcarve::html {

// Rows and items shown of one array before "N more not shown (see FILE)".
inline constexpr size_t kMaxGenericRows = 200;

// Member `key` of an object; a null value when absent (so chains of lookups need no checks).
const JsonValue& member(const JsonValue& object, std::string_view key);
// <section class="major" id="id"><h2>title</h2>, both ours.
std::string section_start(std::string_view id, std::string_view title);

// <tr><th>label</th><td>cell_html</td></tr>; `label` is ours, `cell_html` already escaped.
std::string fact_row(std::string_view label, std::string_view cell_html);
// The same with an untrusted value, escaped here; an empty value is shown as "(none)".
std::string fact_row_text(std::string_view label, std::string_view untrusted);
// <ul> of untrusted lines; "(none)" when empty.
std::string text_list(const std::vector<std::string>& untrusted, std::string_view css_class = "");
// Strings of a JSON array (other kinds shown as JSON text).
std::vector<std::string> strings_of(const std::vector<JsonValue>& items);
// Any value: scalars as text, arrays of objects as tables, objects as fact tables; arrays
// capped at kMaxGenericRows, nesting at a few levels (deeper values as JSON text).
std::string generic_value(const JsonValue& value, std::string_view source_file, size_t depth = 0);

}  // namespace shellcarve::html
