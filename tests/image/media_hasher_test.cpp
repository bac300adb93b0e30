// The hashing engine behind `verify`: digests equal coreutils' md5sum/sha1sum/sha256sum for
// every thread and block layout, damage is collected, a read error stops the pass.
#include "image/media_hasher.h"
#include "common/digest.h"

#include <gtest/gtest.h>

#include "support/memory_image.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {

// The three digests of `bytes` as coreutils computes them.
struct Expected {
  std::string md5, sha1, sha256;
};

Expected digests_from_tools(const std::vector<std::byte>& bytes) {
  test::TempDir dir;
  test::write_bytes(dir / "data", bytes);
  auto first_word = [&](const char* tool) {
    const auto result = test::run_command(std::string(tool) + " " + test::shell_quote((dir / "data").string()));
    return result.out.substr(0, result.out.find(' '));
  };
  return {first_word("md5sum"), first_word("sha1sum"), first_word("sha256sum")};
}

TEST(MediaHasher, HexIsLowercase) {
  EXPECT_EQ(to_hex(std::vector<unsigned char>{0x00, 0xab, 0xff}), "00abff");
}

TEST(MediaHasher, MatchesCoreutilsForEveryLayout) {
  const auto bytes = test::pseudo_random_bytes(3 * 1024 * 1024 + 5, 99);
  const Expected expected = digests_from_tools(bytes);
  ASSERT_EQ(expected.md5.size(), 32u);
  for (unsigned threads : {1u, 2u, 3u}) {
    for (size_t block : {size_t{4096}, size_t{1000003}, size_t{8u << 20}}) {
      test::MemoryImage image(bytes);
      HashOptions options;
      options.hasher_threads = threads;
      options.block_size = block;
      options.buffers = 3;
      uint64_t last_progress = 0;
      options.progress = [&](uint64_t done, uint64_t total) {
        EXPECT_GT(done, last_progress);
        EXPECT_EQ(total, bytes.size());
        last_progress = done;
      };
      auto hashes = hash_media(image, options);
      ASSERT_TRUE(hashes) << hashes.error().message;
      EXPECT_EQ(hashes->md5, expected.md5) << threads << " threads, block " << block;
      EXPECT_EQ(hashes->sha1, expected.sha1);
      EXPECT_EQ(hashes->sha256, expected.sha256);
      EXPECT_EQ(hashes->bytes_read, bytes.size());
      EXPECT_EQ(last_progress, bytes.size());
      EXPECT_TRUE(hashes->damage.empty());
    }
  }
}

TEST(MediaHasher, CollectsDamageAndGoesOn) {
  auto bytes = test::pseudo_random_bytes(1 << 20, 5);
  test::MemoryImage image(bytes);
  image.damage(65536, 32768);
  HashOptions options;
  options.block_size = 100000;
  auto hashes = hash_media(image, options);
  ASSERT_TRUE(hashes) << hashes.error().message;
  ASSERT_EQ(hashes->damage.size(), 1u);
  EXPECT_EQ(hashes->damage[0].offset, 65536u);
  EXPECT_EQ(hashes->bytes_read, bytes.size());
  // The digest is of the media as read: the damaged region zero-filled.
  std::fill_n(bytes.begin() + 65536, 32768, std::byte{0});
  EXPECT_EQ(hashes->md5, digests_from_tools(bytes).md5);
}

TEST(MediaHasher, ReadErrorStopsWithWhere) {
  test::MemoryImage image(test::pseudo_random_bytes(1 << 20, 5));
  image.fail_reads_at(700000);
  HashOptions options;
  options.block_size = 65536;
  auto hashes = hash_media(image, options);
  ASSERT_FALSE(hashes);
  EXPECT_EQ(hashes.error().code, ErrorCode::kIo);
  EXPECT_NE(hashes.error().message.find("700000"), std::string::npos) << hashes.error().message;
}

}  // namespace
}  // namespace shellcarve
