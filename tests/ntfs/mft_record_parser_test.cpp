// parse_mft_record on hand-built records: a valid record, then one changed field per case.
#include "ntfs/mft_record_parser.h"

#include <gtest/gtest.h>

#include "ntfs/record_builder.h"

namespace shellcarve::ntfs {
namespace {

using namespace testing;

constexpr uint64_t kT0 = 132000000000000000ULL;  // 2019-04-12

MftRecordBuilder sample_builder() {
  MftRecordBuilder b;
  b.add(resident_attribute(0x10, standard_information_value(kT0), u"", 0));
  b.add(resident_attribute(0x30, file_name_value(file_ref(5, 5), u"SHELL~1.ASP", 2, kT0 + 10), u"", 2));
  b.add(resident_attribute(0x30, file_name_value(file_ref(5, 5), u"shell.aspx", 1, kT0 + 10), u"", 3));
  b.add(resident_attribute(0x80, Bytes(5, std::byte{'x'}), u"", 4));
  b.add(non_resident_attribute(0x80, Bytes{std::byte{0x11}, std::byte{0x04}, std::byte{0x30},
                                           std::byte{0x00}},
                               0, 3, 16000, u"Zone.Identifier", 5, kAttributeFlagSparse));
  return b;
}

bool has_damage(const MftEntry& e, std::string_view needle) {
  for (const auto& d : e.damage)
    if (d.find(needle) != std::string::npos) return true;
  return false;
}

TEST(MftRecordParser, ParsesAValidRecord) {
  const Bytes r = sample_builder().build();
  auto e = parse_mft_record(r, 4096, 42);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_TRUE(e->fixup_valid);
  EXPECT_TRUE(e->damage.empty()) << e->damage.front();
  EXPECT_FALSE(e->baad);
  EXPECT_TRUE(e->in_use());
  EXPECT_FALSE(e->is_directory());
  EXPECT_TRUE(e->is_base());
  EXPECT_EQ(e->sequence, 3);
  EXPECT_EQ(e->header_entry_number, 42u);
  ASSERT_TRUE(e->standard_information);
  EXPECT_EQ(e->standard_information->times.creation, kT0);
  EXPECT_EQ(e->standard_information->times.access, kT0 + 3);
  EXPECT_EQ(e->standard_information->usn, 0x123456u);
  EXPECT_EQ(e->standard_information->security_id, 0x101u);
  ASSERT_EQ(e->file_names.size(), 2u);
  EXPECT_EQ(e->file_names[1].name, "shell.aspx");
  EXPECT_EQ(e->file_names[1].name_space, FileNameNamespace::kWin32);
  EXPECT_EQ(e->file_names[1].parent, (FileReference{5, 5}));
  EXPECT_EQ(e->file_names[1].times.mft_modification, kT0 + 12);
  EXPECT_EQ(e->file_names[1].attribute_id, 3);
  ASSERT_EQ(e->attributes.size(), 5u);
  const Attribute& data = e->attributes[3];
  EXPECT_TRUE(data.resident);
  EXPECT_EQ(data.size(), 5u);
  EXPECT_EQ(data.mft_entry, 42u);
  const Attribute& ads = e->attributes[4];
  EXPECT_EQ(ads.name, "Zone.Identifier");
  EXPECT_FALSE(ads.resident);
  EXPECT_TRUE(ads.sparse());
  EXPECT_EQ(ads.data_size, 16000u);
  ASSERT_EQ(ads.runs.size(), 1u);
  EXPECT_EQ(ads.runs[0].lcn, 0x30u);
  const MftRecordBuilder b = sample_builder();
  size_t expected = 4096 + 0x38;
  for (size_t i = 0; i < 4; ++i) expected += b.attributes[i].size();
  EXPECT_EQ(ads.image_offset, expected);
}

TEST(MftRecordParser, NotAFileRecordIsFormat) {
  Bytes r = sample_builder().build();
  r[0] = std::byte{'X'};
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kFormat);
}

TEST(MftRecordParser, BaadIsFlaggedAndParsed) {
  Bytes r = sample_builder().build();
  r[0] = std::byte{'B'}; r[1] = std::byte{'A'}; r[2] = std::byte{'A'}; r[3] = std::byte{'D'};
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->baad);
  EXPECT_EQ(e->file_names.size(), 2u);
}

