// The EVTX reader on the files our writer made (test-images/evtx/) and on the shared
// corpus's real logs (../shared/corpus/evtx/), which it must read whole or say what it skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/filetime.h"
#include "logs/evtx/evtx_file.h"
#include "logs/evtx/evtx_test_files.h"
#include "support/test_support.h"

namespace shellcarve::logs::evtx {
namespace {

using test::read_all;
using test::read_file_bytes;

std::map<std::string, size_t> warning_kinds(const EvtxFileCoverage& coverage) {
  std::map<std::string, size_t> kinds;
  for (const EvtxWarning& w : coverage.warnings) ++kinds[w.kind];
  return kinds;
}

TEST(EvtxFile, CleanFileReadsEveryRecordWithoutWarnings) {
  const auto path = shellcarve::test::test_image("evtx/clean.evtx.gz");
  ASSERT_TRUE(path);
  const auto bytes = read_file_bytes(*path);
  const auto read = read_all(bytes);
  EXPECT_TRUE(read.coverage.header_valid);
  EXPECT_TRUE(read.coverage.warnings.empty());
  ASSERT_EQ(read.events.size(), 500u);
  EXPECT_EQ(read.coverage.records, 500u);
  EXPECT_EQ(read.coverage.chunks_read, 3u);
  EXPECT_EQ(read.coverage.first_record_id, 1u);
  EXPECT_EQ(read.coverage.last_record_id, 500u);
  EXPECT_EQ(filetime_to_iso8601(*read.coverage.first_time), "2021-03-01T00:00:00.0000000Z");

  const EvtxEvent& first = read.events[0];
  EXPECT_EQ(first.provider, "MSExchange ADAccess");
  EXPECT_EQ(first.event_id, 2080u);
  EXPECT_EQ(first.qualifiers, 16388u);
  EXPECT_EQ(first.computer, "exch01.contoso.local");
  EXPECT_EQ(first.channel, "Application");
  EXPECT_EQ(first.event_record_id, 1u);
  EXPECT_EQ(first.time_created, first.written_time);
  ASSERT_EQ(first.data.size(), 4u);
  EXPECT_EQ(first.data[2].value, "Topology discovery 0 & <ok>");
  EXPECT_EQ(first.data[3].value, "");  // an optional substitution without a value
  // Markup in a value is escaped in the rendering, and an empty Data stays an element.
  EXPECT_NE(first.xml.find("<Data>Topology discovery 0 &amp; &lt;ok&gt;</Data><Data/>"), std::string::npos);

  const EvtxEvent& named = read.events[1];
  EXPECT_EQ(named.user_id, "S-1-5-18");
  ASSERT_EQ(named.data.size(), 2u);
  EXPECT_EQ(named.data[0].name, "Reason");
  EXPECT_EQ(named.data[1].value, "1");

  const EvtxEvent& user = read.events[2];  // UserData: a nested BinXML fragment (type 0x21)
  EXPECT_TRUE(user.user_data);
  ASSERT_EQ(user.data.size(), 2u);
  EXPECT_EQ(user.data[0].name, "Param1");
  EXPECT_EQ(user.data[0].value, "C:\\Windows\\system32\\svchost.exe");
  EXPECT_NE(user.xml.find("<UserData><EventXML><Param1>"), std::string::npos);
  // Without a user SID the optional substitution drops the attribute.
  EXPECT_NE(user.xml.find("<Security/>"), std::string::npos);
}

TEST(EvtxFile, DamagedFileNamesEachDamageAndKeepsGoing) {
  const auto path = shellcarve::test::test_image("evtx/damaged.evtx.gz");
  ASSERT_TRUE(path);
  const auto bytes = read_file_bytes(*path);
  const auto read = read_all(bytes);
  const auto kinds = warning_kinds(read.coverage);
  EXPECT_EQ(kinds.at("evtx_chunk_header_checksum"), 1u);
  EXPECT_EQ(kinds.at("evtx_record_size"), 1u);
  EXPECT_EQ(kinds.at("evtx_chunk_signature"), 1u);
  EXPECT_EQ(kinds.at("evtx_chunk_records_checksum"), 1u);  // chunk 1's records were changed
  EXPECT_EQ(read.coverage.chunks_skipped, 1u);
  EXPECT_EQ(read.coverage.records_skipped, 1u);
  EXPECT_EQ(read.coverage.chunks_read, 5u);  // six chunks, one of them garbage
  EXPECT_EQ(read.events.size(), read.coverage.records);
  // The garbage chunk's offset is named: the third chunk, 4096 + 2 * 65536.
  for (const EvtxWarning& w : read.coverage.warnings)
    if (w.kind == "evtx_chunk_signature") {
      EXPECT_EQ(w.file_offset, 4096u + 2 * 65536u);
    }
  // Records after the damage are read: the last chunk is whole.
  EXPECT_EQ(read.coverage.last_record_id, 1100u);
}

// A chunk whose free-space offset was moved back over its last five records, with both
// checksums made valid again, as a log that reused the chunk would leave it: the records past
// the offset that still parse whole are recovered, marked, counted, named in a warning, and
// read exactly as they were; the others (their names lie in the live part) are counted.
TEST(EvtxFile, RecordsPastTheFreeSpaceOffsetAreRecoveredAndMarked) {
  const auto path = shellcarve::test::test_image("evtx/clean.evtx.gz");
  ASSERT_TRUE(path);
  auto bytes = read_file_bytes(*path);
  const auto original = read_all(bytes);
  const size_t chunk = 4096;  // the first chunk
  auto u32 = [&](size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | std::to_integer<uint32_t>(bytes[at + static_cast<size_t>(i)]);
    return v;
  };
  auto put_u32 = [&](size_t at, uint32_t v) {
    for (size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
  };
  std::vector<uint32_t> starts;  // the chunk's records, by their sizes
  for (uint32_t at = 512; at < u32(chunk + 48); at += u32(chunk + at + 4)) starts.push_back(at);
  ASSERT_GT(starts.size(), 5u);
  const uint32_t free_space = starts[starts.size() - 5];
  put_u32(chunk + 48, free_space);
  const std::span<const std::byte> view(bytes);
  put_u32(chunk + 52, evtx_crc32(view.subspan(chunk + 512, free_space - 512)));
  put_u32(chunk + 124, evtx_crc32(view.subspan(chunk + 128, 384), evtx_crc32(view.subspan(chunk, 120))));

  const auto read = read_all(bytes);
  const auto kinds = warning_kinds(read.coverage);
  EXPECT_EQ(kinds.count("evtx_chunk_header_checksum"), 0u);
  EXPECT_EQ(kinds.count("evtx_chunk_records_checksum"), 0u);
  EXPECT_GE(read.coverage.records_in_slack, 1u);
  EXPECT_EQ(read.coverage.records_in_slack + read.coverage.slack_records_unreadable, 5u);
  EXPECT_EQ(read.events.size(), 495u + read.coverage.records_in_slack);
  ASSERT_EQ(kinds.count("evtx_slack_records"), 1u);
  std::map<uint64_t, const EvtxEvent*> before;
  for (const EvtxEvent& e : original.events) before[e.record_id] = &e;
  for (const EvtxEvent& e : read.events) {
    if (!e.in_chunk_slack) continue;
    EXPECT_GE(e.file_offset, chunk + free_space);
    ASSERT_TRUE(before.contains(e.record_id));
    EXPECT_EQ(e.xml, before[e.record_id]->xml) << "record " << e.record_id << " is read as it was";
    EXPECT_EQ(e.file_offset, before[e.record_id]->file_offset);
  }
}

TEST(EvtxFile, EveryPrefixOfAFileIsReadWithoutCrashing) {
  const auto path = shellcarve::test::test_image("evtx/proxylogon.evtx.gz");
  ASSERT_TRUE(path);
  const auto bytes = read_file_bytes(*path);
  size_t last = 0;
  for (size_t size = 0; size <= bytes.size(); size += 97) {
    const auto read = read_all(std::span(bytes).first(size));
    EXPECT_GE(read.coverage.records, last) << size;  // more bytes never read fewer records
    last = read.coverage.records;
  }
  EXPECT_EQ(read_all(bytes).coverage.records, 6u);
}

TEST(EvtxFile, TinyLimitsAreReportedNotCrashedInto) {
  const auto path = shellcarve::test::test_image("evtx/clean.evtx.gz");
  ASSERT_TRUE(path);
  const auto bytes = read_file_bytes(*path);
  Limits limits;
  limits.max_evtx_binxml_depth = 1;  // the UserData fragment sits two levels down
  const auto read = read_all(bytes, limits);
  EXPECT_GT(read.coverage.records_skipped, 0u);
  ASSERT_FALSE(read.coverage.warnings.empty());
  EXPECT_EQ(read.coverage.warnings[0].kind, "evtx_record_binxml");
  EXPECT_NE(read.coverage.warnings[0].message.find("max_evtx_binxml_depth"), std::string::npos);
}

// The shared corpus: every file is read; what is not is named. The counts are what the
// reader gives today, checked by hand against evtxexport (evtx_agreement_test.cpp) and
// against the files' damage.
TEST(EvtxFile, CorpusFilesAreReadOrTheirSkipsNamed) {
  const auto corpus = shellcarve::test::corpus_dir();
  if (!corpus || !std::filesystem::exists(*corpus / "evtx")) GTEST_SKIP() << "no corpus";
  struct Expect {
    const char* name;
    uint64_t records, records_skipped, chunks_skipped, in_slack, copies;
  };
  // `records` counts the slack records recovered past the chunks' free-space offsets too.
  const Expect expected[] = {
      {"Application_no_crc32.evtx", 17 + 20, 0, 0, 20, 0},
      {"MSExchange_Management_wec.evtx", 1, 0, 0, 0, 0},
      {"sample_with_a_bad_chunk_magic.evtx", 298 + 50, 3, 2, 50, 0},
      // Their slack holds only copies of records the log has in the next chunk: dropped.
      {"security_bad_string_cache.evtx", 2261, 0, 0, 0, 29},
      {"system.evtx", 1881, 0, 0, 0, 65},
  };
  for (const Expect& e : expected) {
    const auto bytes = read_file_bytes(*corpus / "evtx" / e.name);
    const auto read = read_all(bytes);
    EXPECT_EQ(read.coverage.records, e.records) << e.name;
    EXPECT_EQ(read.coverage.records_skipped, e.records_skipped) << e.name;
    EXPECT_EQ(read.coverage.chunks_skipped, e.chunks_skipped) << e.name;
    EXPECT_EQ(read.coverage.records_in_slack, e.in_slack) << e.name;
    EXPECT_EQ(read.coverage.slack_copies_of_live, e.copies) << e.name;
    // A slack record's identifier is never one the log still counts (an older use of the
    // chunk), and it was written before the log's newest record.
    std::set<uint64_t> live;
    for (const EvtxEvent& ev : read.events)
      if (!ev.in_chunk_slack) live.insert(ev.record_id);
    for (const EvtxEvent& ev : read.events)
      if (ev.in_chunk_slack) {
        EXPECT_FALSE(live.contains(ev.record_id)) << e.name << " record " << ev.record_id;
        EXPECT_FALSE(ev.provider.empty()) << e.name << " record " << ev.record_id;
      }
    for (const EvtxWarning& w : read.coverage.warnings) {
      EXPECT_NE(w.kind, "evtx_record_binxml") << e.name << w.message;
    }
  }
}

TEST(EvtxFile, ForwardedEventsWithoutDependencyIdentifiers) {
  // libevtx 20181227 stops at this file's first record ("unsupported type: 0x05").
  const auto corpus = shellcarve::test::corpus_dir();
  if (!corpus || !std::filesystem::exists(*corpus / "evtx")) GTEST_SKIP() << "no corpus";
  const auto bytes = read_file_bytes(*corpus / "evtx" / "MSExchange_Management_wec.evtx");
  const auto read = read_all(bytes);
  ASSERT_EQ(read.events.size(), 1u);
  const EvtxEvent& e = read.events[0];
  EXPECT_EQ(e.provider, "MSExchange CmdletLogs");
  EXPECT_EQ(e.channel, "MSExchange Management");
  EXPECT_EQ(e.event_record_id, 3229u);
  ASSERT_GE(e.data.size(), 3u);
  EXPECT_EQ(e.data[0].value, "Set-Mailbox");
  EXPECT_EQ(e.data[2].value, "ave.local/Users/Administrateur");
}

}  // namespace
}  // namespace shellcarve::logs::evtx
