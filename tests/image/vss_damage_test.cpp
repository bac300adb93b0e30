// Damaged VSS metadata is named and skipped, never fatal and never a hang: plaso's
// vsstest volume (two stores) read through an overlay that changes one field at a time --
// a catalog whose next block is itself, a store block list that loops (libvshadow 20190323
// alone never returns from it), a block descriptor pointing past the volume, a catalog
// offset outside the volume. The offsets are those of vsstest.raw (its catalog at
// 0x6e30000, store 1's block list at 0x31564000, store 2's at 0x6e44000); and a boot sector
// whose cluster size is zero, which libvshadow divides by.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "image/image.h"
#include "image/vss/vss.h"
#include "support/overlay_image.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

constexpr uint64_t kVolumeHeader = 0x1e00;
constexpr uint64_t kCatalog = 0x6e30000;
constexpr uint64_t kStore1BlockList = 0x31564000;
constexpr uint64_t kStore2BlockList = 0x6e44000;
constexpr uint64_t kNextOffset = 40;
constexpr uint64_t kFirstDescriptor = 128;

class VssDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
    const auto path = unpack_corpus_image("images/plaso/vsstest.raw.gz");
    ASSERT_TRUE(path);
    auto image = open_image(path->string());
    ASSERT_TRUE(image) << image.error().message;
    base_ = std::move(*image);
    overlay_ = std::make_unique<OverlayImage>(*base_);
  }
  VssCatalog read() { return VssCatalog::read(*overlay_, 0, overlay_->size(), "vsstest"); }
  std::string warnings(const VssCatalog& catalog) {
    std::string all;
    for (const auto& warning : catalog.warnings()) all += warning + "\n";
    return all;
  }

  std::unique_ptr<Image> base_;
  std::unique_ptr<OverlayImage> overlay_;
};

TEST_F(VssDamage, UndamagedVolumeHasTwoReadableStores) {
  const VssCatalog catalog = read();
  ASSERT_EQ(catalog.stores().size(), 2u);
  EXPECT_TRUE(catalog.stores()[0].readable());
  EXPECT_TRUE(catalog.stores()[1].readable());
  EXPECT_TRUE(catalog.warnings().empty()) << warnings(catalog);
}

TEST_F(VssDamage, CatalogLoopIsNamedAndNoStoreRead) {
  overlay_->put_u64(kCatalog + kNextOffset, kCatalog);
  const VssCatalog catalog = read();
  EXPECT_TRUE(catalog.present());
  EXPECT_TRUE(catalog.stores().empty());
  EXPECT_NE(warnings(catalog).find("catalog loops back to the block at offset"), std::string::npos) << warnings(catalog);
}

TEST_F(VssDamage, ZeroSectorsPerClusterIsNamedNotADivisionByZero) {
  // Sectors per cluster (+13) zero: libvshadow alone divides by it (SIGFPE, found by fuzz_vss).
  overlay_->put_u8(13, 0);
  const VssCatalog catalog = read();
  EXPECT_TRUE(catalog.stores().empty());
  EXPECT_NE(warnings(catalog).find("sectors per cluster (libvshadow would divide by zero)"), std::string::npos)
      << warnings(catalog);
}

TEST_F(VssDamage, CatalogOutsideTheVolumeIsNamed) {
  overlay_->put_u64(kVolumeHeader + 48, 0x7fff00000000);
  const VssCatalog catalog = read();
  EXPECT_TRUE(catalog.stores().empty());
  EXPECT_NE(warnings(catalog).find("lies outside the volume"), std::string::npos) << warnings(catalog);
}

TEST_F(VssDamage, OlderStoreBlockListLoopSkipsOnlyThatStore) {
  overlay_->put_u64(kStore1BlockList + kNextOffset, kStore1BlockList);
  const VssCatalog catalog = read();
  ASSERT_EQ(catalog.stores().size(), 2u);
  EXPECT_FALSE(catalog.stores()[0].readable());
  EXPECT_NE(warnings(catalog).find("VSS store 1 skipped: its metadata is damaged: its block list loops back"),
            std::string::npos)
      << warnings(catalog);
  // The newer store does not read through the older one.
  EXPECT_TRUE(catalog.stores()[1].readable());
  auto store = catalog.open_store(2);
  ASSERT_TRUE(store) << store.error().message;
  std::vector<std::byte> sector(512);
  EXPECT_TRUE((*store)->read(0, sector));
  EXPECT_FALSE(catalog.open_store(1));
}

TEST_F(VssDamage, NewerStoreLoopSkipsTheOlderStoresReadThroughIt) {
  overlay_->put_u64(kStore2BlockList + kNextOffset, kStore2BlockList);
  const VssCatalog catalog = read();
  ASSERT_EQ(catalog.stores().size(), 2u);
  EXPECT_FALSE(catalog.stores()[0].readable());
  EXPECT_FALSE(catalog.stores()[1].readable());
  EXPECT_NE(warnings(catalog).find("VSS store 1 skipped: it is read through store 2, whose metadata is damaged"),
            std::string::npos)
      << warnings(catalog);
}

TEST_F(VssDamage, BlockDescriptorPastTheVolumeSkipsTheStore) {
  // The first descriptor's data offset (+16 in the descriptor) far past the 1 GiB volume.
  overlay_->put_u64(kStore1BlockList + kFirstDescriptor + 16, 0x7fff00000000);
  const VssCatalog catalog = read();
  ASSERT_EQ(catalog.stores().size(), 2u);
  EXPECT_FALSE(catalog.stores()[0].readable());
  EXPECT_NE(warnings(catalog).find("block descriptors point outside the volume"), std::string::npos)
      << warnings(catalog);
  EXPECT_TRUE(catalog.stores()[1].readable());
}

}  // namespace
}  // namespace shellcarve::test
