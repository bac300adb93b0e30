// What one timeline event costs: a scan holds every event of its web roots (about eight a
// file) until it writes the timelines, so the fields drawn from a small set of values are
// interned rather than copied into each event (issue "Nothing silent", item 13: 4-6 KB per
// web-root file). The bound below is an accounting of the struct, not of RSS.
#include "timeline/event.h"

#include <gtest/gtest.h>

#include <vector>

#include "timeline/event_builder.h"

namespace shellcarve {
namespace {

TEST(TimelineEventMemory, SmallSetFieldsAreOnePointerEach) {
  // Was 272 bytes: description, MACB, source and web root as std::string (32 each, plus a
  // heap copy for the longer ones: "$SI Modification", "/inetpub/wwwroot").
  EXPECT_LE(sizeof(TimelineEvent), 176u);
}

TEST(TimelineEventMemory, EventsOfAFileShareTheirTexts) {
  std::vector<TimelineEvent> events;
  TimelineEvent base;
  base.path = "/inetpub/wwwroot/a/page.aspx";
  base.source = "SI";
  base.webroot = std::string("/inetpub/wwwroot");
  ntfs::NtfsTimes times{};
  times.creation = times.modification = times.mft_modification = times.access = 132000000000000000ull;
  append_time_events(events, base, times, "$SI");
  append_time_events(events, base, times, "$SI");
  ASSERT_EQ(events.size(), 8u);
  for (const TimelineEvent& event : events) {
    EXPECT_EQ(event.webroot.view().data(), events[0].webroot.view().data());
    EXPECT_EQ(event.source.view().data(), events[0].source.view().data());
  }
  EXPECT_EQ(events[0].timestamp_desc.view().data(), events[4].timestamp_desc.view().data());
}

}  // namespace
}  // namespace shellcarve
