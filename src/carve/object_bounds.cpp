#include "carve/object_bounds.h"

#include <algorithm>
#include <cstring>

namespace shellcarve::carve {
namespace {

// Offset of the last NUL in bytes[from, to), or `to` when there is none.
size_t last_nul(std::span<const std::byte> bytes, size_t from, size_t to) {
  if (from >= to) return to;
  const auto* found = static_cast<const std::byte*>(::memrchr(bytes.subspan(from).data(), 0, to - from));
  return found ? static_cast<size_t>(found - bytes.data()) : to;
}

// Offset of the first NUL in bytes[from, to), or `to`.
size_t first_nul(std::span<const std::byte> bytes, size_t from, size_t to) {
  if (from >= to) return to;
  const auto* found = static_cast<const std::byte*>(std::memchr(bytes.subspan(from).data(), 0, to - from));
  return found ? static_cast<size_t>(found - bytes.data()) : to;
}

bool ends_with_at(std::span<const std::byte> bytes, size_t end, std::string_view word) {
  if (end < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const unsigned c = std::to_integer<unsigned>(bytes[end - word.size() + i]);
    const unsigned folded = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (folded != static_cast<unsigned char>(word[i])) return false;
  }
  return true;
}

// The end of the last "</html>" or "%>" in bytes[from, to), with its name; {to, ""} if none.
std::pair<size_t, std::string_view> last_page_end(std::span<const std::byte> bytes, size_t from,
                                                  size_t to) {
  for (size_t end = to; end > from;) {
    const auto* gt = static_cast<const std::byte*>(::memrchr(bytes.subspan(from).data(), '>', end - from));
    if (!gt) break;
    const size_t after = static_cast<size_t>(gt - bytes.data()) + 1;
    if (ends_with_at(bytes, after, "</html>")) return {after, "</html>"};
    if (ends_with_at(bytes, after, "%>")) return {after, "%>"};
    end = after - 1;
  }
  return {to, ""};
}

}  // namespace

ObjectBounds cut_object(const Region& region, size_t marker, size_t floor, const CutLimits& limits) {
  const std::span<const std::byte> bytes = region.bytes;
  ObjectBounds bounds;
  const size_t low = std::max(floor, marker > limits.max_back ? marker - limits.max_back : 0);
  if (const size_t nul = last_nul(bytes, low, marker); nul < marker) {
    bounds.begin = nul + 1;
    bounds.start_reason = "after NUL";
  } else if (low == floor && floor > 0) {
    bounds.begin = floor;
    bounds.start_reason = "after previous object";
  } else if (low == 0 && region.starts_region) {
    bounds.begin = 0;
    bounds.start_reason = "start of region";
  } else {
    bounds.begin = std::max(low, marker - marker % std::max<size_t>(limits.unit, 1));
    bounds.start_reason = "cluster start (no NUL before the marker)";
  }
  const size_t limit = std::min(bytes.size(), bounds.begin + limits.max_size);
  if (const size_t nul = first_nul(bytes, marker, limit); nul < limit) {
    bounds.end = nul;
    bounds.end_reason = "NUL";
  } else if (limit == bytes.size() && region.ends_region) {
    bounds.end = limit;
    bounds.end_reason = "end of region";
  } else if (const auto [end, what] = last_page_end(bytes, marker, limit); !what.empty()) {
    bounds.end = end;
    bounds.end_reason = what;
  } else {
    bounds.end = limit;
    bounds.end_reason = "size cap";
  }
  return bounds;
}

}  // namespace shellcarve::carve
