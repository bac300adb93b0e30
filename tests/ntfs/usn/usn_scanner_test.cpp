// The $J scanner on synthetic streams: zero padding, records split across pieces of every
// size, garbage between records, truncation at the end, sparse holes, early stop; and its
// throughput on a large buffer.
#include <gtest/gtest.h>

#include <chrono>

#include "ntfs/usn/usn_builder.h"
#include "ntfs/usn/usn_journal.h"

namespace shellcarve::ntfs {
namespace {

using namespace testing;

struct Seen {
  uint64_t offset;
  int64_t usn;
  std::string name;
  uint16_t version;
  bool operator==(const Seen&) const = default;
};

// A journal page-like stream: records with USNs equal to their offsets, zero padding.
Bytes sample_stream() {
  Bytes s(4096);  // a zero page first, as after the sparse part
  auto add = [&](Bytes record) {
    put64(record, record[4] == std::byte{2} ? 0x18 : 0x28, s.size());
    append(s, record);
  };
  UsnFields f;
  f.name = u"a.txt";
  add(usn_v2(f));
  f.name = u"shell.aspx";
  add(usn_v2(f));
  add(usn_v4(f, {{0, 4096}}));
  f.name = u"long_name_that_makes_the_record_longer_than_a_small_piece.aspx";
  add(usn_v3(f));
  s.resize(8192);  // page padding
  f.name = u"b.txt";
  add(usn_v2(f));
  return s;
}


TEST(UsnScanner, FindsRecordsAndSkipsZeros) {
  const Bytes s = sample_stream();
  std::vector<Seen> seen;
  const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord& r) {
    seen.push_back({r.offset, r.usn, r.name, r.major_version});
    return true;
  });
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(stats.records_v2, 3u);
  EXPECT_EQ(stats.records_v3, 1u);
  EXPECT_EQ(stats.records_v4, 1u);
  EXPECT_EQ(stats.damaged_bytes, 0u);
  EXPECT_TRUE(stats.damage.empty());
  for (const Seen& r : seen) EXPECT_EQ(static_cast<uint64_t>(r.usn), r.offset);
  EXPECT_EQ(seen[0].offset, 4096u);
  EXPECT_EQ(seen[4].offset, 8192u);
  EXPECT_EQ(seen[4].name, "b.txt");
  uint64_t record_bytes = 0;
  scan_usn_bytes(s, 0, [&](const UsnRecord& r) {
    record_bytes += r.record_length;
    return true;
  });
  EXPECT_EQ(stats.zero_bytes + record_bytes, s.size());
}

TEST(UsnScanner, PiecesOfAnySizeGiveTheSameRecords) {
  const Bytes s = sample_stream();
  std::vector<Seen> whole;
  scan_usn_bytes(s, 1 << 20, [&](const UsnRecord& r) {
    whole.push_back({r.offset, r.usn, r.name, r.major_version});
    return true;
  });
  for (size_t piece : {1, 3, 7, 8, 13, 64, 100, 4095, 4096, 5000}) {
    std::vector<Seen> seen;
    UsnScanner scanner([&](const UsnRecord& r) {
      seen.push_back({r.offset, r.usn, r.name, r.major_version});
      return true;
    });
    for (size_t at = 0; at < s.size(); at += piece)
      scanner.feed((1 << 20) + at, std::span(s).subspan(at, std::min(piece, s.size() - at)));
    scanner.finish();
    EXPECT_EQ(seen, whole) << "piece size " << piece;
    EXPECT_EQ(scanner.stats().damaged_bytes, 0u) << "piece size " << piece;
  }
}

TEST(UsnScanner, ImageOffsetsFollowThePieces) {
  const Bytes s = sample_stream();
  std::vector<std::optional<uint64_t>> image_offsets;
  UsnScanner scanner([&](const UsnRecord& r) {
    image_offsets.push_back(r.image_offset);
    return true;
  });
  scanner.feed(0, std::span(s).first(4100), 1000000);
  scanner.feed(4100, std::span(s).subspan(4100), 1000000 + 4100);
  scanner.finish();
  ASSERT_EQ(image_offsets.size(), 5u);
  EXPECT_EQ(image_offsets[0], 1000000u + 4096);
  EXPECT_EQ(image_offsets[4], 1000000u + 8192);
}

TEST(UsnScanner, GarbageIsSkippedAndCountedWithItsOffset) {
  Bytes s = usn_v2();
  Bytes junk(40);
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = std::byte(0xA0 + i);
  append(s, junk);
  append(s, usn_v2());
  std::vector<uint64_t> offsets;
  const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord& r) {
    offsets.push_back(r.offset);
    return true;
  });
  EXPECT_EQ(offsets, (std::vector<uint64_t>{0, 120}));
  ASSERT_EQ(stats.damage.size(), 1u) << "consecutive bad words form one region";
  EXPECT_EQ(stats.damage[0].offset, 80u);
  EXPECT_EQ(stats.damage[0].length, 40u);
  EXPECT_EQ(stats.damaged_bytes, 40u);
}

