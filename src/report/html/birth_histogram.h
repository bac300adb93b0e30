// birth_histogram.h: the births of server pages over time, read from a case folder's
// timeline.jsonl and counted into a fixed number of bins, so the report's chart has the
// same size for ten events or a million. A birth is a "$FN Creation" row of a web root (the
// $FILE_NAME creation time: one per name, and the one a user-mode timestomp leaves alone).
// The file is read one line at a time (it runs to GiBs on a large volume); a line that is
// not a JSON object, or longer than kMaxTimelineLine, is counted, not fatal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve::html {

inline constexpr size_t kMaxTimelineLine = 64 * 1024;
inline constexpr size_t kBirthBins = 72;
// Birth times kept in memory to bin them (8 bytes each); more are counted, not charted.
inline constexpr size_t kMaxBirthsCharted = 32u * 1024 * 1024;

struct BirthHistogram {
  uint64_t rows = 0;            // timeline rows read
  uint64_t unreadable_rows = 0; // not JSON, or over kMaxTimelineLine
  uint64_t births = 0;          // web-root $FN Creation rows
  uint64_t births_not_charted = 0;  // past kMaxBirthsCharted
  uint64_t first = 0, last = 0;     // FILETIME of the earliest and latest birth charted
  uint64_t bin_width = 0;           // FILETIME ticks per bin (>= 1 once there is a birth)
  std::vector<uint64_t> counts;     // kBirthBins bins from `first`; empty when no births
};

// Bins the births of `timeline_jsonl` over a range that also holds `marks` (the patch time
// and the findings' planted times, so none of them falls outside the chart); an error only
// when the file cannot be read at all.
Result<BirthHistogram> read_birth_histogram(const std::string& timeline_jsonl, const std::vector<uint64_t>& marks = {});

// The same from birth times already in memory (tests, and the reader above).
BirthHistogram bin_births(std::vector<uint64_t> births, const std::vector<uint64_t>& marks = {});

}  // namespace shellcarve::html
