// Real journals from the shared corpus (corpus/usn/, see corpus/SOURCES.md): the record
// counts per version that usn/USN_STATS.tsv gives for every file, and every record of
// dfir_ntfs/usnjrnlj.bin against the fsutil dump made on the Windows machine that wrote it.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "common/filetime.h"
#include "ntfs/corpus_support.h"
#include "ntfs/usn/usn_journal.h"
#include "ntfs/usn/usn_reasons.h"

namespace shellcarve::ntfs {
namespace {

using testing::read_file_bytes;

struct ExpectedCounts {
  std::string file;
  uint64_t records = 0;
  std::map<int, uint64_t> versions;
  uint64_t zero_bytes = 0;
};

// Lines like "./dfir_ntfs/usnjrnlj.bin	size=30056	records=271	versions={2: 264, 4: 7}
// zero_bytes=416	resyncs=0".
// The text after `key=` up to the next tab ("" when absent).
std::string tsv_value(const std::string& line, const std::string& key) {
  const size_t at = line.find("\t" + key + "=");
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size() + 2;
  return line.substr(begin, line.find('\t', begin) - begin);
}

std::vector<ExpectedCounts> read_usn_stats(const std::filesystem::path& tsv) {
  std::vector<ExpectedCounts> out;
  std::ifstream in(tsv);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("./", 0) != 0) continue;
    ExpectedCounts e;
    e.file = line.substr(2, line.find('\t') - 2);
    e.records = std::stoull(tsv_value(line, "records"));
    e.zero_bytes = std::stoull(tsv_value(line, "zero_bytes"));
    // "{2: 264, 4: 7}"
    std::istringstream versions(tsv_value(line, "versions"));
    char brace = 0;
    versions >> brace;
    int version = 0;
    char colon = 0;
    uint64_t count = 0;
    while (versions >> version >> colon >> count) {
      e.versions[version] = count;
      char separator = 0;
      versions >> separator;  // ',' or '}'
    }
    out.push_back(e);
  }
  return out;
}

TEST(UsnCorpus, RecordCountsMatchUsnStats) {
  SC_REQUIRE_CORPUS(corpus);
  const auto expected = read_usn_stats(corpus / "usn" / "USN_STATS.tsv");
  ASSERT_EQ(expected.size(), 12u);
  for (const ExpectedCounts& e : expected) {
    SCOPED_TRACE(e.file);
    const auto bytes = read_file_bytes(corpus / "usn" / e.file);
    ASSERT_FALSE(bytes.empty());
    const auto stats = scan_usn_bytes(bytes, 0, [](const UsnRecord&) { return true; });
    EXPECT_EQ(stats.records, e.records);
    EXPECT_EQ(stats.records_v2, e.versions.contains(2) ? e.versions.at(2) : 0);
    EXPECT_EQ(stats.records_v3, e.versions.contains(3) ? e.versions.at(3) : 0);
    EXPECT_EQ(stats.records_v4, e.versions.contains(4) ? e.versions.at(4) : 0);
    // USN_STATS counts zeros in whole 8-byte words; we also count a zero tail shorter than
    // a word (artemis_win11_usnjrnl.raw ends with 4, the go-ntfs sample with 5).
    EXPECT_EQ(stats.zero_bytes, e.zero_bytes + bytes.size() % 8);
    EXPECT_TRUE(stats.damage.empty()) << stats.damage.front().reason;
    // Fed in pieces that split records and words anywhere: the same records.
    UsnScanner pieces([](const UsnRecord&) { return true; });
    for (size_t at = 0; at < bytes.size(); at += 1021)
      pieces.feed(at, std::span(bytes).subspan(at, std::min<size_t>(1021, bytes.size() - at)));
    pieces.finish();
    EXPECT_EQ(pieces.stats().records, e.records);
    EXPECT_EQ(pieces.stats().zero_bytes, stats.zero_bytes);
    EXPECT_EQ(pieces.stats().damaged_bytes, 0u);
    std::printf("%s: %llu records (v2 %llu, v3 %llu, v4 %llu), %llu zero bytes\n", e.file.c_str(),
                static_cast<unsigned long long>(stats.records),
                static_cast<unsigned long long>(stats.records_v2),
                static_cast<unsigned long long>(stats.records_v3),
                static_cast<unsigned long long>(stats.records_v4),
                static_cast<unsigned long long>(stats.zero_bytes));
  }
}

// One record as `fsutil usn readjournal` prints it. fsutil shows V2 records as V3 (major
// version 3, 128-bit ids, record length 16 bytes larger) and times in the machine's local
// time (UTC on this one) to the second.
struct FsutilRecord {
  std::map<std::string, std::string> fields;
  std::vector<std::pair<int64_t, int64_t>> extents;
  const std::string& at(const std::string& key) const { return fields.at(key); }
};

