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
