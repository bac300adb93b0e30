// Issue 18 item 5: junctions and symbolic links in a web root. On test-images/paths.raw
// (scripts/make-paths-image.sh) inetpub/wwwroot/jn is a junction to \??\C:\outside\jtarget
// and inetpub/wwwroot/sl a relative symbolic link to ..\..\outside\starget, each target
// holding a shell; unc, gone and vol point where this volume cannot follow; jtarget/back
// points back at the web root. Before, scan read none of the targets and said nothing.
#include <gtest/gtest.h>

#include "ntfs/attributes/reparse_point.h"
#include "support/test_support.h"
#include "timeline/reparse_roots.h"

namespace shellcarve::test {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::vector<std::byte> utf16(const std::string& ascii) {
  std::vector<std::byte> out;
  for (char c : ascii) out.insert(out.end(), {std::byte(static_cast<unsigned char>(c)), std::byte{0}});
  return out;
}

void put16(std::vector<std::byte>& out, uint16_t v) { out.insert(out.end(), {std::byte(v & 0xFF), std::byte(v >> 8)}); }

// A REPARSE_DATA_BUFFER as [MS-FSCC] 2.1.2 lays it out.
std::vector<std::byte> reparse_buffer(uint32_t tag, const std::string& substitute, const std::string& print,
                                      std::optional<uint32_t> symlink_flags) {
  const auto s = utf16(substitute), p = utf16(print);
  std::vector<std::byte> data;
  put16(data, 0);
  put16(data, static_cast<uint16_t>(s.size()));
  put16(data, static_cast<uint16_t>(s.size()));
  put16(data, static_cast<uint16_t>(p.size()));
  if (symlink_flags) {
    put16(data, static_cast<uint16_t>(*symlink_flags));
    put16(data, 0);
  }
  data.insert(data.end(), s.begin(), s.end());
  data.insert(data.end(), p.begin(), p.end());
  std::vector<std::byte> out;
  put16(out, static_cast<uint16_t>(tag & 0xFFFF));
  put16(out, static_cast<uint16_t>(tag >> 16));
  put16(out, static_cast<uint16_t>(data.size()));
  put16(out, 0);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

TEST(ReparsePoint, ParsesAJunctionAndARelativeSymlink) {
  const auto junction = reparse_buffer(ntfs::kReparseTagMountPoint, "\\??\\C:\\web", "C:\\web", std::nullopt);
  auto parsed = ntfs::parse_reparse_point(ByteReader(junction));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->is_mount_point());
  EXPECT_EQ(parsed->substitute_name, "\\??\\C:\\web");
  EXPECT_EQ(parsed->print_name, "C:\\web");
  const auto link = reparse_buffer(ntfs::kReparseTagSymlink, "..\\x", "..\\x", ntfs::kSymlinkFlagRelative);
  parsed = ntfs::parse_reparse_point(ByteReader(link));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->is_symlink());
  EXPECT_TRUE(parsed->relative);
  EXPECT_EQ(parsed->substitute_name, "..\\x");
}

TEST(ReparsePoint, ANameOutsideTheBufferIsAnErrorNotARead) {
  auto bytes = reparse_buffer(ntfs::kReparseTagMountPoint, "\\??\\C:\\web", "C:\\web", std::nullopt);
  bytes[8 + 2] = std::byte{0xF0};  // substitute name length far past the data
  const auto parsed = ntfs::parse_reparse_point(ByteReader(bytes, 4096));
  ASSERT_FALSE(parsed);
  EXPECT_TRUE(has(parsed.error().message, "substitute name")) << parsed.error().message;
  for (size_t n = 0; n < bytes.size(); ++n)
    (void)ntfs::parse_reparse_point(ByteReader(std::span(bytes).first(n)));
}

TEST(ReparsePoint, OtherTagsKeepTheirTagOnly) {
  const std::vector<std::byte> dedup{std::byte{0x13}, std::byte{0}, std::byte{0}, std::byte{0x80},
                                     std::byte{0},    std::byte{0}, std::byte{0}, std::byte{0}};
  const auto parsed = ntfs::parse_reparse_point(ByteReader(dedup));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(ntfs::reparse_tag_name(parsed->tag), "reparse tag 0x80000013");
}

