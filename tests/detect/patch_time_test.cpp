// Patch-time inference from Exchange owa/auth/<build> folders, on a hand-built catalog.
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "detect/patch_time.h"

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

TEST(PatchTime, NewestBuildFolderDatesTheUpdate) {
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
  b.add(18, 17, "15.1.2106.2", true, t0);
  b.add(19, 17, "15.1.2176.9", true, at("2021-03-03T21:14:05.1234567Z"));
  b.add(20, 13, "Bin", true, t0);
  b.add(21, 20, "Microsoft.Exchange.Clients.Owa2.Server.dll", false, at("2021-03-03T21:20:00Z"));
  const auto tree = ntfs::build_directory_tree(b.catalog_);
  const auto patch = infer_patch_time(b.catalog_, tree);
  ASSERT_TRUE(patch.filetime);
  EXPECT_EQ(filetime_to_iso8601(*patch.filetime), "2021-03-03T21:14:05.1234567Z");
  EXPECT_EQ(patch.source, "exchange owa/auth build folder");
  EXPECT_NE(patch.evidence.back().find("1 files under V15/Bin"), std::string::npos) << patch.evidence.back();
}

TEST(PatchTime, NoExchangeMeansUnknown) {
  CatalogBuilder b;
  b.add(10, 5, "inetpub", true, at("2020-06-01T10:00:00Z"));
  const auto tree = ntfs::build_directory_tree(b.catalog_);
  const auto patch = infer_patch_time(b.catalog_, tree);
  EXPECT_FALSE(patch.filetime);
  EXPECT_EQ(patch.source, "unknown");
}

TEST(PatchTime, BuildNumbers) {
  EXPECT_TRUE(looks_like_build_number("15.1.2176.9"));
  EXPECT_FALSE(looks_like_build_number("15.1.2176"));
  EXPECT_FALSE(looks_like_build_number("current"));
  EXPECT_FALSE(looks_like_build_number("15..1.2"));
}

}  // namespace
}  // namespace shellcarve