TEST(MftRecordParser, FixupMismatchIsDamageNotFailure) {
  Bytes r = sample_builder().build();
  put16(r, 1022, 0x9999);  // tail of sector 1
  auto e = parse_mft_record(r, 8192, 7);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->fixup_valid);
  EXPECT_TRUE(has_damage(*e, "sector 1")) << e->damage.front();
  EXPECT_TRUE(has_damage(*e, "offset 8192"));
  EXPECT_EQ(e->file_names.size(), 2u);
}

// A 1 KiB record whose update sequence count is 2 (the USN and one stride) leaves its second
// sector unchecked: a torn write there passed unseen with fixup_valid true before.
TEST(MftRecordParser, UpdateSequenceTooShortForTheRecordIsABrokenFixup) {
  Bytes r = sample_builder().build();
  put16(r, 0x06, 2);
  auto e = parse_mft_record(r, 8192, 7);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->fixup_valid);
  EXPECT_TRUE(has_damage(*e, "covers 1 of the record's 2 sectors")) << ::testing::PrintToString(e->damage);
  EXPECT_TRUE(has_damage(*e, "offset 8192"));
  EXPECT_TRUE(has_damage(*e, "from offset 8704"));
}

TEST(MftRecordParser, ImpossibleUpdateSequenceIsCorrupt) {
  for (auto [offset, value] : {std::pair<size_t, uint64_t>{0x04, 1020}, {0x04, 2}, {0x06, 0},
                               {0x06, 4}}) {
    Bytes r = sample_builder().build();
    put16(r, offset, value);
    auto e = parse_mft_record(r, 0, 0);
    ASSERT_FALSE(e) << offset << "=" << value;
    EXPECT_EQ(e.error().code, ErrorCode::kCorrupt);
  }
}

TEST(MftRecordParser, TruncatedRecord) {
  Bytes r = sample_builder().build();
  r.resize(20);
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kTruncated);
}

TEST(MftRecordParser, AttributeLengthZeroStopsTheWalk) {
  MftRecordBuilder b = sample_builder();
  put32(b.attributes[2], 0x04, 0);
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attributes.size(), 2u);
  EXPECT_TRUE(has_damage(*e, "walk stopped"));
}

TEST(MftRecordParser, AttributeLengthPastUsedSizeStopsTheWalk) {
  MftRecordBuilder b = sample_builder();
  put32(b.attributes[4], 0x04, 4000);
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attributes.size(), 4u);
  EXPECT_TRUE(has_damage(*e, "walk stopped"));
}

TEST(MftRecordParser, UsedSizePastRecordIsDamage) {
  Bytes r = sample_builder().build();
  put32(r, 0x18, 5000);
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_TRUE(e);
  EXPECT_TRUE(has_damage(*e, "used size"));
  EXPECT_EQ(e->attributes.size(), 5u);
}

TEST(MftRecordParser, FirstAttributeOffsetOutsideIsDamage) {
  Bytes r = sample_builder().build();
  put16(r, 0x14, 1000);
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->attributes.empty());
  EXPECT_TRUE(has_damage(*e, "first attribute"));
}

TEST(MftRecordParser, MissingEndMarkerIsDamage) {
  Bytes r = sample_builder().build();
  const uint32_t used = static_cast<uint32_t>(r[0x18]) | (static_cast<uint32_t>(r[0x19]) << 8);
  put32(r, 0x18, used - 8);  // the end marker now lies past the used size
  auto e = parse_mft_record(r, 0, 0);
  ASSERT_TRUE(e);
  EXPECT_TRUE(has_damage(*e, "end marker"));
}

TEST(MftRecordParser, ResidentValuePastAttributeIsDamage) {
  MftRecordBuilder b = sample_builder();
  put32(b.attributes[3], 0x10, 500);
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attributes.size(), 5u);
  EXPECT_TRUE(e->attributes[3].resident_data.empty());
  EXPECT_FALSE(e->attributes[3].damage.empty());
}

TEST(MftRecordParser, BadFileNameNamespaceIsDamage) {
  MftRecordBuilder b = sample_builder();
  put(b.attributes[2], 0x18 + 0x41, 7, 1);
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file_names.size(), 1u);
  EXPECT_TRUE(has_damage(*e, "namespace"));
}

