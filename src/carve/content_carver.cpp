#include "carve/content_carver.h"

#include <fmt/format.h>

#include <algorithm>

#include "carve/server_markers.h"
#include "detect/webshell_hunt.h"

namespace shellcarve::carve {

Result<ContentCarver> ContentCarver::create(std::shared_ptr<const detect::YaraRules> rules,
                                            const CutLimits& limits, EvidenceStore* evidence) {
  SC_ASSIGN_OR_RETURN(auto scanner, detect::ContentScanner::create(std::move(rules)));
  return ContentCarver(std::move(scanner), limits, evidence);
}

void ContentCarver::scan(const Region& region, size_t owned_begin, size_t owned_end,
                         uint64_t image_offset, std::vector<CarvedObject>& out) {
  const std::span<const std::byte> bytes = region.bytes;
  const size_t markers_end = std::min(bytes.size(), owned_end + limits_.max_size);
  size_t floor = 0;  // end of the last object cut here: objects never overlap
  for (size_t from = owned_begin;;) {
    const MarkerHit hit = find_server_marker(bytes, from, markers_end);
    if (!hit.found()) break;
    ++stats_.markers;
    const ObjectBounds bounds = cut_object(region, hit.offset, floor, limits_);
    // Objects are reported by the block they start in; past the owned part every later
    // object starts later still.
    if (bounds.begin >= owned_end) break;
    from = std::max(bounds.end, hit.offset + 1);
    floor = std::max(floor, bounds.end);
    if (bounds.begin < owned_begin) continue;  // the previous block holds its start
    const auto object = bytes.subspan(bounds.begin, bounds.size());
    ++stats_.objects_scanned;
    stats_.object_bytes += object.size();
    detect::ContentVerdict verdict = scanner_.scan_bytes("", object);
    add_scan_warnings(stats_.warnings, fmt::format("carved object at image offset {}", image_offset + bounds.begin),
                      verdict);
    if (!verdict.flagged()) continue;
    CarvedObject carved;
    carved.image_offset = image_offset + bounds.begin;
    carved.size = object.size();
    if (evidence_) {
      auto stored = evidence_->store_bytes(verdict.digests.sha256, object);
      if (stored) carved.newly_stored = *stored;
      else if (stats_.evidence_error) stats_.evidence_error = std::unexpected(std::move(stored).error());
    } else {
      carved.bytes.assign(object.begin(), object.end());
    }
    std::vector<std::byte>().swap(verdict.bytes);
    carved.marker = std::string(hit.marker);
    carved.marker_offset = image_offset + hit.offset;
    carved.start_reason = std::string(bounds.start_reason);
    carved.end_reason = std::string(bounds.end_reason);
    carved.verdict = std::move(verdict);
    out.push_back(std::move(carved));
  }
}

}  // namespace shellcarve::carve
