// Fuzz target: the content carver's pre-filter and object cut on arbitrary bytes (what free
// space and slack hold). The first byte chooses the region flags and a small size cap, so
// the cap, page-end and cluster-start paths are reached; every cut must hold its marker and
// stay inside the buffer, the cap and the floor.
#include <algorithm>
#include <span>

#include "carve/object_bounds.h"
#include "carve/server_markers.h"
#include "fuzz_target.h"

SHELLCARVE_FUZZ_TARGET(content_cut) {
  using namespace shellcarve::carve;
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  if (bytes.empty()) return 0;
  const unsigned choice = std::to_integer<unsigned>(bytes[0]);
  bytes = bytes.subspan(1);
  CutLimits limits;
  limits.max_size = 64 + (choice >> 2) * 16;
  limits.max_back = limits.max_size / 2;
  limits.unit = 512;
  const Region region{bytes, (choice & 1) != 0, (choice & 2) != 0};
  size_t floor = 0;
  for (size_t from = 0;;) {
    const MarkerHit hit = find_server_marker(bytes, from, bytes.size());
    if (!hit.found()) break;
    if (hit.offset < from || hit.offset >= bytes.size() || hit.marker.empty()) __builtin_trap();
    const ObjectBounds cut = cut_object(region, hit.offset, floor, limits);
    if (cut.begin > hit.offset || cut.end <= hit.offset || cut.end > bytes.size() || cut.begin < floor ||
        cut.size() > limits.max_size || cut.start_reason.empty() || cut.end_reason.empty())
      __builtin_trap();
    floor = cut.end;
    from = std::max(cut.end, hit.offset + 1);
  }
  return 0;
}
