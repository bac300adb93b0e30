// UTF-16LE to UTF-8. NTFS names are UTF-16 code units with no validation by the file
// system, so unpaired surrogates occur in real images; they are rendered as U+FFFD so the
// output is always valid UTF-8, and `lossless` tells the caller something was replaced.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace shellcarve {

struct Utf16Conversion {
  std::string utf8;
  bool lossless = true;
};

// `bytes` holds UTF-16LE code units; a trailing odd byte is ignored and marks it lossy.
Utf16Conversion utf16le_to_utf8(std::span<const std::byte> bytes);

// Appends the UTF-8 encoding of one code point (no validation beyond the range).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace shellcarve
