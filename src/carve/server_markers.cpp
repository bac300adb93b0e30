#include "carve/server_markers.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace shellcarve::carve {
namespace {

// 16 lanes of bytes: one SSE2 register on x86-64 (part of the base ABI, so no dispatch).
using Lanes = unsigned char __attribute__((vector_size(16)));
constexpr size_t kLanes = sizeof(Lanes);

Lanes load(std::span<const std::byte> bytes, size_t at) {
  Lanes lanes;
  std::memcpy(&lanes, bytes.subspan(at, kLanes).data(), kLanes);
  return lanes;
}

// True when some lane of a compare result (any 16-byte vector) is non-zero.
template <class Mask>
bool any_lane(const Mask& lanes) {
  static_assert(sizeof(Mask) == 16);
  uint64_t words[2];
  std::memcpy(words, &lanes, sizeof words);
  return (words[0] | words[1]) != 0;
}

unsigned char fold(std::byte b) { return static_cast<unsigned char>(std::to_integer<unsigned>(b) | 0x20); }

// Case-insensitive match of the lower-case ASCII `word` at bytes[at].
bool word_at(std::span<const std::byte> bytes, size_t at, std::string_view word) {
  if (at > bytes.size() || bytes.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (fold(bytes[at + i]) != static_cast<unsigned char>(word[i])) return false;
  return true;
}

bool is_blank(std::byte b) {
  const unsigned c = std::to_integer<unsigned>(b);
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// runat <blanks> = <blanks> ["'] server
bool runat_server_at(std::span<const std::byte> bytes, size_t at) {
  if (!word_at(bytes, at, "runat")) return false;
  size_t i = at + 5;
  // Real pages put at most a few blanks around '='; a bound keeps the check O(1).
  auto skip_blanks = [&] {
    for (int n = 0; n < 8 && i < bytes.size() && is_blank(bytes[i]); ++n) ++i;
  };
  skip_blanks();
  if (i >= bytes.size() || bytes[i] != std::byte{'='}) return false;
  ++i;
  skip_blanks();
  if (i < bytes.size() && (bytes[i] == std::byte{'"'} || bytes[i] == std::byte{'\''})) ++i;
  return word_at(bytes, i, "server");
}

// The marker starting at bytes[at], or an empty view.
std::string_view marker_at(std::span<const std::byte> bytes, size_t at) {
  switch (fold(bytes[at])) {
    case '<':  // fold('<') is '<' itself, but so is fold(0x1C): check the byte as it is
      if (bytes[at] != std::byte{'<'}) return {};
      if (at + 1 < bytes.size() && bytes[at + 1] == std::byte{'%'}) return "<%";
      if (word_at(bytes, at + 1, "script")) return "<script";
      return {};
    case 'e':
      return word_at(bytes, at, "eval(") ? "eval(" : std::string_view();
    case 'r':
      if (word_at(bytes, at, "request")) return "request";
      if (runat_server_at(bytes, at)) return "runat=server";
      return {};
    default:
      return {};
  }
}

}  // namespace

MarkerHit find_server_marker(std::span<const std::byte> bytes, size_t from, size_t to) {
  to = std::min(to, bytes.size());
  size_t at = from;
  // Vector part: each step looks at lanes [at, at + 16) and the two bytes after each, so it
  // needs 18 bytes in the buffer. Three bytes per marker keep text (where "re" and '<' are
  // everywhere) from turning most steps into byte-by-byte checks.
  auto splat = [](char c) { return Lanes{} + static_cast<unsigned char>(c); };
  const Lanes case_bit = splat(0x20);
  while (at < to && bytes.size() - at > kLanes + 1) {
    const Lanes b0 = load(bytes, at);
    const Lanes f0 = b0 | case_bit;
    // Zero-filled and most binary space has no first byte of a marker: one test skips it.
    if (!any_lane((b0 == splat('<')) | (f0 == splat('e')) | (f0 == splat('r')))) {
      at += kLanes;
      continue;
    }
    const Lanes b1 = load(bytes, at + 1);
    const Lanes f1 = b1 | case_bit;
    const Lanes f2 = load(bytes, at + 2) | case_bit;
    const auto candidates =
        ((b0 == splat('<')) & ((b1 == splat('%')) | ((f1 == splat('s')) & (f2 == splat('c'))))) |
        ((f0 == splat('e')) & (f1 == splat('v')) & (f2 == splat('a'))) |
        ((f0 == splat('r')) & (((f1 == splat('e')) & (f2 == splat('q'))) | ((f1 == splat('u')) & (f2 == splat('n')))));
    if (any_lane(candidates)) {
      for (size_t lane = 0; lane < kLanes && at + lane < to; ++lane) {
        if (candidates[lane] == 0) continue;
        if (const std::string_view marker = marker_at(bytes, at + lane); !marker.empty())
          return {at + lane, marker};
      }
    }
    at += kLanes;
  }
  for (; at < to; ++at)
    if (const std::string_view marker = marker_at(bytes, at); !marker.empty()) return {at, marker};
  return {};
}

}  // namespace shellcarve::carve