std::vector<FsutilRecord> read_fsutil(const std::filesystem::path& path, int64_t& next_usn) {
  std::vector<FsutilRecord> records;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("    [", 0) == 0) {  // an extent: "    [1: 0, 2228224] "
      long long offset = 0, length = 0;
      int index = 0;
      if (std::sscanf(line.c_str(), " [%d: %lld, %lld]", &index, &offset, &length) == 3 &&
          !records.empty())
        records.back().extents.emplace_back(offset, length);
      continue;
    }
    const size_t colon = line.find(" : ");
    if (line.empty() || line[0] == ' ' || colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    key.erase(key.find_last_not_of(' ') + 1);
    std::string value = line.substr(colon + 3);
    value.erase(value.find_last_not_of(' ') + 1);
    if (key == "Next USN") next_usn = std::stoll(value);
    if (key == "Usn") records.emplace_back();
    if (!records.empty()) records.back().fields[key] = value;
  }
  return records;
}

TEST(UsnCorpus, EveryRecordAgreesWithFsutil) {
  SC_REQUIRE_CORPUS(corpus);
  const auto dir = corpus / "usn" / "dfir_ntfs";
  int64_t next_usn = -1;
  const auto expected = read_fsutil(dir / "usnjrnlj.fsutil.txt", next_usn);
  ASSERT_EQ(expected.size(), 268u);
  ASSERT_EQ(next_usn, 29792);
  std::map<int64_t, UsnRecord> ours;
  const auto bytes = read_file_bytes(dir / "usnjrnlj.bin");
  scan_usn_bytes(bytes, 0, [&](const UsnRecord& r) {
    EXPECT_EQ(static_cast<uint64_t>(r.usn), r.offset) << "a whole $J: the USN is the offset";
    ours.emplace(r.usn, r);
    return true;
  });
  ASSERT_EQ(ours.size(), 271u);
  size_t matched = 0;
  for (const FsutilRecord& e : expected) {
    const int64_t usn = std::stoll(e.at("Usn"));
    SCOPED_TRACE("USN " + std::to_string(usn));
    const auto it = ours.find(usn);
    ASSERT_NE(it, ours.end());
    const UsnRecord& r = it->second;
    ++matched;
    const int fsutil_major = std::stoi(e.at("Major version"));
    EXPECT_EQ(fsutil_major == 3 ? 2 : fsutil_major, r.major_version);
    EXPECT_EQ(std::stoul(e.at("Record length")),
              r.record_length + (r.major_version == 2 ? 16 : 0));
    EXPECT_EQ(e.at("File ID"), r.file_id);
    EXPECT_EQ(e.at("Parent file ID"), r.parent_file_id);
    EXPECT_EQ(std::stoul(e.at("Reason").substr(2, 8), nullptr, 16), r.reason);
    EXPECT_EQ(std::stoul(e.at("Source info").substr(2, 8), nullptr, 16), r.source_info);
    if (r.range_tracking) {
      EXPECT_EQ(e.fields.count("File name"), 0u);
      ASSERT_EQ(e.extents.size(), r.extents.size());
      for (size_t i = 0; i < r.extents.size(); ++i) {
        EXPECT_EQ(e.extents[i].first, r.extents[i].offset);
        EXPECT_EQ(e.extents[i].second, r.extents[i].length);
      }
      EXPECT_EQ(std::stoul(e.at("Number of extents")), r.extents.size());
      EXPECT_EQ(std::stoul(e.at("Remaining extents")), r.remaining_extents);
      continue;
    }
    EXPECT_EQ(e.at("File name"), r.name);
    EXPECT_EQ(std::stoul(e.at("File name length")), r.name.size() * 2) << "ASCII names here";
    EXPECT_EQ(std::stoul(e.at("File attributes").substr(2, 8), nullptr, 16), r.file_attributes);
    EXPECT_EQ(std::stoul(e.at("Security ID")), r.security_id);
    int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
    ASSERT_EQ(std::sscanf(e.at("Time stamp").c_str(), "%d/%d/%d %d:%d:%d", &month, &day, &year,
                          &hour, &minute, &second),
              6);
    const int64_t fsutil_seconds =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
        hour * 3600 + minute * 60 + second;
    EXPECT_EQ(filetime_to_unix_seconds(r.timestamp), fsutil_seconds) << e.at("Time stamp");
  }
  EXPECT_EQ(matched, expected.size());
  // The dump was taken before the last three records were written.
  EXPECT_EQ(std::count_if(ours.begin(), ours.end(), [&](const auto& p) { return p.first >= next_usn; }),
            3);
}

TEST(UsnCorpus, SingleRecordSamples) {
  SC_REQUIRE_CORPUS(corpus);
  // usn_<USN>.bin: one record each, named after its USN.
  for (const char* name : {"usn_1170953448.bin", "usn_1170955904.bin", "usn_1170989584.bin",
                           "usn_1170990440.bin"}) {
    SCOPED_TRACE(name);
    const auto bytes = read_file_bytes(corpus / "usn" / "dfir_ntfs" / name);
    auto r = parse_usn_record(bytes, 0);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(std::to_string(r->usn), std::string(name).substr(4, 10));
    EXPECT_EQ(r->record_length, bytes.size());
  }
}

}  // namespace
}  // namespace shellcarve::ntfs
