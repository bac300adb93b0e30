// UTF-16LE to UTF-8. NTFS names are UTF-16 code units with no validation by the file
// system, so unpaired surrogates occur in real images; they are rendered as U+FFFD so the
// output is always valid UTF-8, and `lossless` tells the caller something was replaced.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace shellcarve {

struct Utf16Conversion {
  std::string utf8;
  bool lossless = true;
};

// `bytes` holds UTF-16LE code units; a trailing odd byte is ignored and marks it lossy.
Utf16Conversion utf16le_to_utf8(std::span<const std::byte> bytes);

// Appends the UTF-8 encoding of one code point (no validation beyond the range).
void append_utf8(std::string& out, char32_t code_point);

// Length of the valid UTF-8 sequence starting at text[i] (i < text.size()), or 0 when it is
// not one: a stray continuation byte, a cut sequence, an overlong form, a surrogate or a
// code point past U+10FFFF.
size_t utf8_sequence_length(std::string_view text, size_t i);

// The code point of the valid sequence of `length` bytes at text[i].
char32_t utf8_code_point(std::string_view text, size_t i, size_t length);

}  // namespace shellcarve
