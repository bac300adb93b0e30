// USN record parsing on hand-built records: each error case changes one field of a valid
// V2, V3 or V4 record.
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "ntfs/usn/usn_builder.h"
#include "ntfs/usn/usn_reasons.h"
#include "ntfs/usn/usn_record.h"

namespace shellcarve::ntfs {
namespace {

using namespace testing;

TEST(UsnRecord, ParsesV2) {
  const Bytes b = usn_v2();
  ASSERT_EQ(b.size(), 80u);
  auto r = parse_usn_record(b, 4096);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->major_version, 2);
  EXPECT_EQ(r->minor_version, 0);
  EXPECT_EQ(r->record_length, 80u);
  EXPECT_EQ(r->file_reference, (FileReference{0x28, 1}));
  EXPECT_EQ(r->parent_reference, (FileReference{5, 5}));
  EXPECT_EQ(r->file_id, "00000000000000000001000000000028");
  EXPECT_EQ(r->parent_file_id, "00000000000000000005000000000005");
  EXPECT_EQ(r->usn, 80);
  EXPECT_EQ(filetime_to_iso8601(r->timestamp), "2019-01-22T21:36:10.9243619Z");
  EXPECT_EQ(usn_reasons_to_string(r->reason), "FILE_CREATE|CLOSE");
  EXPECT_EQ(r->file_attributes, 0x10u);
  EXPECT_EQ(r->name, "New folder");
  EXPECT_TRUE(r->name_lossless);
  EXPECT_FALSE(r->range_tracking);
  EXPECT_EQ(r->offset, 4096u);
  EXPECT_TRUE(r->damage.empty());
}

TEST(UsnRecord, ParsesV3With128BitIds) {
  UsnFields f;
  f.file_high = 0x0011223344556677ULL;
  f.parent_high = 0x8000000000000000ULL;
  f.name = u"отчёт.aspx";
  const Bytes b = usn_v3(f);
  auto r = parse_usn_record(b, 0);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->major_version, 3);
  EXPECT_EQ(r->file_reference, (FileReference{0x28, 1}));
  EXPECT_EQ(r->file_id, "00112233445566770001000000000028");
  EXPECT_EQ(r->parent_file_id, "80000000000000000005000000000005");
  EXPECT_EQ(r->name, "отчёт.aspx");
  EXPECT_EQ(r->timestamp, f.timestamp);
  EXPECT_EQ(r->reason, f.reason);
}

TEST(UsnRecord, ParsesV4RangeTracking) {
  UsnFields f;
  f.usn = 8192;
  f.reason = 0x80000002;
  const Bytes b = usn_v4(f, {{0, 2228224}, {4096, 8192}});
  ASSERT_EQ(b.size(), 96u);
  auto r = parse_usn_record(b, 8192);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->range_tracking);
  EXPECT_EQ(r->major_version, 4);
  EXPECT_EQ(r->usn, 8192);
  EXPECT_EQ(r->timestamp, 0u);
  EXPECT_EQ(r->name, "");
  ASSERT_EQ(r->extents.size(), 2u);
  EXPECT_EQ(r->extents[0].length, 2228224);
  EXPECT_EQ(r->extents[1].offset, 4096);
  EXPECT_EQ(usn_reason_names(r->reason), (std::vector<std::string>{"DATA_EXTEND", "CLOSE"}));
}

TEST(UsnRecord, ShortBufferIsTruncated) {
  const Bytes b = usn_v2();
  auto r = parse_usn_record(std::span(b).first(72), 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTruncated);
  auto header = parse_usn_record(std::span(b).first(6), 0);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, ErrorCode::kTruncated);
}

TEST(UsnRecord, LengthBelowHeaderIsRejected) {
  Bytes b = usn_v2();
  put32(b, 0, 56);  // shorter than the 60-byte V2 header
  auto r = parse_usn_record(b, 16);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFormat);
  EXPECT_NE(r.error().message.find("offset 16"), std::string::npos) << r.error().message;
}

TEST(UsnRecord, LengthNotMultipleOfEightIsRejected) {
  Bytes b = usn_v2();
  put32(b, 0, 78);
  auto r = parse_usn_record(b, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFormat);
}

TEST(UsnRecord, AbsurdLengthIsRejected) {
  Bytes b = usn_v2();
  b.resize(kUsnMaxRecordLength + 8);
  put32(b, 0, kUsnMaxRecordLength + 8);
  auto r = parse_usn_record(b, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFormat);
  put32(b, 0, 0xFFFFFFF8u);
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kFormat);
}