TEST(UsnScanner, BrokenRecordResyncsOnTheNextOne) {
  Bytes s = usn_v2();
  Bytes broken = usn_v2();
  put16(broken, 0x38, 200);  // name past the end
  append(s, broken);
  append(s, usn_v2());
  std::vector<uint64_t> offsets;
  const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord& r) {
    offsets.push_back(r.offset);
    return true;
  });
  EXPECT_EQ(offsets, (std::vector<uint64_t>{0, 160}));
  ASSERT_EQ(stats.damage.size(), 1u);
  EXPECT_EQ(stats.damage[0].offset, 80u);
  EXPECT_NE(stats.damage[0].reason.find("outside"), std::string::npos);
}

TEST(UsnScanner, TruncatedLastRecordIsDamage) {
  Bytes s = usn_v2();
  append(s, usn_v2());
  s.resize(s.size() - 20);
  uint64_t count = 0;
  const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord&) {
    ++count;
    return true;
  });
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(stats.damaged_bytes, 60u);
  ASSERT_FALSE(stats.damage.empty());
  EXPECT_EQ(stats.damage[0].offset, 80u);
}

TEST(UsnScanner, SparseHoleEndsACarriedRecord) {
  const Bytes r = usn_v2();
  UsnScanner scanner([](const UsnRecord&) { return true; });
  scanner.feed(0, std::span(r).first(40));
  scanner.skip_sparse(40, 4056);
  scanner.feed(4096, r);
  scanner.finish();
  EXPECT_EQ(scanner.stats().records, 1u);
  EXPECT_EQ(scanner.stats().sparse_bytes, 4056u);
  EXPECT_EQ(scanner.stats().damaged_bytes, 40u);
}

TEST(UsnScanner, SinkCanStopTheScan) {
  const Bytes s = sample_stream();
  uint64_t count = 0;
  const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord&) { return ++count < 2; });
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(stats.records, 2u);
}

TEST(UsnScanner, RandomBytesNeverCrashAndAreAllAccountedFor) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Bytes s(4096);
    uint64_t x = seed * 0x9E3779B97F4A7C15ULL;
    for (auto& b : s) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      b = std::byte(static_cast<uint8_t>(x));
    }
    // Plant a valid record so some parses get far.
    const Bytes r = usn_v2();
    std::copy(r.begin(), r.end(), s.begin() + 1024);
    uint64_t record_bytes = 0;
    const auto stats = scan_usn_bytes(s, 0, [&](const UsnRecord& rec) {
      record_bytes += rec.record_length;
      return true;
    });
    EXPECT_GE(stats.records, 1u);
    EXPECT_EQ(record_bytes + stats.zero_bytes + stats.damaged_bytes, s.size()) << seed;
  }
}

// Throughput of scan_usn_bytes on a journal-like buffer (records filling pages, zero page
// tails). Printed, not asserted: machines differ.
TEST(UsnScanner, Throughput) {
  Bytes page;
  UsnFields f;
  f.name = u"inetpub_wwwroot_aspnet_client_system_web_shell.aspx";
  const Bytes r = usn_v2(f);
  while (page.size() + r.size() <= 4096) append(page, r);
  page.resize(4096);
  Bytes big;
  big.reserve(64u << 20);
  while (big.size() < (64u << 20)) append(big, page);
  const auto start = std::chrono::steady_clock::now();
  uint64_t names = 0;
  const auto stats = scan_usn_bytes(big, 0, [&](const UsnRecord& rec) {
    names += rec.name.size();
    return true;
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mb_per_s = static_cast<double>(big.size()) / (1 << 20) / seconds;
  EXPECT_EQ(stats.damaged_bytes, 0u);
  EXPECT_GT(names, 0u);
  RecordProperty("usn_scan_mb_per_s", std::to_string(mb_per_s));
  std::printf("scan_usn_bytes: %.0f MiB in %.3f s = %.0f MiB/s, %llu records\n",
              static_cast<double>(big.size()) / (1 << 20), seconds, mb_per_s,
              static_cast<unsigned long long>(stats.records));
  Bytes zeros(256u << 20);
  const auto zstart = std::chrono::steady_clock::now();
  const auto zstats = scan_usn_bytes(zeros, 0, [](const UsnRecord&) { return true; });
  const double zseconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - zstart).count();
  EXPECT_EQ(zstats.zero_bytes, zeros.size());
  std::printf("scan_usn_bytes on zeros: 256 MiB in %.3f s = %.0f MiB/s\n", zseconds,
              256 / zseconds);
}

}  // namespace
}  // namespace shellcarve::ntfs
