// snapshot_diff on a real volume with a timestomp made by hand: plaso's vsstest live volume
// read through an overlay that sets /syslog.gz's $SI creation back to 2009 in the live
// $MFT record. Store 2 keeps its own copy of that $MFT block (copied when password.txt was
// written after the snapshot), so the snapshot still holds the true time: the difference is
// a timestomp undone by comparison, with both versions' times.
#include <gtest/gtest.h>

#include <map>

#include "case/snapshot_diff.h"
#include "case/volume_analysis.h"
#include "image/vss/vss.h"
#include "support/overlay_image.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

TEST(SnapshotDiff, LiveTimesSetBeforeTheSnapshotsAreATimestompUndone) {
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  const auto path = unpack_corpus_image("images/plaso/vsstest.raw.gz");
  ASSERT_TRUE(path);
  auto base = open_image(path->string());
  ASSERT_TRUE(base) << base.error().message;
  OverlayImage image(**base);

  // syslog.gz is MFT entry 35 on the live volume: its $SI creation moved to 2009-01-01.
  constexpr uint64_t k2009 = 128752416000000000ull;
  {
    auto volume = ntfs::NtfsVolume::open(image, 0);
    ASSERT_TRUE(volume) << volume.error().message;
    auto file = volume->read_file(35);
    ASSERT_TRUE(file && file->standard_information);
    image.put_u64(file->standard_information->image_offset, k2009);
  }
  auto live_volume = ntfs::NtfsVolume::open(image, 0);
  ASSERT_TRUE(live_volume);
  Partition partition;
  partition.length_sectors = image.size() / 512;
  PartitionVolume live{partition, std::make_unique<ntfs::NtfsVolume>(std::move(*live_volume))};
  const VssCatalog catalog = VssCatalog::read(image, 0, image.size(), "vsstest");
  auto view = catalog.open_store(2);
  ASSERT_TRUE(view) << view.error().message;
  auto store_volume = ntfs::NtfsVolume::open(**view, 0);
  ASSERT_TRUE(store_volume);
  StoreVolume store{partition, *catalog.store(2), std::move(*view),
                    std::make_unique<ntfs::NtfsVolume>(std::move(*store_volume))};

  const AnalysisOptions options{.carve = false, .name_partition_in_warnings = false, .stores = {}};
  auto now = analyze_volume(live, {"all"}, options);
  ASSERT_TRUE(now) << now.error().message;
  auto then = analyze_store(store, {"all"}, options);
  ASSERT_TRUE(then) << then.error().message;
  LiveVersions cache;
  const auto differences = diff_snapshot(*now, *then, cache);

  const SnapshotDifference* undone = nullptr;
  for (const auto& d : differences)
    if (d.path == "/syslog.gz" && d.change == SnapshotChange::kTimestompUndone) undone = &d;
  ASSERT_NE(undone, nullptr);
  ASSERT_TRUE(undone->snapshot && undone->live);
  EXPECT_EQ(undone->live->si.creation, k2009);
  EXPECT_GT(undone->snapshot->si.creation, k2009);
  EXPECT_EQ(undone->snapshot->sha256, undone->live->sha256);  // same content: only the time moved
  EXPECT_EQ(undone->store, 2u);
  EXPECT_NE(undone->detail.find("$SI creation"), std::string::npos) << undone->detail;
  // password.txt was written after store 2 was taken.
  bool added = false;
  for (const auto& d : differences) added |= d.path == "/password.txt" && d.change == SnapshotChange::kAddedSinceSnapshot;
  EXPECT_TRUE(added);
  // The live versions were read once: a second store compared would reuse them.
  EXPECT_FALSE(cache.empty());
  const auto events = snapshot_difference_events(differences);
  ASSERT_EQ(events.size(), differences.size());
  for (const auto& e : events) {
    EXPECT_EQ(e.store, 2u);
    EXPECT_EQ(e.source.view(), "VSS_DIFF");
  }
}

}  // namespace
}  // namespace shellcarve::test
