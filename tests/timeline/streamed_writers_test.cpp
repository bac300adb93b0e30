// The timeline writers' two forms give the same bytes: handed in pieces of whole rows to a
// sink (what `timeline -o` writes through OutputSet::write_streamed, hashed as it goes) or as
// one string; and the streamed output file carries the same size and SHA-256 in the manifest
// list as one written whole.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "common/digest.h"
#include "report/manifest.h"
#include "support/test_support.h"
#include "timeline/writers.h"

namespace shellcarve::test {
namespace {

// Enough events for several 1 MiB pieces, with the fields that change how a row is written.
std::vector<TimelineEvent> many_events() {
  std::vector<TimelineEvent> events;
  for (uint64_t i = 0; i < 12000; ++i) {
    TimelineEvent e;
    e.filetime = 132591000000000000ull + i * 10000000ull;
    e.timestamp_desc = i % 3 ? "$SI Modification" : "USN FILE_CREATE|CLOSE";
    e.macb = i % 3 ? "M..." : "...B";
    e.path = fmt::format("/inetpub/wwwroot/site{}/folder, with \"quotes\"/page{}.aspx", i % 17, i);
    e.stream = i % 5 == 0 ? "zone.identifier" : "";
    e.mft_entry = 64 + i;
    e.mft_sequence = static_cast<uint16_t>(1 + i % 4);
    e.deleted = i % 7 == 0;
    e.source = i % 3 ? "SI" : "USN";
    e.size = i * 13;
    e.image_offset = 0xC0000000ull + i * 1024;
    e.webroot = "/inetpub/wwwroot";
    if (i % 3 == 0) e.message = fmt::format("USN FILE_CREATE|CLOSE usn={} {}", i * 96, e.path);
    events.push_back(std::move(e));
  }
  return events;
}

std::string streamed(void (*writer)(const std::vector<TimelineEvent>&, const TimelineSink&),
                     const std::vector<TimelineEvent>& events, size_t& pieces) {
  std::string all;
  pieces = 0;
  writer(events, [&](std::string_view piece) {
    ++pieces;
    EXPECT_EQ(piece.back(), '\n') << "a piece ends inside a row";
    all += piece;
  });
  return all;
}

TEST(StreamedTimelineWriters, SameBytesAsTheWholeText) {
  const auto events = many_events();
  size_t pieces = 0;
  EXPECT_EQ(streamed(write_timeline_csv, events, pieces), write_timeline_csv(events));
  EXPECT_GT(pieces, 1u);
  EXPECT_EQ(streamed(write_timeline_jsonl, events, pieces), write_timeline_jsonl(events));
  EXPECT_GT(pieces, 1u);
  EXPECT_EQ(streamed(write_timeline_bodyfile, events, pieces), write_timeline_bodyfile(events));
  EXPECT_EQ(streamed(write_timeline_csv, {}, pieces), write_timeline_csv({}));  // the header alone
  EXPECT_EQ(pieces, 1u);
}

TEST(StreamedTimelineWriters, OutputSetListsTheSameSizeAndHash) {
  TempDir dir;
  const auto events = many_events();
  OutputSet outputs(dir.path().string());
  ASSERT_TRUE(outputs.write("whole.jsonl", write_timeline_jsonl(events)));
  ASSERT_TRUE(outputs.write_streamed("streamed.jsonl", [&](const OutputSet::PieceSink& sink) {
    write_timeline_jsonl(events, sink);
  }));
  ASSERT_EQ(outputs.outputs().size(), 2u);
  EXPECT_EQ(outputs.outputs()[1].size, outputs.outputs()[0].size);
  EXPECT_EQ(outputs.outputs()[1].sha256, outputs.outputs()[0].sha256);
  EXPECT_EQ(outputs.outputs()[1].sha256, sha256_hex(read_text(dir / "streamed.jsonl")));
  EXPECT_EQ(read_text(dir / "streamed.jsonl"), read_text(dir / "whole.jsonl"));
}

TEST(StreamedTimelineWriters, UnwritableOutputIsAnErrorAndLeavesNoFile) {
  TempDir dir;
  OutputSet outputs((dir / "missing").string());
  auto status = outputs.write_streamed("t.csv", [](const OutputSet::PieceSink& sink) { sink("x\n"); });
  EXPECT_FALSE(status);
  EXPECT_TRUE(outputs.outputs().empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
}

}  // namespace
}  // namespace shellcarve::test
