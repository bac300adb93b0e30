#include "report/html/html_text.h"

#include <fmt/format.h>

#include "common/display_text.h"
#include "common/utf16.h"

namespace shellcarve::html {
namespace {

void append_escaped_char(std::string& out, char c) {
  switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
  }
}

// Walks `untrusted` as UTF-8: safe characters are entity-escaped into `out`, each unsafe
// character or invalid byte is handed to `on_unsafe` as its visible escape.
template <typename OnUnsafe>
std::string escape(std::string_view untrusted, OnUnsafe on_unsafe) {
  std::string out;
  out.reserve(untrusted.size() + untrusted.size() / 8);
  for (size_t i = 0; i < untrusted.size();) {
    const size_t length = utf8_sequence_length(untrusted, i);
    if (length == 0) {
      on_unsafe(out, fmt::format("\\x{:02x}", static_cast<unsigned char>(untrusted[i])));
      ++i;
      continue;
    }
    const char32_t cp = utf8_code_point(untrusted, i, length);
    if (is_unsafe_code_point(cp)) {
      on_unsafe(out, cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                               : fmt::format("\\u{:04x}", static_cast<unsigned>(cp)));
    } else if (length == 1) {
      append_escaped_char(out, untrusted[i]);
    } else {
      out.append(untrusted.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace

std::string text(std::string_view untrusted) {
  return escape(untrusted, [](std::string& out, const std::string& shown) {
    out += "<span class=\"esc\">";
    out += shown;  // only '\\', 'x', 'u' and hex digits
    out += "</span>";
  });
}

std::string attribute(std::string_view untrusted) {
  return escape(untrusted, [](std::string& out, const std::string& shown) { out += shown; });
}

std::string css_string(std::string_view untrusted) {
  std::string out;
  for (size_t i = 0; i < untrusted.size();) {
    const size_t length = utf8_sequence_length(untrusted, i);
    const char32_t cp = length ? utf8_code_point(untrusted, i, length) : char32_t{0xFFFD};
    const bool plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                       cp == ' ' || cp == '-' || cp == '_' || cp == '.' || cp == '/' || cp == ':';
    // A CSS hex escape ends at the first non-hex character or at one space, which it eats:
    // the trailing space keeps the next character from being read as part of it. Unsafe
    // characters are shown as their escapes, as in the page text.
    if (plain) out += static_cast<char>(cp);
    else if (length == 0 || is_unsafe_code_point(cp)) out += css_string(escape_unsafe_text(untrusted.substr(i, length ? length : 1)));
    else out += fmt::format("\\{:x} ", static_cast<unsigned>(cp));
    i += length ? length : 1;
  }
  return out;
}

}  // namespace shellcarve::html
