// `ls` formats its rows on every core in blocks (format_listing_in_parallel); the text must
// be the one the sequential listing gives, byte for byte, wherever the blocks are cut: on
// every orphan boundary, with --deleted, and with the virtual $OrphanFiles row placed once.
#include <gtest/gtest.h>

#include "image/image.h"
#include "ntfs/committed_images.h"
#include "ntfs/directory_tree.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "timeline/listing.h"

namespace shellcarve::test {
namespace {

class ParallelListing : public ::testing::TestWithParam<const char*> {};

TEST_P(ParallelListing, SameTextForEveryBlockSize) {
  const auto path = committed_image(GetParam());
  ASSERT_FALSE(path.empty()) << GetParam() << " not committed";
  auto image = open_image(path.string());
  ASSERT_TRUE(image.has_value()) << image.error().message;
  auto volume = ntfs::NtfsVolume::open(**image, 0);
  ASSERT_TRUE(volume.has_value()) << volume.error().message;
  auto catalog = ntfs::scan_mft(*volume);
  ASSERT_TRUE(catalog.has_value());
  const auto tree = ntfs::build_directory_tree(*catalog);
  ASSERT_GT(tree.names.size(), 20u);

  for (const bool deleted_only : {false, true}) {
    ListingOptions options;
    options.deleted_only = deleted_only;
    std::string sequential;
    for_each_listing_row(*catalog, tree, options,
                         [&](const ListingRow& row) { append_bodyfile_line(sequential, row); });
    for (const size_t block : {size_t{1}, size_t{2}, size_t{7}, size_t{64}, size_t{100000}}) {
      std::string parallel;
      size_t pieces = 0;
      format_listing_in_parallel(
          *catalog, tree, options,
          [](std::string& out, const ListingRow& row) { append_bodyfile_line(out, row); },
          [&](const std::string& text) {
            parallel += text;
            ++pieces;
          },
          block);
      EXPECT_EQ(parallel, sequential) << GetParam() << " block " << block
                                      << (deleted_only ? " --deleted" : "");
      EXPECT_EQ(pieces, (tree.names.size() + block - 1) / block);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CommittedImages, ParallelListing,
                         ::testing::Values("ntfs-basic.raw", "carve-records.raw", "carve.raw"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace shellcarve::test
