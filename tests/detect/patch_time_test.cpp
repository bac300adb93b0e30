// Patch-time inference from the installed Exchange builds, on a hand-built catalog: version
// folders under owa/auth, ExSetup.exe's version resource and setup-log lines (file contents
// come from an injected reader, so no image is needed).
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "common/filetime.h"
#include "detect/finding.h"
#include "detect/patch_time.h"
#include "report/findings_output.h"
#include "support/pe_bytes.h"

namespace shellcarve {
namespace {

// A tiny volume: root (5) / Program Files / Microsoft / Exchange Server / V15 / FrontEnd /
// HttpProxy / owa / auth / <builds>, plus V15/Bin files.
class CatalogBuilder {
 public:
  CatalogBuilder() { catalog_.entries.resize(64); add(5, 5, ".", true, 0); }
  uint64_t add(uint64_t entry, uint64_t parent, const std::string& name, bool dir, uint64_t created) {
    auto& e = catalog_.entries[entry];
    e.present = true;
    e.entry = entry;
    e.sequence = 1;
    e.flags = ntfs::kMftFlagInUse | (dir ? ntfs::kMftFlagDirectory : 0);
    ntfs::FileNameAttribute fn;
    fn.parent = {parent, 1};
    fn.name = name;
    fn.name_space = ntfs::FileNameNamespace::kWin32;
    fn.times.creation = created;
    fn.mft_entry = entry;
    e.file_names.push_back(fn);
    return entry;
  }
  ntfs::FileCatalog catalog_;
};

uint64_t at(const char* iso) { return *iso8601_to_filetime(iso); }

// The Exchange tree down to owa/auth (entry 17) and V15/Bin (entry 20).
CatalogBuilder exchange_server() {
  CatalogBuilder b;
  const uint64_t t0 = at("2020-06-01T10:00:00Z");
  b.add(10, 5, "Program Files", true, t0);
  b.add(11, 10, "Microsoft", true, t0);
  b.add(12, 11, "Exchange Server", true, t0);
  b.add(13, 12, "V15", true, t0);
  b.add(14, 13, "FrontEnd", true, t0);
  b.add(15, 14, "HttpProxy", true, t0);
  b.add(16, 15, "owa", true, t0);
  b.add(17, 16, "auth", true, t0);
  b.add(20, 13, "Bin", true, t0);
  return b;
}

PatchTime infer(const CatalogBuilder& b, const std::map<uint64_t, std::vector<std::byte>>& files = {}) {
  const auto tree = ntfs::build_directory_tree(b.catalog_);
  const detect::ReadFile read = [&](uint64_t entry, uint64_t max) -> Result<detect::FileContent> {
    const auto it = files.find(entry);
    if (it == files.end()) return fail(ErrorCode::kNotFound, "no content for entry " + std::to_string(entry));
    detect::FileContent content;
    content.bytes.assign(it->second.begin(), it->second.begin() + std::min<size_t>(max, it->second.size()));
    content.truncated = it->second.size() > max;
    return content;
  };
  return infer_patch_time(b.catalog_, tree, read);
}

std::vector<std::byte> text_bytes(const std::string& text) {
  std::vector<std::byte> out(text.size());
  std::memcpy(out.data(), text.data(), text.size());
  return out;
}

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& line : lines)
    if (line.find(part) != std::string::npos) return true;
  return false;
}

TEST(PatchTime, NewestBuildFolderDatesTheUpdate) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2106.2", true, at("2020-06-01T10:00:00Z"));
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-03T21:14:05.1234567Z"));
  b.add(21, 20, "Microsoft.Exchange.Clients.Owa2.Server.dll", false, at("2021-03-03T21:20:00Z"));
  const auto patch = infer(b);
  ASSERT_TRUE(patch.filetime);
  EXPECT_EQ(filetime_to_iso8601(*patch.filetime), "2021-03-03T21:14:05.1234567Z");
  EXPECT_EQ(patch.source, "exchange build arrival");
  ASSERT_EQ(patch.installed_builds.size(), 2u);
  EXPECT_EQ(patch.installed_builds[1].build.name, "Exchange Server 2016 CU19 Mar21SU");
  EXPECT_EQ(patch.installed_builds[1].burst, 1u);
}