TEST(MftRecordParser, FileNameLengthPastValueIsDamage) {
  MftRecordBuilder b = sample_builder();
  put(b.attributes[2], 0x18 + 0x40, 200, 1);
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file_names.size(), 1u);
  EXPECT_TRUE(has_damage(*e, "file name"));
}

TEST(MftRecordParser, StandardInformationV12) {
  MftRecordBuilder b;
  b.add(resident_attribute(0x10, standard_information_value(kT0, 48)));
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->standard_information);
  EXPECT_FALSE(e->standard_information->usn);
  EXPECT_EQ(e->standard_information->times.mft_modification, kT0 + 2);
}

TEST(MftRecordParser, ShortStandardInformationIsDamage) {
  MftRecordBuilder b;
  b.add(resident_attribute(0x10, standard_information_value(kT0, 40)));
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->standard_information);
  EXPECT_TRUE(has_damage(*e, "$STANDARD_INFORMATION"));
}

TEST(MftRecordParser, BadDataRunsKeepTheAttribute) {
  MftRecordBuilder b;
  b.add(non_resident_attribute(0x80, Bytes{std::byte{0x11}, std::byte{0x04}, std::byte{0x30},
                                           std::byte{0x19}},
                               0, 3, 16000));
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->attributes.size(), 1u);
  EXPECT_EQ(e->attributes[0].runs.size(), 1u);
  EXPECT_FALSE(e->attributes[0].damage.empty());
  EXPECT_TRUE(has_damage(*e, "$DATA"));
}

TEST(MftRecordParser, ObjectIdAndVolumeName) {
  MftRecordBuilder b;
  Bytes guid;
  for (int i = 0; i < 16; ++i) guid.push_back(std::byte(static_cast<uint8_t>(i)));
  b.add(resident_attribute(0x40, guid));
  b.add(resident_attribute(0x60, utf16(u"Test Volume")));
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->object_id, "03020100-0504-0706-0809-0a0b0c0d0e0f");
  EXPECT_EQ(e->volume_name, "Test Volume");
}

TEST(MftRecordParser, ResidentAttributeList) {
  Bytes list(0x20);
  put32(list, 0x00, 0x80);
  put16(list, 0x04, 0x20);
  put64(list, 0x08, 0);
  put64(list, 0x10, file_ref(77, 2));
  put16(list, 0x18, 4);
  MftRecordBuilder b;
  b.add(resident_attribute(0x20, list));
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->attribute_list.size(), 1u);
  EXPECT_EQ(e->attribute_list[0].record, (FileReference{77, 2}));
  EXPECT_EQ(e->attribute_list[0].type, AttributeType::kData);
}

TEST(MftRecordParser, RecordLargerThanLimitIsLimit) {
  Limits limits;
  limits.max_mft_record_size = 512;
  auto e = parse_mft_record(sample_builder().build(), 0, 0, limits);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kLimit);
}

TEST(MftRecordParser, FourKilobyteRecords) {
  MftRecordBuilder b = sample_builder();
  b.size = 4096;
  auto e = parse_mft_record(b.build(), 0, 0);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->fixup_valid);
  EXPECT_EQ(e->file_names.size(), 2u);
}

TEST(AttributeTypeName, NamesKnownAndUnknownTypes) {
  EXPECT_STREQ(attribute_type_name(AttributeType::kData), "$DATA");
  EXPECT_STREQ(attribute_type_name(static_cast<AttributeType>(0x1234)), "$UNKNOWN");
}

}  // namespace
}  // namespace shellcarve::ntfs

namespace shellcarve::ntfs {
namespace {

TEST(MftRecordParser, ZeroedBaadRecordIsReturnedFlagged) {
  testing::Bytes r(1024);
  r[0] = std::byte{'B'}; r[1] = std::byte{'A'}; r[2] = std::byte{'A'}; r[3] = std::byte{'D'};
  auto e = parse_mft_record(r, 0, 500);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_TRUE(e->baad);
  EXPECT_FALSE(e->fixup_valid);
  EXPECT_TRUE(e->attributes.empty());
}

}  // namespace
}  // namespace shellcarve::ntfs
