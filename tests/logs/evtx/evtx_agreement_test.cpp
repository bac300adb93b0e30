// Agreement with Debian's evtxexport (libevtx-utils 20181227) on every file it can read:
// our writer's files and the shared corpus's real logs. For each record both read: the same
// record id, written time (to 100 ns), event id, provider (the classic source name when the
// Provider element has one, as evtxexport shows it) and EventData values. Values are compared
// as their concatenation, after the two renderings evtxexport does differently from the
// event viewer are undone: zero-padded hex numbers ("0x00000000000003e7" for "0x3e7") and
// nine fractional digits of a time ("...05.499259900Z" for "...05.4992599Z"); it writes a
// string array's items as separate strings where we join them with ",", and it skips empty
// values and UserData. Records only we read are counted, not compared.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <regex>
#include <sstream>

#include "common/filetime.h"
#include "logs/evtx/evtx_file.h"
#include "logs/evtx/evtx_test_files.h"
#include "support/test_support.h"

namespace shellcarve::logs::evtx {
namespace {

struct Row {
  uint64_t written_time = 0;
  uint32_t event_id = 0;
  std::string provider;
  std::string data;  // the values concatenated, first line of each
  bool user_data = false;
  bool cut = false;  // a value held a line break: `data` stops there
};

std::string first_line(const std::string& text) { return text.substr(0, text.find_first_of("\r\n")); }

std::string normalise(std::string text) {
  static const std::regex kPaddedHex("0x0+([0-9a-fA-F])");
  static const std::regex kNanoTime("(\\.[0-9]{7})00Z");
  text = std::regex_replace(text, kPaddedHex, "0x$1");
  text = std::regex_replace(text, kNanoTime, "$1Z");
  std::erase(text, ',');
  return text;
}

// "Mar 31, 2021 23:51:45.018767400 UTC" as a FILETIME.
uint64_t evtxexport_time(const std::string& text) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month[4] = {};
  unsigned day = 0, year = 0, hour = 0, minute = 0, second = 0;
  char fraction[10] = {};
  if (std::sscanf(text.c_str(), "%3s %u, %u %u:%u:%u.%9s", month, &day, &year, &hour, &minute, &second,
                  fraction) != 7)
    return 0;
  unsigned m = 0;
  while (m < 12 && std::string(kMonths[m]) != month) ++m;
  const int64_t days = days_from_civil(year, m + 1, day);
  const uint64_t seconds = static_cast<uint64_t>(days * 86400 + hour * 3600 + minute * 60 + second);
  return kFiletimeUnixEpoch + seconds * kFiletimeTicksPerSecond + std::stoull(std::string(fraction).substr(0, 7));
}

// Which records: the log's own (evtxexport's default "items"), or those recovered past the
// chunks' free-space offsets (evtxexport -m recovered; ours marked in_chunk_slack).
enum class Records { kItems, kRecovered };

std::map<uint64_t, Row> evtxexport_rows(const std::filesystem::path& file, Records which) {
  const std::string mode = which == Records::kRecovered ? "-m recovered " : "";
  const auto result =
      shellcarve::test::run_command("evtxexport " + mode + shellcarve::test::shell_quote(file.string()));
  std::map<uint64_t, Row> rows;
  std::istringstream in(result.out);
  std::string line;
  Row* row = nullptr;
  auto value_of = [](const std::string& l) { return l.substr(l.find("\t: ") + 3); };
  while (std::getline(in, line)) {
    if (line.starts_with("Event number")) row = &rows[std::stoull(value_of(line))];
    else if (row == nullptr) continue;
    else if (line.starts_with("Written time")) row->written_time = evtxexport_time(value_of(line));
    else if (line.starts_with("Event identifier")) row->event_id = static_cast<uint32_t>(std::stoul(line.substr(line.find('(') + 1)));
    else if (line.starts_with("Source name")) row->provider = value_of(line);
    else if (line.starts_with("String: ")) row->data += normalise(first_line(value_of(line)));
  }
  return rows;
}

std::map<uint64_t, Row> our_rows(const std::filesystem::path& file, Records which) {
  const auto bytes = test::read_file_bytes(file);
  std::map<uint64_t, Row> rows;
  read_evtx(bytes, default_limits(), [&](EvtxEvent&& e) {
    if (e.in_chunk_slack != (which == Records::kRecovered)) return;
    Row& row = rows[e.record_id];
    row.written_time = e.written_time;
    row.event_id = e.event_id;
    row.provider = e.event_source_name.empty() ? e.provider : e.event_source_name;
    row.user_data = e.user_data;
    for (const EvtxDataValue& v : e.data) {
      if (row.cut) break;
      row.data += normalise(first_line(v.value));
      row.cut = v.value.find_first_of("\r\n") != std::string::npos;
    }
  });
  return rows;
}

struct Agreement {
  size_t compared = 0, only_ours = 0, only_theirs = 0;
};

Agreement agree(const std::filesystem::path& file, Records which = Records::kItems) {
  const auto ours = our_rows(file, which);
  const auto theirs = evtxexport_rows(file, which);
  Agreement a;
  for (const auto& [id, row] : ours) {
    const auto it = theirs.find(id);
    if (it == theirs.end()) {
      ++a.only_ours;
      continue;
    }
    ++a.compared;
    EXPECT_EQ(row.written_time, it->second.written_time) << file << " record " << id;
    EXPECT_EQ(row.event_id, it->second.event_id) << file << " record " << id;
    EXPECT_EQ(row.provider, it->second.provider) << file << " record " << id;
    // evtxexport shows only the first line of each value, and an array's items as separate
    // values, so after a line break inside an array only a prefix can be compared.
    if (row.user_data) continue;
    if (row.cut) {
      EXPECT_TRUE(it->second.data.starts_with(row.data)) << file << " record " << id;
    } else {
      EXPECT_EQ(row.data, it->second.data) << file << " record " << id;
    }
  }
  for (const auto& [id, row] : theirs) a.only_theirs += ours.contains(id) ? 0 : 1;
  // evtxexport also "recovers" the records of chunks whose signature is damaged, which we
  // read as the log's own; only its items must all be ours.
  if (which == Records::kItems) {
    EXPECT_EQ(a.only_theirs, 0u) << file << ": records evtxexport reads and we do not";
  }
  std::printf("evtx agreement %s (%s): %zu records compared, %zu read only by us, %zu only by evtxexport\n",
              file.filename().c_str(), which == Records::kItems ? "items" : "recovered", a.compared, a.only_ours,
              a.only_theirs);
  return a;
}

class EvtxAgreement : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!shellcarve::test::have_tool("evtxexport")) GTEST_SKIP() << "evtxexport (libevtx-utils) not installed";
  }
};

