// $UsnJrnl events in the timeline, on a real Windows 10 volume of the shared corpus
// (msuhanov ntfs.raw: 188 v2 records, see corpus/SOURCES.md).
#include <gtest/gtest.h>

#include <algorithm>

#include "image/image.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"
#include "timeline/event_builder.h"
#include "timeline/usn_events.h"

namespace shellcarve::test {
namespace {

TEST(UsnTimeline, RealJournalRecordsBecomeEventsWithPaths) {
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  const auto path = unpack_corpus_image("images/ntfs_samples/ntfs.tgz", "ntfs.raw");
  if (!path) GTEST_SKIP() << "cannot unpack ntfs.tgz";
  auto image = open_image(path->string());
  ASSERT_TRUE(image);
  auto volume = ntfs::NtfsVolume::open(**image, 2048 * 512);
  ASSERT_TRUE(volume) << volume.error().message;
  auto catalog = ntfs::scan_mft(*volume);
  ASSERT_TRUE(catalog);
  const auto tree = ntfs::build_directory_tree(*catalog);
  WebRootSelection all;
  all.mode = WebRootMode::kAll;
  const auto usn = build_usn_events(*volume, *catalog, tree, all);
  ASSERT_TRUE(usn.journal_present);
  EXPECT_EQ(usn.records, 188u);
  EXPECT_EQ(usn.events.size(), 188u);
  // file_hidden.txt got its name by a rename: the records before it carry the old name,
  // the rename's new-name record the new one, each with the path it had then.
  const auto renamed = std::find_if(usn.events.begin(), usn.events.end(), [](const TimelineEvent& e) {
    return e.path == "/test_dir/file_hidden.txt" && e.timestamp_desc == "USN RENAME_NEW_NAME";
  });
  ASSERT_NE(renamed, usn.events.end());
  const bool old_name = std::any_of(usn.events.begin(), usn.events.end(), [&](const TimelineEvent& e) {
    return e.mft_entry == renamed->mft_entry && e.timestamp_desc == "USN RENAME_OLD_NAME" &&
           e.path != renamed->path && e.path.starts_with("/test_dir/");
  });
  EXPECT_TRUE(old_name);
  for (const auto& event : usn.events) EXPECT_EQ(event.path.find("$Unknown"), std::string::npos) << event.path;
  // The journal's events join the MFT's in one sorted timeline.
  const auto timeline = build_web_timeline(*catalog, tree, all, &usn);
  EXPECT_GT(timeline.events.size(), usn.events.size());
  EXPECT_TRUE(std::is_sorted(timeline.events.begin(), timeline.events.end(),
                             [](const auto& a, const auto& b) { return a.filetime < b.filetime; }));
}

TEST(UsnTimeline, VolumeWithoutJournalIsNotAnError) {
  // ntfs-3g writes no $UsnJrnl (test-images/README.md).
  const auto raw = std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "test-images" / "ntfs-basic.E01";
  auto image = open_image(raw.string());
  ASSERT_TRUE(image);
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  ASSERT_TRUE(volume);
  auto catalog = ntfs::scan_mft(*volume);
  ASSERT_TRUE(catalog);
  const auto tree = ntfs::build_directory_tree(*catalog);
  const auto usn = build_usn_events(*volume, *catalog, tree, WebRootSelection{});
  EXPECT_FALSE(usn.journal_present);
  EXPECT_TRUE(usn.warnings.empty());
}

}  // namespace
}  // namespace shellcarve::test
