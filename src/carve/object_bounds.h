// Where a carved object starts and ends around a server-side marker. A web page's bytes on
// disk start at a cluster boundary and are followed, within their last cluster, by zeros
// (NTFS zero-fills the rest of the cluster when it writes the file), and text holds no NUL;
// so the object is the text around the marker up to the nearest NUL on either side. When no
// NUL is near -- the cluster was later partly overwritten, or the page sits inside larger
// text -- it starts at the marker's cluster and ends after the last `</html>` or `%>` within
// the size cap, or at the cap. Every cut says why it starts and ends where it does, for
// the examiner's notes. Pure functions over the bytes given; safe from any thread.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace shellcarve::carve {

struct CutLimits {
  size_t max_size = 1u << 20;   // largest object cut (Limits::max_carve_size)
  size_t max_back = 512u << 10; // farthest a start is looked for before the marker
  size_t unit = 4096;           // cluster size: where content starts when no NUL says it
};

// What the bytes handed to cut_object are part of.
struct Region {
  std::span<const std::byte> bytes;
  bool starts_region = false;  // bytes[0] is where content may start (a free run's first
                               // cluster, the first byte of a slack area)
  bool ends_region = false;    // nothing of the region lies past bytes.end()
};

struct ObjectBounds {
  size_t begin = 0;
  size_t end = 0;  // exclusive
  std::string_view start_reason;  // "after NUL", "start of region", "after previous object",
                                  // "cluster start (no NUL before the marker)"
  std::string_view end_reason;    // "NUL", "end of region", "</html>", "%>", "size cap"
  size_t size() const { return end - begin; }
};

// The object holding the marker at `marker`; it starts no earlier than `floor` (the end of
// the object cut before it in the same buffer).
ObjectBounds cut_object(const Region& region, size_t marker, size_t floor, const CutLimits& limits);

}  // namespace shellcarve::carve
