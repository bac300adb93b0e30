// Timeline writers. CSV (RFC 4180; a cell a spreadsheet would read as a formula is
// prefixed with "'"), JSON Lines that Timesketch imports as is (message, datetime,
// timestamp_desc plus every other field), and TSK bodyfile 3.x that mactime reads. All
// strings from the image are escaped for the format; the column order is fixed.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "timeline/event.h"

namespace shellcarve {

// The CSV/JSONL columns, in order.
const std::vector<std::string>& timeline_columns();

// Each format two ways: the whole text as one string, or the same bytes handed in pieces
// (about 1 MiB each, whole rows) to `sink`, so that a large timeline is never held whole.
using TimelineSink = std::function<void(std::string_view)>;

std::string write_timeline_csv(const std::vector<TimelineEvent>& events);
void write_timeline_csv(const std::vector<TimelineEvent>& events, const TimelineSink& sink);
std::string write_timeline_jsonl(const std::vector<TimelineEvent>& events);
void write_timeline_jsonl(const std::vector<TimelineEvent>& events, const TimelineSink& sink);
// One bodyfile line per event: the event's time in its MACB slot, the others 0, so
// mactime shows each moment once with its description in the name column.
std::string write_timeline_bodyfile(const std::vector<TimelineEvent>& events);
void write_timeline_bodyfile(const std::vector<TimelineEvent>& events, const TimelineSink& sink);

}  // namespace shellcarve
