// The $MFT's own data runs are untrusted too: a crafted run of 2^52 clusters of 4 KiB is
// 2^64 bytes, which wrapped to 0 in NtfsVolume::read_mft, so a read of MFT entry 0 took 0
// bytes a turn and looped forever (a hang, not an error). Counted in clusters, the read
// goes through. The image is test-images/ntfs-basic.raw with entry 0's $DATA mapping pairs
// replaced by one run "17 00000000000010 04": 7 length bytes (2^52), 1 offset byte (LCN 4,
// where the $MFT starts); it fits in the 24 bytes the attribute gives its mapping pairs and
// lies in the record's first sector, away from the update sequence's sector ends.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "ntfs/committed_images.h"
#include "ntfs/ntfs_volume.h"
#include "support/memory_image.h"

namespace shellcarve::test {
namespace {

constexpr uint64_t kMftOffset = 16384;    // LCN 4 of 4 KiB clusters (ntfs-basic facts)
constexpr size_t kMappingPairs = 256 + 64;  // $DATA at 256 in entry 0, its pairs at +64

TEST(MftRuns, ARunWhoseByteLengthWrapsIsReadNotLoopedOn) {
  const auto path = committed_image("ntfs-basic.raw");
  ASSERT_FALSE(path.empty());
  std::ifstream in(path, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(raw.size());
  std::memcpy(bytes.data(), raw.data(), raw.size());
  ASSERT_GT(bytes.size(), kMftOffset + 1024);
  // The committed layout this relies on: the first pair is "11 23 04" (0x23 clusters at 4).
  ASSERT_EQ(bytes[kMftOffset + kMappingPairs], std::byte{0x11});
  const unsigned char pairs[] = {0x17, 0, 0, 0, 0, 0, 0, 0x10, 0x04, 0x00};
  std::memcpy(bytes.data() + kMftOffset + kMappingPairs, pairs, sizeof pairs);

  MemoryImage image(std::move(bytes));
  auto volume = ntfs::NtfsVolume::open(image, 0);
  ASSERT_TRUE(volume) << volume.error().message;
  auto root = volume->read_record(5);
  ASSERT_TRUE(root) << root.error().message;
  EXPECT_TRUE(root->in_use());
  auto mft = volume->read_record(0);
  ASSERT_TRUE(mft) << mft.error().message;
}

}  // namespace
}  // namespace shellcarve::test