TEST_F(EvtxAgreement, OurWritersFiles) {
  for (const char* name : {"evtx/clean.evtx.gz", "evtx/proxylogon.evtx.gz"}) {
    const auto path = shellcarve::test::test_image(name);
    ASSERT_TRUE(path) << name;
    const Agreement a = agree(*path);
    EXPECT_EQ(a.only_ours, 0u) << name;
    EXPECT_GT(a.compared, 0u) << name;
  }
}

TEST_F(EvtxAgreement, CorpusFiles) {
  const auto corpus = shellcarve::test::corpus_dir();
  if (!corpus || !std::filesystem::exists(*corpus / "evtx")) GTEST_SKIP() << "no corpus";
  size_t compared = 0;
  // MSExchange_Management_wec.evtx is left out: evtxexport reads none of it.
  for (const char* name : {"Application_no_crc32.evtx", "sample_with_a_bad_chunk_magic.evtx",
                           "security_bad_string_cache.evtx", "system.evtx"}) {
    compared += agree(*corpus / "evtx" / name).compared;
  }
  EXPECT_EQ(compared, 17u + 267u + 2261u + 1881u);
}

// Records past the chunks' free-space offsets: where evtxexport recovers one too, both read
// the same record. sample_with_a_bad_chunk_magic.evtx holds 50 such (45641-45690). The
// other files' slack records (Application 20, security 29, system 65) evtxexport does not
// recover; they are checked in EvtxFile.CorpusFilesAreReadOrTheirSkipsNamed.
TEST_F(EvtxAgreement, CorpusSlackRecords) {
  const auto corpus = shellcarve::test::corpus_dir();
  if (!corpus || !std::filesystem::exists(*corpus / "evtx")) GTEST_SKIP() << "no corpus";
  const Agreement a = agree(*corpus / "evtx" / "sample_with_a_bad_chunk_magic.evtx", Records::kRecovered);
  EXPECT_EQ(a.compared, 50u);
  EXPECT_EQ(a.only_ours, 0u);
}

}  // namespace
}  // namespace shellcarve::logs::evtx
