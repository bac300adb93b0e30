// $I30 index: INDEX_ROOT and INDX records built by hand (one bad field per case), then real
// INDX records before and after deletions, whose slack must give back the deleted names.
#include <gtest/gtest.h>

#include <set>

#include "ntfs/corpus_support.h"
#include "ntfs/index/index_record.h"
#include "ntfs/index/index_root.h"
#include "ntfs/record_builder.h"

namespace shellcarve::ntfs {
namespace {

using namespace testing;

constexpr uint64_t kT0 = 132000000000000000ULL;  // 2019

Bytes index_entry(uint64_t ref, const Bytes& key, uint32_t flags, uint64_t subnode = 0) {
  Bytes e(0x10);
  append(e, key);
  e = pad8(e);
  if (flags & kIndexEntryHasSubnode) put64(e, e.size(), subnode);
  put64(e, 0x00, ref);
  put16(e, 0x08, e.size());
  put16(e, 0x0A, key.size());
  put32(e, 0x0C, flags);
  return e;
}

Bytes last_entry() {
  Bytes e(0x10);
  put16(e, 0x08, 0x10);
  put32(e, 0x0C, kIndexEntryLast);
  return e;
}

// An INDX record of `size` bytes whose node holds `entries` then `slack` past the used size.
Bytes indx_record(const std::vector<Bytes>& entries, const Bytes& slack = {}, size_t size = 4096) {
  Bytes r(size);
  r[0] = std::byte{'I'}; r[1] = std::byte{'N'}; r[2] = std::byte{'D'}; r[3] = std::byte{'X'};
  put64(r, 0x10, 7);
  const size_t usa_bytes = 2 * (size / 512 + 1);
  const size_t entries_offset = (0x28 + usa_bytes + 7) / 8 * 8 - 0x18;
  size_t pos = 0x18 + entries_offset;
  for (const Bytes& e : entries) {
    std::copy(e.begin(), e.end(), r.begin() + pos);
    pos += e.size();
  }
  std::copy(slack.begin(), slack.end(), r.begin() + pos);
  put32(r, 0x18, entries_offset);
  put32(r, 0x1C, pos - 0x18);
  put32(r, 0x20, size - 0x18);
  protect(r, 0x28, 0x77);
  return r;
}

std::vector<Bytes> two_files() {
  return {index_entry(file_ref(40, 2), file_name_value(file_ref(5, 5), u"a.aspx", 1, kT0), 0),
          index_entry(file_ref(41, 1), file_name_value(file_ref(5, 5), u"b.txt", 3, kT0), 0),
          last_entry()};
}

TEST(IndexRecord, ParsesLiveEntriesAndSlack) {
  const Bytes deleted = index_entry(file_ref(42, 3), file_name_value(file_ref(5, 5), u"gone.asp", 1, kT0), 0);
  const Bytes r = indx_record(two_files(), deleted);
  auto rec = parse_index_record(r, 1 << 20);
  ASSERT_TRUE(rec) << rec.error().message;
  EXPECT_TRUE(rec->fixup_valid);
  EXPECT_EQ(rec->vcn, 7u);
  EXPECT_TRUE(rec->node.damage.empty()) << rec->node.damage.front();
  ASSERT_EQ(rec->node.entries.size(), 3u);
  EXPECT_EQ(rec->node.entries[0].file_name->name, "a.aspx");
  EXPECT_EQ(rec->node.entries[1].file_reference, (FileReference{41, 1}));
  EXPECT_TRUE(rec->node.entries[2].last());
  ASSERT_EQ(rec->node.slack_entries.size(), 1u);
  const IndexEntry& s = rec->node.slack_entries[0];
  EXPECT_TRUE(s.from_slack);
  EXPECT_EQ(s.file_name->name, "gone.asp");
  EXPECT_EQ(s.file_reference, (FileReference{42, 3}));
  const size_t expected = (1 << 20) + 0x40 + two_files()[0].size() + two_files()[1].size() + 0x10;
  EXPECT_EQ(s.image_offset, expected);
  EXPECT_EQ(s.file_name->image_offset, expected + 0x10);
}

TEST(IndexRecord, ImplausibleSlackIsIgnored) {
  struct Case {
    const char* name;
    size_t offset;  // in the $FILE_NAME key
    uint64_t value;
    size_t width;
  };
  const Case cases[] = {{"parent 0", 0x00, 0, 8},
                        {"time before 1990", 0x08, 100, 8},
                        {"time after 2100", 0x20, 0x7FFFFFFFFFFFFFFFULL, 8},
                        {"namespace 4", 0x41, 4, 1},
                        {"name length 0", 0x40, 0, 1},
                        {"name with NUL", 0x42, 0, 2}};
  for (const Case& c : cases) {
    Bytes key = file_name_value(file_ref(5, 5), u"gone.asp", 1, kT0);
    put(key, c.offset, c.value, c.width);
    const Bytes r = indx_record(two_files(), index_entry(file_ref(42, 3), key, 0));
    auto rec = parse_index_record(r, 0);
    ASSERT_TRUE(rec);
    EXPECT_TRUE(rec->node.slack_entries.empty()) << c.name;
  }
}

TEST(IndexRecord, SubnodeVcn) {
  const Bytes r = indx_record({index_entry(file_ref(40, 2), file_name_value(file_ref(5, 5), u"a", 1, kT0),
                                           kIndexEntryHasSubnode, 9),
                               last_entry()});
  auto rec = parse_index_record(r, 0);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->node.entries[0].subnode_vcn, 9u);
}

TEST(IndexRecord, HeaderErrors) {
  Bytes r = indx_record(two_files());
  r[0] = std::byte{0};
  EXPECT_EQ(parse_index_record(r, 0).error().code, ErrorCode::kFormat);
  r = indx_record(two_files());
  put16(r, 0x06, 40);
  EXPECT_EQ(parse_index_record(r, 0).error().code, ErrorCode::kCorrupt);
  r = indx_record(two_files());
  r.resize(0x20);
  EXPECT_EQ(parse_index_record(r, 0).error().code, ErrorCode::kTruncated);
}

TEST(IndexRecord, FixupMismatchIsDamage) {
  Bytes r = indx_record(two_files());
  put16(r, 2046, 0x1234);
  auto rec = parse_index_record(r, 0);
  ASSERT_TRUE(rec);
  EXPECT_FALSE(rec->fixup_valid);
  EXPECT_FALSE(rec->node.damage.empty());
  EXPECT_EQ(rec->node.entries.size(), 3u);
}

// An INDX record whose update sequence stops short of its last strides (count 3 for a
// 4 KiB record of 8 strides) is a broken fixup, not a valid record.
TEST(IndexRecord, UpdateSequenceTooShortForTheRecordIsABrokenFixup) {
  Bytes r = indx_record(two_files());
  ASSERT_EQ(r.size(), 4096u);
  put16(r, 0x06, 3);
  auto rec = parse_index_record(r, 1 << 20);
  ASSERT_TRUE(rec);
  EXPECT_FALSE(rec->fixup_valid);
  ASSERT_FALSE(rec->node.damage.empty());
  EXPECT_NE(rec->node.damage.front().find("covers 2 of the record's 8 sectors"), std::string::npos)
      << rec->node.damage.front();
}

TEST(IndexRecord, BadNodeFieldsAreDamage) {
  struct Case {
    const char* name;
    size_t offset;
    uint64_t value;
    size_t width;
    size_t entries;
  };
  const size_t first = 0x40;  // first entry in a 4096-byte record
  const Case cases[] = {
      {"entries offset past used", 0x18, 0x2000, 4, 0},
      {"used size past allocated", 0x1C, 0x2000, 4, 3},
      {"allocated past record", 0x20, 0x4000, 4, 3},
      {"entry length 0", first + 0x08, 0, 2, 0},
      {"entry length past used", first + 0x08, 0x800, 2, 0},
      {"key longer than entry", first + 0x0A, 0x200, 2, 0},
      {"bad key namespace", first + 0x10 + 0x41, 9, 1, 3},
  };
  for (const Case& c : cases) {
    Bytes r = indx_record(two_files());
    put(r, c.offset, c.value, c.width);
    auto rec = parse_index_record(r, 0);
    ASSERT_TRUE(rec) << c.name;
    EXPECT_FALSE(rec->node.damage.empty()) << c.name;
    EXPECT_EQ(rec->node.entries.size(), c.entries) << c.name;
  }
}

TEST(IndexRoot, ParsesRootNode) {
  Bytes v(0x20);
  put32(v, 0x00, 0x30);
  put32(v, 0x04, 1);
  put32(v, 0x08, 4096);
  put(v, 0x0C, 1, 1);
  size_t pos = 0x20;
  for (const Bytes& e : two_files()) {
    append(v, e);
    pos += e.size();
  }
  put32(v, 0x10, 0x10);
  put32(v, 0x14, pos - 0x10);
  put32(v, 0x18, pos - 0x10);
  auto root = parse_index_root(ByteReader(v, 500));
  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(root->indexed_type, 0x30u);
  EXPECT_EQ(root->index_record_size, 4096u);
  EXPECT_TRUE(root->node.damage.empty());
  ASSERT_EQ(root->node.entries.size(), 3u);
  EXPECT_EQ(root->node.entries[1].file_name->name, "b.txt");
  EXPECT_EQ(root->node.entries[0].image_offset, 500u + 0x20);
  v.resize(0x18);
  EXPECT_FALSE(parse_index_root(ByteReader(v)));
}

std::set<std::string> names_in(const std::vector<std::byte>& file, bool slack,
                               size_t* records = nullptr) {
  std::set<std::string> names;
  for (size_t i = 0; i + 4096 <= file.size(); i += 4096) {
    auto rec = parse_index_record(std::span(file).subspan(i, 4096), i);
    EXPECT_TRUE(rec) << rec.error().message;
    if (!rec) continue;
    EXPECT_TRUE(rec->fixup_valid);
    EXPECT_TRUE(rec->node.damage.empty()) << rec->node.damage.front();
    if (records) ++*records;
    for (const auto& e : slack ? rec->node.slack_entries : rec->node.entries)
      if (e.file_name) names.insert(e.file_name->name);
  }
  return names;
}

TEST(IndexCorpus, DeletedNamesAreFoundInSlack) {
  SC_REQUIRE_CORPUS(corpus);
  const auto start = read_file_bytes(corpus / "mft/ericzimmerman_mft/I30_Start");
  const auto first = read_file_bytes(corpus / "mft/ericzimmerman_mft/I30_FirstDelete");
  const auto second = read_file_bytes(corpus / "mft/ericzimmerman_mft/I30_SecondDelete");
  size_t records = 0;
  const auto live_start = names_in(start, false, &records);
  EXPECT_EQ(records, 5u);
  EXPECT_GT(live_start.size(), 20u);
  for (const auto* after : {&first, &second}) {
    const auto live_after = names_in(*after, false);
    const auto slack_after = names_in(*after, true);
    size_t gone = 0, recovered = 0;
    for (const auto& name : live_start) {
      if (live_after.count(name)) continue;
      ++gone;
      if (slack_after.count(name)) ++recovered;
    }
    EXPECT_GT(gone, 0u);
    // Removing entries shifts the rest left over them, so most deleted names survive only
    // partly; require that slack gives back a good share.
    EXPECT_GE(recovered * 2, gone) << recovered << " of " << gone;
  }
}

TEST(IndexCorpus, Win11IndxRecord) {
  SC_REQUIRE_CORPUS(corpus);
  const auto page = read_file_bytes(corpus / "mft/artemis/I30_win11");
  auto rec = parse_index_record(page, 0);
  ASSERT_TRUE(rec) << rec.error().message;
  EXPECT_TRUE(rec->fixup_valid);
  EXPECT_TRUE(rec->node.damage.empty());
  EXPECT_GT(rec->node.entries.size(), 5u);
  for (const auto& e : rec->node.entries) {
    EXPECT_EQ(e.file_name.has_value(), !e.last());
  }
}

}  // namespace
}  // namespace shellcarve::ntfs