TEST(ReparseTarget, ResolvedOnThisVolumeOrSaidWhyNot) {
  std::string note;
  EXPECT_EQ(ntfs::resolve_reparse_target("/inetpub/wwwroot/jn", "\\??\\C:\\outside\\jtarget", false, note), "/outside/jtarget");
  EXPECT_TRUE(has(note, "drive letter C: taken as this volume")) << note;
  EXPECT_EQ(ntfs::resolve_reparse_target("/inetpub/wwwroot/sl", "..\\..\\outside\\starget", true, note), "/outside/starget");
  EXPECT_EQ(ntfs::resolve_reparse_target("/a/sl", "..\\..\\..\\x", true, note), "/x");
  EXPECT_EQ(ntfs::resolve_reparse_target("/a/unc", "\\??\\UNC\\server\\share", false, note), "");
  EXPECT_TRUE(has(note, "UNC")) << note;
  EXPECT_EQ(ntfs::resolve_reparse_target("/a/v", "\\??\\Volume{0b2e54c8-3f7d-4c1e-9a55-6d1f3c2b7a90}\\web", false, note), "");
  EXPECT_TRUE(has(note, "GUID")) << note;
}

class ReparseScan : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = shared_scan_of_test_image("paths.raw.gz", {"--no-hash", "--no-carve"});
    ASSERT_TRUE(run_) << "paths.raw.gz cannot be unpacked";
  }
  const ScanRun* run_ = nullptr;
};

TEST_F(ReparseScan, ShellsBehindAJunctionAndASymlinkAreFound) {
  const std::string j = finding_for(run_->json, "/outside/jtarget/jshell.aspx");
  ASSERT_FALSE(j.empty()) << run_->json;
  EXPECT_TRUE(has(j, "reached through the junction '/inetpub/wwwroot/jn'")) << j;
  const std::string s = finding_for(run_->json, "/outside/starget/sshell.aspx");
  ASSERT_FALSE(s.empty()) << run_->json;
  EXPECT_TRUE(has(s, "reached through the symbolic link '/inetpub/wwwroot/sl'")) << s;
}

TEST_F(ReparseScan, TargetsThatCannotBeFollowedAreFindings) {
  for (const char* link : {"/inetpub/wwwroot/unc", "/inetpub/wwwroot/gone", "/inetpub/wwwroot/vol"}) {
    const std::string f = finding_for(run_->json, link);
    ASSERT_FALSE(f.empty()) << link << "\n" << run_->json;
    EXPECT_TRUE(has(f, "reparse_point_in_webroot")) << f;
  }
  EXPECT_TRUE(has(finding_for(run_->json, "/inetpub/wwwroot/gone"), "missing on this volume"));
  const std::string manifest = read_text(run_->case_dir() / "manifest.json");
  EXPECT_TRUE(has(manifest, "symbolic link '/inetpub/wwwroot/unc'")) << manifest;
}

TEST_F(ReparseScan, ALinkBackIntoScopeIsNotFollowedTwice) {
  const std::string manifest = read_text(run_->case_dir() / "manifest.json");
  EXPECT_TRUE(has(manifest, "'/outside/jtarget/back'")) << manifest;
  EXPECT_TRUE(has(manifest, "already in scope (in web root '/inetpub/wwwroot'")) << manifest;
  EXPECT_TRUE(finding_for(run_->json, "/outside/jtarget/back").empty());
  // One finding per shell: the junction loop adds no second copy.
  const std::string key = "\"path\": \"/outside/jtarget/jshell.aspx\"";
  size_t count = 0;
  for (size_t at = run_->json.find(key); at != std::string::npos; at = run_->json.find(key, at + 1)) ++count;
  EXPECT_EQ(count, 1u) << run_->json;
}

}  // namespace
}  // namespace shellcarve::test
