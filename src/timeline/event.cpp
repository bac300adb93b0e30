#include "timeline/event.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace shellcarve {

std::string event_message(const TimelineEvent& event) {
  if (!event.message.empty()) return event.message;
  return fmt::format("{} of {}{}{} (MFT entry {}-{}{})", event.timestamp_desc, event.path,
                     event.stream.empty() ? "" : ":", event.stream, event.mft_entry, event.mft_sequence,
                     event.deleted ? ", deleted" : "");
}

// Events without a message of their own sort as before: their worded message follows from
// the fields compared ahead of it.
void sort_events(std::vector<TimelineEvent>& events) {
  std::sort(events.begin(), events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    return std::tie(a.filetime, a.path, a.partition, a.store, a.stream, a.source, a.timestamp_desc,
                    a.mft_entry, a.image_offset, a.message) <
           std::tie(b.filetime, b.path, b.partition, b.store, b.stream, b.source, b.timestamp_desc,
                    b.mft_entry, b.image_offset, b.message);
  });
}

}  // namespace shellcarve
