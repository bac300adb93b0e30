// Verdicts of the Exchange integrity check: classification against the tiny table of
// tests/data/exchange-baselines-small.csv (each verdict, versioned folders, builds the lists
// do not cover), and the pass over test-images/ntfs-basic.raw with the shipped table (its
// time printed, not asserted).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "detect/exchange_integrity.h"
#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/mft_scan.h"
#include "common/digest.h"

namespace shellcarve::detect {
namespace {

ExchangeBaselines small_table() {
  auto table = ExchangeBaselines::load(std::filesystem::path(SHELLCARVE_SOURCE_DIR) /
                                       "tests/data/exchange-baselines-small.bin");
  EXPECT_TRUE(table) << table.error().message;
  return std::move(*table);
}

Sha256Digest digest_of(const std::string& text) { return *parse_sha256_hex(sha256_hex(text)); }

class ExchangeClassify : public ::testing::Test {
 protected:
  Classification classify(std::string_view relative, const std::string& content,
                          const std::vector<std::string>& installed) {
    return classify_exchange_file(table_, relative, digest_of(content), resolve_installed_builds(table_, installed));
  }
  ExchangeBaselines table_ = small_table();
};

TEST_F(ExchangeClassify, EachVerdict) {
  const std::string logon = "FrontEnd/HttpProxy/owa/auth/logon.aspx";
  auto known = classify(logon, "logon 15.1.2176", {"15.1.2176.9"});
  EXPECT_EQ(known.verdict, IntegrityVerdict::kKnown);
  EXPECT_EQ(known.matching_builds, (std::vector<std::string>{"15.1.2176.2", "15.1.2176.9"}));
  EXPECT_EQ(known.baseline_path, "\\FrontEnd\\HttpProxy\\owa\\auth\\logon.aspx");
  EXPECT_EQ(classify(logon, "logon 15.2.858", {"15.1.2176.9"}).verdict, IntegrityVerdict::kOtherBuild);
  auto some = classify(logon, "logon 15.2.858", {});
  EXPECT_EQ(some.verdict, IntegrityVerdict::kKnownSomeBuild);
  EXPECT_FALSE(some.notes.empty());
  EXPECT_EQ(classify(logon, "<%@ Page %> planted", {"15.1.2176.9"}).verdict, IntegrityVerdict::kModified);
  EXPECT_EQ(classify("FrontEnd/HttpProxy/owa/auth/errorEE.aspx", "logon 15.1.2176", {"15.1.2176.9"}).verdict,
            IntegrityVerdict::kUnknown);
  // Case does not matter, as on Windows; backslashes work as well as slashes.
  EXPECT_EQ(classify("frontend\\HTTPPROXY\\OWA\\Auth\\LOGON.ASPX", "logon 15.1.2176", {"15.01.2176.0009"}).verdict,
            IntegrityVerdict::kKnown);
}

TEST_F(ExchangeClassify, VersionedFoldersAreTheListsVersion) {
  EXPECT_EQ(baseline_path_for("FrontEnd/HttpProxy/owa/auth/15.1.2176.9/scripts/premium/flogon.js").path,
            "\\FrontEnd\\HttpProxy\\owa\\auth\\version\\scripts\\premium\\flogon.js");
  EXPECT_EQ(baseline_path_for("ClientAccess/ecp/15.02.0858.005/x.js").folder_build, "15.2.858.5");
  // A numbered file, or a folder of three numbers (ecp\fonts\5.27.1), is not a build.
  EXPECT_EQ(baseline_path_for("ClientAccess/ecp/fonts/5.27.1/a.css").path, "\\ClientAccess\\ecp\\fonts\\5.27.1\\a.css");
  EXPECT_FALSE(baseline_path_for("ClientAccess/1.2.3.4").folder_build);

  const std::string flogon = "FrontEnd/HttpProxy/owa/auth/15.1.2176.9/scripts/premium/flogon.js";
  auto same = classify(flogon, "flogon 15.1.2176.9", {"15.1.2176.9"});
  EXPECT_EQ(same.verdict, IntegrityVerdict::kKnown);
  EXPECT_EQ(same.folder_build, "15.1.2176.9");
  EXPECT_TRUE(same.notes.empty());
  // The content of another build's flogon.js in this build's folder: said in a note.
  auto other = classify(flogon, "flogon 15.2.858.5", {"15.1.2176.9"});
  EXPECT_EQ(other.verdict, IntegrityVerdict::kOtherBuild);
  ASSERT_EQ(other.notes.size(), 1u);
  EXPECT_NE(other.notes[0].find("folder of build 15.1.2176.9"), std::string::npos) << other.notes[0];
  // An older build's folder left beside the installed one holds that build's file.
  EXPECT_EQ(classify("FrontEnd/HttpProxy/owa/auth/15.1.2176.2/scripts/premium/flogon.js", "flogon 15.1.2176.2",
                     {"15.1.2176.9"}).verdict,
            IntegrityVerdict::kOtherBuild);
}

TEST_F(ExchangeClassify, InstalledBuildsTheListsDoNotCoverAreSaid) {
  const auto installed = resolve_installed_builds(table_, {"15.2.986.5", "15.1.2176.9", "15.01.2176.9", "junk"});
  EXPECT_EQ(installed.indices, std::vector<uint16_t>{1});
  EXPECT_EQ(installed.uncovered, (std::vector<std::string>{"15.2.986.5", "junk"}));
  auto modified = classify("FrontEnd/HttpProxy/owa/auth/logon.aspx", "newer logon", {"15.2.986.5"});
  EXPECT_EQ(modified.verdict, IntegrityVerdict::kModified);
  ASSERT_EQ(modified.notes.size(), 1u);
  EXPECT_NE(modified.notes[0].find("15.2.986.5"), std::string::npos);
}

TEST(ExchangeInstallPath, SplitsAtV15AndKeepsOnlyTheListedFolders) {
  auto split = split_exchange_install_path("/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/a.aspx");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->install_folder, "/Program Files/Microsoft/Exchange Server/V15");
  EXPECT_EQ(split->relative, "FrontEnd/HttpProxy/owa/a.aspx");
  auto other_drive = split_exchange_install_path("/Exchange/exchange server/v15/clientaccess/ecp/x.aspx");
  ASSERT_TRUE(other_drive);
  EXPECT_EQ(other_drive->install_folder, "/Exchange/exchange server/v15");
  EXPECT_FALSE(split_exchange_install_path("/Program Files/Microsoft/Exchange Server/V15/Bin/x.config"));
  EXPECT_FALSE(split_exchange_install_path("/Program Files/Microsoft/Exchange Server/V14/ClientAccess/owa/x.aspx"));
  EXPECT_FALSE(split_exchange_install_path("/inetpub/wwwroot/x.aspx"));
}

struct OpenedVolume {
  std::unique_ptr<Image> image;
  std::optional<ntfs::NtfsVolume> volume;
  ntfs::FileCatalog catalog;
  ntfs::DirectoryTree tree;
};

OpenedVolume open_ntfs_basic() {
  OpenedVolume out;
  const auto path = test::committed_image("ntfs-basic.raw");
  EXPECT_FALSE(path.empty());
  auto image = open_image(path.string());
  EXPECT_TRUE(image);
  out.image = std::move(*image);
  auto volume = ntfs::NtfsVolume::open(*out.image, 0);
  EXPECT_TRUE(volume);
  out.volume.emplace(std::move(*volume));
  auto catalog = ntfs::scan_mft(*out.volume);
  EXPECT_TRUE(catalog);
  out.catalog = std::move(*catalog);
  out.tree = ntfs::build_directory_tree(out.catalog);
  return out;
}

TEST(ExchangeIntegrity, NtfsBasicWithTheShippedTable) {
  const auto file = find_exchange_baselines_file();
  ASSERT_TRUE(file) << file.error().message;
  auto table = ExchangeBaselines::load(*file);
  ASSERT_TRUE(table) << table.error().message;
  const OpenedVolume v = open_ntfs_basic();
  ASSERT_TRUE(v.volume);

  const auto start = std::chrono::steady_clock::now();
  auto report = check_exchange_integrity(*v.volume, v.catalog, v.tree, *table, {"15.1.2176.9"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(report) << report.error().message;
  std::cout << "[ measured ] integrity pass over ntfs-basic.raw: " << seconds << " s, " << report->rows.size()
            << " files\n";

  EXPECT_EQ(report->install_folders, std::vector<std::string>{"/Program Files/Microsoft/Exchange Server/V15"});
  EXPECT_EQ(report->installed_covered, std::vector<std::string>{"15.1.2176.9"});
  EXPECT_TRUE(report->warnings.empty());
  // test-images/README.md: entry 82 logon.aspx (benign, ours, 345 bytes), 92 OutlookEN.aspx
  // (a hard link of the one-liner), 93 errorEE.aspx (one-liner).
  const std::string owa = "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/";
  ASSERT_EQ(report->rows.size(), 3u);
  const auto& logon = report->rows[2];
  EXPECT_EQ(logon.path, owa + "logon.aspx");
  EXPECT_EQ(logon.mft_entry, 82u);
  EXPECT_EQ(logon.mft_sequence, 1u);
  EXPECT_EQ(logon.size, 345u);
  EXPECT_NE(logon.image_offset, 0u);
  EXPECT_EQ(logon.verdict, IntegrityVerdict::kModified);  // a path Microsoft ships, content it never did
  EXPECT_EQ(logon.baseline_path, "\\FrontEnd\\HttpProxy\\owa\\auth\\logon.aspx");
  EXPECT_EQ(report->rows[0].path, owa + "OutlookEN.aspx");
  EXPECT_EQ(report->rows[0].mft_entry, 92u);
  EXPECT_EQ(report->rows[0].verdict, IntegrityVerdict::kUnknown);
  EXPECT_EQ(report->rows[0].sha256, sha256_hex("<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"shellcarve_test\"],\"unsafe\");%>"));
  EXPECT_EQ(report->rows[1].path, owa + "errorEE.aspx");
  EXPECT_EQ(report->rows[1].verdict, IntegrityVerdict::kUnknown);
  EXPECT_EQ(report->count(IntegrityVerdict::kUnknown), 2u);
  EXPECT_EQ(report->count(IntegrityVerdict::kModified), 1u);
  EXPECT_EQ(report->bytes_hashed, 345u + 80u + 80u);

  // The JSON section: every verdict counted, rows in order, same bytes on a second run.
  JsonWriter json;
  write_integrity_json(json, *report);
  auto again = check_exchange_integrity(*v.volume, v.catalog, v.tree, *table, {"15.1.2176.9"});
  ASSERT_TRUE(again);
  JsonWriter json_again;
  write_integrity_json(json_again, *again);
  EXPECT_EQ(json.str(), json_again.str());
  for (const char* part : {"\"known\": 0", "\"other-build\": 0", "\"known-some-build\": 0", "\"modified\": 1",
                           "\"unknown\": 2", "\"unreadable\": 0", "\"installed_builds_in_baseline\": [\n    \"15.1.2176.9\"",
                           "\"verdict\": \"modified\"", "\"mft_entry\": 82"})
    EXPECT_NE(json.str().find(part), std::string::npos) << part << "\n" << json.str();
}

TEST(ExchangeIntegrity, WithoutInstalledBuildsItSaysSo) {
  const OpenedVolume v = open_ntfs_basic();
  ASSERT_TRUE(v.volume);
  EXPECT_EQ(find_exchange_install_folders(v.tree),
            std::vector<std::string>{"/Program Files/Microsoft/Exchange Server/V15"});
  const ExchangeBaselines table = small_table();
  auto report = check_exchange_integrity(*v.volume, v.catalog, v.tree, table, {});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_NE(report->warnings[0].find("not given"), std::string::npos);
  EXPECT_EQ(report->rows.size(), 3u);
}

}  // namespace
}  // namespace shellcarve::detect
