// $ATTRIBUTE_LIST: decoding list content, merging extension records into their base and
// joining the pieces of a non-resident attribute; one wrong field per error case.
#include "ntfs/attribute_list.h"

#include <gtest/gtest.h>

#include "ntfs/attributes/attribute_list.h"
#include "ntfs/mft_record_parser.h"
#include "ntfs/record_builder.h"

namespace shellcarve::ntfs {
namespace {

using namespace testing;

Bytes list_entry(uint32_t type, uint64_t vcn, uint64_t record, uint16_t id,
                 std::u16string_view name = u"") {
  Bytes e(0x1A);
  put32(e, 0x00, type);
  put(e, 0x06, name.size(), 1);
  put(e, 0x07, 0x1A, 1);
  put64(e, 0x08, vcn);
  put64(e, 0x10, record);
  put16(e, 0x18, id);
  append(e, utf16(name));
  e = pad8(e);
  put16(e, 0x04, e.size());
  return e;
}

Bytes runs(uint8_t length, uint8_t lcn) {
  return Bytes{std::byte{0x11}, std::byte{length}, std::byte{lcn}, std::byte{0}};
}

MftEntry parse(const MftRecordBuilder& b, uint64_t entry) {
  auto e = parse_mft_record(b.build(), entry * 1024, entry);
  EXPECT_TRUE(e) << e.error().message;
  return e ? *e : MftEntry{};
}

struct Pair {
  MftEntry base, extension;
};

Pair sample(uint64_t ext_base_ref = file_ref(30, 4)) {
  Bytes list;
  append(list, list_entry(0x10, 0, file_ref(30, 4), 0));
  append(list, list_entry(0x80, 0, file_ref(30, 4), 2));
  append(list, list_entry(0x80, 4, file_ref(31, 1), 0));
  append(list, list_entry(0x30, 0, file_ref(31, 1), 1));
  MftRecordBuilder base;
  base.sequence = 4;
  base.entry_number = 30;
  base.add(resident_attribute(0x10, standard_information_value(132000000000000000ULL)));
  base.add(resident_attribute(0x20, list, u"", 1));
  base.add(non_resident_attribute(0x80, runs(4, 0x40), 0, 3, 30000, u"", 2));
  MftRecordBuilder ext;
  ext.sequence = 1;
  ext.entry_number = 31;
  ext.base_record = ext_base_ref;
  ext.add(non_resident_attribute(0x80, runs(4, 0x50), 4, 7, 0, u"", 0));
  ext.add(resident_attribute(0x30, file_name_value(file_ref(5, 5), u"big.bin", 1, 132000000000000000ULL), u"", 1));
  return {parse(base, 30), parse(ext, 31)};
}

TEST(AttributeList, DecodesEntries) {
  Bytes list;
  append(list, list_entry(0x80, 9, file_ref(31, 1), 3, u"ads"));
  const auto d = parse_attribute_list(list, 0);
  ASSERT_EQ(d.entries.size(), 1u);
  EXPECT_TRUE(d.damage.empty());
  EXPECT_EQ(d.entries[0].name, "ads");
  EXPECT_EQ(d.entries[0].lowest_vcn, 9u);
  EXPECT_EQ(d.entries[0].attribute_id, 3);
}

TEST(AttributeList, BadEntryStopsWithDamage) {
  for (auto [offset, value, width] : {std::tuple<size_t, uint64_t, size_t>{0x04, 0, 2},
                                      {0x04, 0x1000, 2}, {0x06, 100, 1}, {0x07, 250, 1}}) {
    Bytes list = list_entry(0x10, 0, file_ref(30, 4), 0);
    append(list, list_entry(0x80, 0, file_ref(30, 4), 0, u"x"));
    put(list, 0x20 + offset, value, width);
    const auto d = parse_attribute_list(list, 500);
    EXPECT_EQ(d.entries.size(), 1u) << offset;
    EXPECT_EQ(d.damage.size(), 1u) << offset;
  }
}

TEST(AttributeList, SizeLimitIsRecorded) {
  Limits limits;
  limits.max_attribute_list_size = 0x20;
  Bytes list = list_entry(0x10, 0, 0, 0);
  append(list, list_entry(0x80, 0, 0, 0));
  const auto d = parse_attribute_list(list, 0, limits);
  EXPECT_EQ(d.entries.size(), 1u);
  ASSERT_FALSE(d.damage.empty());
  EXPECT_NE(d.damage[0].find("max_attribute_list_size"), std::string::npos);
}

TEST(AttributeList, MergesAndJoinsPieces) {
  auto [base, ext] = sample();
  ASSERT_EQ(base.attribute_list.size(), 4u);
  merge_extension_record(base, ext);
  finalize_attributes(base);
  EXPECT_TRUE(base.damage.empty()) << base.damage.front();
  EXPECT_EQ(base.extension_records, std::vector<uint64_t>{31});
  ASSERT_EQ(base.file_names.size(), 1u);
  EXPECT_EQ(base.file_names[0].name, "big.bin");
  size_t data_count = 0;
  for (const auto& a : base.attributes) {
    if (a.type != AttributeType::kData) continue;
    ++data_count;
    EXPECT_EQ(a.data_size, 30000u);
    EXPECT_EQ(a.highest_vcn, 7u);
    ASSERT_EQ(a.runs.size(), 2u);
    EXPECT_EQ(a.runs[1].vcn, 4u);
    EXPECT_EQ(a.runs[1].lcn, 0x50u);  // each piece's runs start from LCN 0
  }
  EXPECT_EQ(data_count, 1u);
  finalize_attributes(base);  // idempotent
  EXPECT_EQ(base.attributes.size(), 4u);  // $SI, $ATTRIBUTE_LIST, $DATA, $FILE_NAME
}

TEST(AttributeList, WrongBaseReferenceIsSkipped) {
  for (uint64_t ref : {file_ref(30, 3), file_ref(29, 4)}) {
    auto [base, ext] = sample(ref);
    merge_extension_record(base, ext);
    EXPECT_TRUE(base.extension_records.empty());
    ASSERT_EQ(base.damage.size(), 1u);
    EXPECT_NE(base.damage[0].find("not merged"), std::string::npos);
    EXPECT_TRUE(base.file_names.empty());
  }
}

TEST(AttributeList, DuplicateExtensionIsMergedOnce) {
  auto [base, ext] = sample();
  merge_extension_record(base, ext);
  merge_extension_record(base, ext);
  EXPECT_EQ(base.extension_records.size(), 1u);
  EXPECT_EQ(base.file_names.size(), 1u);
  EXPECT_EQ(base.damage.size(), 1u);
}

TEST(AttributeList, ExtensionLimitIsRecorded) {
  auto [base, ext] = sample();
  Limits limits;
  limits.max_extension_records = 0;
  merge_extension_record(base, ext, limits);
  EXPECT_TRUE(base.extension_records.empty());
  ASSERT_EQ(base.damage.size(), 1u);
  EXPECT_NE(base.damage[0].find("max_extension_records"), std::string::npos);
}

TEST(AttributeList, GapBetweenPiecesIsDamage) {
  auto [base, ext] = sample();
  for (auto& a : ext.attributes)
    if (a.type == AttributeType::kData) a.lowest_vcn = 6;
  merge_extension_record(base, ext);
  finalize_attributes(base);
  bool found = false;
  for (const auto& d : base.damage) found |= d.find("expected 4") != std::string::npos;
  EXPECT_TRUE(found);
}

TEST(AttributeList, OverlappingPieceIsSkipped) {
  auto [base, ext] = sample();
  for (auto& a : ext.attributes)
    if (a.type == AttributeType::kData) a.lowest_vcn = 2;
  merge_extension_record(base, ext);
  finalize_attributes(base);
  for (const auto& a : base.attributes) {
    if (a.type == AttributeType::kData) {
      EXPECT_EQ(a.runs.size(), 1u);
    }
  }
  EXPECT_FALSE(base.damage.empty());
}

}  // namespace
}  // namespace shellcarve::ntfs
