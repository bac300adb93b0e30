// TimelineEvent: one moment the volume remembers about a file, with where it was read from.
// Events are built from $STANDARD_INFORMATION and $FILE_NAME times (and $UsnJrnl records),
// and written as CSV, JSON Lines (Timesketch) and bodyfile by timeline/writers.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/interned_text.h"

namespace shellcarve {

// The fields drawn from a small set of values (description, MACB, source, web root) are
// interned: a scan holds every event of its web roots until it ends (common/interned_text.h).
struct TimelineEvent {
  uint64_t filetime = 0;        // raw FILETIME (100 ns since 1601, UTC)
  InternedText timestamp_desc;  // "$SI Creation", "$FN Modification", "USN FILE_CREATE" ...
  InternedText macb;            // "M...", ".A..", "..C.", "...B" (C = MFT entry changed)
  std::string path;
  std::string stream;           // alternate data stream name, "" for the file itself
  uint64_t mft_entry = 0;
  uint16_t mft_sequence = 0;
  // The small fields share one 8-byte slot (events are held by the million: docs/memory.md).
  uint16_t partition = 0;       // index of the partition the volume is on (--partition N)
  uint16_t store = 0;           // the VSS store the row was read from (1-based); 0: the live volume
  bool deleted = false;
  InternedText source;          // "SI", "FN", "USN", "TIMESTOMP", "I30_SLACK", "I30_CARVED",
                                // "CARVED_MFT"
  uint64_t size = 0;
  uint64_t image_offset = 0;    // byte offset in the image of the structure the time is in
  uint64_t store_time = 0;      // the store's snapshot time (FILETIME); 0 for the live volume
  InternedText webroot;
  std::string message;           // "" for $SI/$FN times: event_message() words them when written
};

// The event's message: its own text when it has one (USN records, timestomp indicators),
// else "$SI Modification of /path[:stream] (MFT entry E-S[, deleted])" made from its fields.
// Made when written rather than kept: on a 500k-file volume the kept texts of the $SI/$FN
// events were about half a GiB.
std::string event_message(const TimelineEvent& event);

// The order every writer uses: time, then path, stream, source, description, entry --
// total, so the same image always gives the same bytes.
void sort_events(std::vector<TimelineEvent>& events);

}  // namespace shellcarve
