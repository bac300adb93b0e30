#include "timeline/event.h"

#include <algorithm>
#include <tuple>

namespace shellcarve {

void sort_events(std::vector<TimelineEvent>& events) {
  std::sort(events.begin(), events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    return std::tie(a.filetime, a.path, a.stream, a.source, a.timestamp_desc, a.mft_entry,
                    a.image_offset, a.message) <
           std::tie(b.filetime, b.path, b.stream, b.source, b.timestamp_desc, b.mft_entry,
                    b.image_offset, b.message);
  });
}

}  // namespace shellcarve