// The image that broke the old inference: the CU's folder has a 3-part name, the SU's a
// 4-part one; the SU folder's $FN creation is the patch time.
TEST(PatchTime, ThreePartCuFolderAndFourPartSuFolder) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2176", true, at("2020-12-20T09:00:00Z"));
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-04T02:11:09.7654321Z"));
  const auto patch = infer(b);
  ASSERT_TRUE(patch.filetime);
  EXPECT_EQ(*patch.filetime, at("2021-03-04T02:11:09.7654321Z"));
  EXPECT_EQ(patch.source, "exchange build arrival");
  ASSERT_EQ(patch.installed_builds.size(), 2u);
  EXPECT_EQ(patch.installed_builds[0].build.name, "Exchange Server 2016 CU19");
  EXPECT_EQ(patch.installed_builds[0].evidence[0].mft_entry, 18u);
  EXPECT_EQ(patch.open_families, (std::vector<std::string>{"proxyshell", "proxynotshell"}));
  EXPECT_TRUE(patch.anomalies.empty());
}

TEST(PatchTime, ASingleSuFolderIsEnough) {
  CatalogBuilder b = exchange_server();
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-04T02:11:09Z"));
  const auto patch = infer(b);
  ASSERT_TRUE(patch.filetime);
  EXPECT_EQ(*patch.filetime, at("2021-03-04T02:11:09Z"));
  EXPECT_EQ(patch.source, "exchange build arrival");
}

TEST(PatchTime, UnknownVersionFolderIsIgnoredAndReported) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2176.2", true, at("2020-12-20T09:00:00Z"));
  b.add(19, 17, "99.0.0.0", true, at("2021-04-01T00:00:00Z"));
  const auto patch = infer(b);
  EXPECT_FALSE(patch.filetime);  // CU19 does not fix ProxyLogon, and 99.0.0.0 is no build
  ASSERT_EQ(patch.anomalies.size(), 1u);
  EXPECT_EQ(patch.anomalies[0].mft_entry, 19u);
  EXPECT_EQ(patch.anomalies[0].fn_creation, at("2021-04-01T00:00:00Z"));
  EXPECT_NE(patch.anomalies[0].path.find("/owa/auth/99.0.0.0"), std::string::npos);
  EXPECT_TRUE(has_line(patch.evidence, "99.0.0.0"));
  EXPECT_TRUE(has_line(patch.evidence, "no installed build fixes proxylogon"));
  EXPECT_EQ(patch.open_families, (std::vector<std::string>{"proxylogon", "proxyshell", "proxynotshell"}));
}

TEST(PatchTime, BuildKnownOnlyFromExSetupVersion) {
  CatalogBuilder b = exchange_server();
  b.add(21, 20, "ExSetup.exe", false, at("2021-03-20T12:00:00Z"));
  const auto patch = infer(b, {{21, test::make_pe_with_version({15, 1, 2242, 4}, {15, 1, 2242, 4})}});
  ASSERT_EQ(patch.installed_builds.size(), 1u);
  EXPECT_EQ(patch.installed_builds[0].build.name, "Exchange Server 2016 CU20");
  EXPECT_EQ(patch.installed_builds[0].first_seen_source, "ExSetup.exe $FN creation");
  // A CU with nothing before it: the server was installed already fixed.
  EXPECT_EQ(patch.source, "exchange installed already fixed");
  EXPECT_EQ(*patch.filetime, at("2021-03-20T12:00:00Z"));
  EXPECT_EQ(patch.open_families, (std::vector<std::string>{"proxyshell", "proxynotshell"}));
}

TEST(PatchTime, FolderNewerThanExSetupIsNotInstalled) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2176.2", true, at("2020-12-20T09:00:00Z"));
  b.add(19, 17, "15.1.2176.9", true, at("2021-05-01T00:00:00Z"));  // planted: ExSetup is still CU19
  b.add(21, 20, "ExSetup.exe", false, at("2020-12-20T09:05:00Z"));
  const auto patch = infer(b, {{21, test::make_pe_with_version({15, 1, 2176, 2}, {15, 1, 2176, 2})}});
  EXPECT_FALSE(patch.filetime);
  ASSERT_EQ(patch.installed_builds.size(), 1u);
  ASSERT_EQ(patch.anomalies.size(), 1u);
  EXPECT_EQ(patch.anomalies[0].mft_entry, 19u);
  EXPECT_NE(patch.anomalies[0].reason.find("newer than ExSetup.exe"), std::string::npos);
}

