// The PE version-resource parser on a constructed PE32+ file, one damaged field per case.
#include <gtest/gtest.h>

#include "pe/version_resource.h"
#include "support/pe_bytes.h"

namespace shellcarve::pe {
namespace {

using test::make_pe_with_version;
using test::put16;
using test::put32;

std::vector<std::byte> exsetup() { return make_pe_with_version({15, 1, 2176, 9}, {15, 1, 2176, 9}); }

TEST(PeVersionResource, ReadsFileAndProductVersion) {
  const auto bytes = make_pe_with_version({15, 1, 2176, 9}, {15, 1, 2176, 2});
  const auto version = parse_version_resource(bytes);
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(to_string(version->file_version), "15.1.2176.9");
  EXPECT_EQ(to_string(version->product_version), "15.1.2176.2");
  EXPECT_EQ(version->file_offset, test::kPeVersionInfoOffset);
}

TEST(PeVersionResource, NotAPeFile) {
  auto bytes = exsetup();
  put16(bytes, 0, 0x4B50);
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kFormat);
  bytes = exsetup();
  put32(bytes, 0x3C, 0xFFFFFFF0);  // e_lfanew past the end
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kTruncated);
}

TEST(PeVersionResource, TruncatedFileSaysWhatWasShort) {
  const auto bytes = exsetup();
  const auto version = parse_version_resource(std::span(bytes).first(0x280));
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().code, ErrorCode::kTruncated);
  EXPECT_NE(version.error().message.find("VS_VERSIONINFO"), std::string::npos) << version.error().message;
}

TEST(PeVersionResource, NoVersionResource) {
  auto bytes = exsetup();
  put32(bytes, test::kPeResourceFileOffset + 16, 3);  // RT_ICON, not RT_VERSION
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kNotFound);
  bytes = exsetup();
  put32(bytes, test::kPeOptionalHeader + 112 + 16, 0);  // no resource table
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kNotFound);
}

TEST(PeVersionResource, DamagedFieldsAreErrorsNotCrashes) {
  auto bytes = exsetup();
  put16(bytes, test::kPeLfanew + 6, 0xFFFF);  // 65,535 sections
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kCorrupt);
  bytes = exsetup();
  put16(bytes, test::kPeResourceFileOffset + 14, 0xFFFF);  // entries run past the section
  EXPECT_FALSE(parse_version_resource(bytes));
  bytes = exsetup();
  put32(bytes, test::kPeResourceFileOffset + 0x48, 0x9000);  // data RVA in no section
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kCorrupt);
  bytes = exsetup();
  put32(bytes, test::kPeVersionInfoOffset + 40, 0x12345678);  // VS_FIXEDFILEINFO signature
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kCorrupt);
  bytes = exsetup();
  put16(bytes, test::kPeOptionalHeader, 0x10C);  // unknown optional header magic
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kUnsupported);
  bytes = exsetup();
  for (size_t i = 6; i < 92; i += 2) put16(bytes, test::kPeVersionInfoOffset + i, 'A');  // key never ends
  EXPECT_EQ(parse_version_resource(bytes).error().code, ErrorCode::kTruncated);
}

}  // namespace
}  // namespace shellcarve::pe
