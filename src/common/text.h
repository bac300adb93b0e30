// Small text helpers shared by modules: ASCII case folding. NTFS compares names through its
// $UpCase table; for the ASCII folder names, extensions and keywords we match on, folding
// A-Z is exact and locale-free.
#pragma once

#include <string>
#include <string_view>

namespace shellcarve {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace shellcarve
