#include "common/utf16.h"

#include "common/byte_reader.h"

namespace shellcarve {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) { length = 2; min = 0x80; }
  else if ((lead & 0xF0) == 0xE0) { length = 3; min = 0x800; }
  else if ((lead & 0xF8) == 0xF0) { length = 4; min = 0x10000; }
  else return 0;
  if (i + length > text.size()) return 0;
  const char32_t cp = utf8_code_point(text, i, length);
  for (size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

char32_t utf8_code_point(std::string_view text, size_t i, size_t length) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (length == 1) return lead;
  char32_t cp = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

Utf16Conversion utf16le_to_utf8(std::span<const std::byte> bytes) {
  Utf16Conversion result;
  result.utf8.reserve(bytes.size() / 2);
  const size_t units = bytes.size() / 2;
  if (bytes.size() % 2 != 0) result.lossless = false;
  auto unit_at = [&](size_t i) {
    return static_cast<char16_t>(load_le(bytes.subspan(i * 2, 2)));
  };
  for (size_t i = 0; i < units; ++i) {
    const char16_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < units) {
      const char16_t low = unit_at(i + 1);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(result.utf8, 0x10000 + ((char32_t{unit} - 0xD800) << 10) +
                                     (char32_t{low} - 0xDC00));
        ++i;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      append_utf8(result.utf8, 0xFFFD);
      result.lossless = false;
      continue;
    }
    append_utf8(result.utf8, unit);
  }
  return result;
}

}  // namespace shellcarve
