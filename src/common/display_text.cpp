#include "common/display_text.h"

#include <fmt/format.h>

#include "common/utf16.h"

namespace shellcarve {
namespace {

// Calls on_safe(bytes) for runs of safe text and on_unsafe(code point or byte, is_byte)
// for each unsafe character or invalid byte.
template <typename Safe, typename Unsafe>
void for_each_piece(std::string_view text, Safe on_safe, Unsafe on_unsafe) {
  size_t run = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t length = utf8_sequence_length(text, i);
    const char32_t cp = length ? utf8_code_point(text, i, length) : 0;
    if (length != 0 && !is_unsafe_code_point(cp)) {
      i += length;
      continue;
    }
    on_safe(text.substr(run, i - run));
    if (length == 0) on_unsafe(static_cast<unsigned char>(text[i]), true);
    else on_unsafe(cp, cp < 0x80);
    i += length ? length : 1;
    run = i;
  }
  on_safe(text.substr(run));
}

}  // namespace

bool is_unsafe_code_point(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

std::string escape_unsafe_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_piece(
      text, [&](std::string_view safe) { out.append(safe); },
      [&](char32_t value, bool is_byte) {
        if (is_byte) out += fmt::format("\\x{:02x}", static_cast<unsigned>(value));
        else out += fmt::format("\\u{:04x}", static_cast<unsigned>(value));
      });
  return out;
}

std::string mask_unsafe_text(std::string_view text, char mask) {
  std::string out;
  out.reserve(text.size());
  for_each_piece(
      text, [&](std::string_view safe) { out.append(safe); },
      [&](char32_t, bool) { out.push_back(mask); });
  return out;
}

std::string mask_bodyfile_field(std::string_view text) {
  std::string out = mask_unsafe_text(text);
  for (char& c : out)
    if (c == '|') c = '^';
  return out;
}

}  // namespace shellcarve
