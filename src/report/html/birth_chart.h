// birth_chart.h: the timeline chart as inline SVG (no script, no external anything): one
// bar per bin of web-root births (birth_histogram.h), the patch time as a dashed line, and
// each finding as a marker at its planted time, linking to its section; bins holding a
// finding are drawn in the finding colour. Times outside the charted range are drawn at
// its edge and say so in their tooltip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/html/birth_histogram.h"

namespace shellcarve::html {

struct ChartMark {
  uint64_t filetime = 0;
  std::string label;   // untrusted (a path): escaped when drawn
  std::string anchor;  // ours ("finding-3")
};

std::string render_birth_chart(const BirthHistogram& births, std::optional<uint64_t> patched_at,
                               const std::vector<ChartMark>& marks);

}  // namespace shellcarve::html