TEST(UsnRecord, UnknownMajorVersionIsRejected) {
  for (uint16_t version : {0, 1, 5, 9, 0xFFFF}) {
    Bytes b = usn_v2();
    put16(b, 4, version);
    auto r = parse_usn_record(b, 0);
    ASSERT_FALSE(r) << version;
    EXPECT_EQ(r.error().code, ErrorCode::kFormat);
    EXPECT_NE(r.error().message.find("major version " + std::to_string(version)),
              std::string::npos);
  }
}

TEST(UsnRecord, V3LengthMustCoverTheLargerHeader) {
  Bytes b = usn_v2();  // 80 bytes, but relabelled V3: the name would start past 76
  put16(b, 4, 3);
  put32(b, 0, 72);  // below the V3 header of 76
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kFormat);
}

TEST(UsnRecord, NamePastTheEndIsCorrupt) {
  Bytes b = usn_v2();
  put16(b, 0x38, 22);  // 60 + 22 = 82 > 80
  auto r = parse_usn_record(b, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("outside"), std::string::npos);
}

TEST(UsnRecord, NameLengthIsCheckedAgainstTheRecordNotTheBuffer) {
  // Two records back to back: a name length running into the second must not be read.
  Bytes b = usn_v2();
  append(b, usn_v2());
  put16(b, 0x38, 40);
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kCorrupt);
}

TEST(UsnRecord, NameOffsetPastTheEndIsCorrupt) {
  Bytes b = usn_v2();
  put16(b, 0x3A, 0xFFF0);
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kCorrupt);
}

TEST(UsnRecord, NameOffsetInsideTheHeaderIsCorrupt) {
  Bytes b = usn_v2();
  put16(b, 0x3A, 0x20);
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kCorrupt);
}

TEST(UsnRecord, OddNameLengthIsCorrupt) {
  Bytes b = usn_v2();
  put16(b, 0x38, 19);
  auto r = parse_usn_record(b, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("odd"), std::string::npos);
}

TEST(UsnRecord, NameAfterPaddingIsKeptWithANote) {
  Bytes b = usn_v2();
  b.resize(88);
  put32(b, 0, 88);
  put16(b, 0x3A, 0x40);  // name moved 4 bytes later, still inside the record
  auto r = parse_usn_record(b, 0);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->damage.size(), 1u);
}

TEST(UsnRecord, UnpairedSurrogateIsReplaced) {
  UsnFields f;
  const char16_t bad[] = {u'a', char16_t(0xD800), u'b'};
  f.name = std::u16string_view(bad, 3);
  auto r = parse_usn_record(usn_v2(f), 0);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->name_lossless);
  EXPECT_EQ(r->name, "a\xEF\xBF\xBD" "b");
}

TEST(UsnRecord, V4ExtentsMustFit) {
  UsnFields f;
  Bytes b = usn_v4(f, {{0, 4096}});
  put16(b, 0x3C, 2);  // claims two extents, holds one
  EXPECT_EQ(parse_usn_record(b, 0).error().code, ErrorCode::kCorrupt);
  Bytes small = usn_v4(f, {{0, 4096}});
  put16(small, 0x3E, 8);  // an extent cannot be 8 bytes
  EXPECT_EQ(parse_usn_record(small, 0).error().code, ErrorCode::kCorrupt);
}

TEST(UsnReasons, SpelledOut) {
  EXPECT_EQ(usn_reasons_to_string(0), "");
  EXPECT_EQ(usn_reasons_to_string(0x80000102), "DATA_EXTEND|FILE_CREATE|CLOSE");
  EXPECT_EQ(usn_reasons_to_string(0x00003000), "RENAME_OLD_NAME|RENAME_NEW_NAME");
  EXPECT_EQ(usn_reasons_to_string(0x00800000), "INTEGRITY_CHANGE");
  EXPECT_EQ(usn_reasons_to_string(0x04000000), "0x04000000");
  const auto all = usn_reason_names(0xFFFFFFFFu);
  EXPECT_EQ(all.size(), 32u);
  EXPECT_EQ(all.front(), "DATA_OVERWRITE");
  EXPECT_EQ(all.back(), "CLOSE");
  EXPECT_EQ(usn_source_info_to_string(0x5), "DATA_MANAGEMENT|REPLICATION_MANAGEMENT");
}

}  // namespace
}  // namespace shellcarve::ntfs