TEST(PatchTime, SetupLogLinesNameBuildsAndKbs) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2176.2", true, at("2020-12-20T09:00:00Z"));
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-04T02:11:09Z"));
  b.add(30, 5, "ExchangeSetupLogs", true, at("2020-06-01T10:00:00Z"));
  b.add(31, 30, "ExchangeSetup.log", false, at("2020-06-01T10:00:00Z"));
  b.add(32, 30, "ServiceControl.log", false, at("2021-03-04T02:00:00Z"));
  const std::string setup =
      "[03/16/2021 10:12:13.0456] [0] Starting Microsoft Exchange Server 2016 Setup\r\n"
      "[03/16/2021 10:12:13.0457] [0] Setup version: 15.01.2242.004.\r\n"
      "[03/16/2021 10:12:14.0000] [0] Setup version: 15.01.2242.004.\r\n";
  const std::string service = "Installing update KB5000871 for Exchange Server 2016\n";
  const auto patch = infer(b, {{31, text_bytes(setup)}, {32, text_bytes(service)}});
  ASSERT_EQ(patch.installed_builds.size(), 3u);
  const auto& cu20 = patch.installed_builds[2];
  EXPECT_EQ(cu20.build.name, "Exchange Server 2016 CU20");
  EXPECT_EQ(*cu20.first_seen, at("2021-03-16T10:12:13.0457Z"));
  EXPECT_NE(cu20.first_seen_source.find("setup log"), std::string::npos);
  EXPECT_NE(cu20.evidence[0].detail.find("and 1 later lines"), std::string::npos) << cu20.evidence[0].detail;
  // The KB corroborates the Mar21SU folder; the patch time stays the folder's.
  const auto& su = patch.installed_builds[1];
  ASSERT_EQ(su.evidence.size(), 2u);
  EXPECT_EQ(su.evidence[1].source, "setup log");
  EXPECT_EQ(*patch.filetime, at("2021-03-04T02:11:09Z"));
  EXPECT_EQ(patch.open_families, (std::vector<std::string>{"proxyshell", "proxynotshell"}));
}

TEST(PatchTime, UnreadableLogIsSaid) {
  CatalogBuilder b = exchange_server();
  b.add(30, 5, "ExchangeSetupLogs", true, at("2020-06-01T10:00:00Z"));
  b.add(31, 30, "ExchangeSetup.log", false, at("2020-06-01T10:00:00Z"));
  const auto patch = infer(b);
  EXPECT_TRUE(has_line(patch.evidence, "ExchangeSetup.log (MFT entry 31): not read"));
}

TEST(PatchTime, NoExchangeMeansUnknown) {
  CatalogBuilder b;
  b.add(10, 5, "inetpub", true, at("2020-06-01T10:00:00Z"));
  const auto tree = ntfs::build_directory_tree(b.catalog_);
  const auto patch = infer_patch_time(b.catalog_, tree);
  EXPECT_FALSE(patch.filetime);
  EXPECT_EQ(patch.source, "unknown");
  EXPECT_TRUE(patch.installed_builds.empty());
}

TEST(PatchTime, FindingsJsonHeaderCarriesTheBuilds) {
  CatalogBuilder b = exchange_server();
  b.add(18, 17, "15.1.2176", true, at("2020-12-20T09:00:00Z"));
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-04T02:11:09Z"));
  b.add(22, 17, "99.0.0.0", true, at("2021-04-01T00:00:00Z"));
  const std::string json = write_findings_json({}, infer(b));
  for (const char* part : {"\"patched_at\": \"2021-03-04T02:11:09.0000000Z\"", "\"patched_at_family\": \"proxylogon\"",
                           "\"installed_builds\": [", "\"name\": \"Exchange Server 2016 CU19 Mar21SU\"",
                           "\"kb\": \"KB5000871\"", "\"first_seen_filetime\": ", "\"open_families\": [",
                           "\"build_anomalies\": [", "\"fn_creation\": \"2021-04-01T00:00:00.0000000Z\""})
    EXPECT_NE(json.find(part), std::string::npos) << part;
}

TEST(PatchTime, BuildNumbers) {
  EXPECT_TRUE(looks_like_build_number("15.1.2176.9"));
  EXPECT_FALSE(looks_like_build_number("15.1.2176"));
  EXPECT_FALSE(looks_like_build_number("current"));
  EXPECT_FALSE(looks_like_build_number("15..1.2"));
}

}  // namespace
}  // namespace shellcarve
