// VMDK and VHD through libtsk: a fixed VHD (raw media + the 512-byte "conectix" footer) and
// a monolithicFlat VMDK (text descriptor + flat extent) built byte by byte at test time read
// back as the media they wrap, and describe it (partitions through our volume layer).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "image/image.h"
#include "support/test_support.h"
#include "volume/partition.h"

namespace shellcarve {
namespace {
namespace fs = std::filesystem;

void put_be(std::vector<std::byte>& out, size_t offset, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i)
    out[offset + i] = static_cast<std::byte>((value >> (8 * (width - 1 - i))) & 0xFF);
}

// The Hard Disk Footer of a fixed VHD (Microsoft VHD specification): big-endian fields,
// checksum = one's complement of the byte sum of the footer without the checksum field.
std::vector<std::byte> vhd_footer(uint64_t size) {
  std::vector<std::byte> footer(512);
  const std::string cookie = "conectix";
  for (size_t i = 0; i < cookie.size(); ++i) footer[i] = static_cast<std::byte>(cookie[i]);
  put_be(footer, 8, 2, 4);                       // features: reserved bit set
  put_be(footer, 12, 0x00010000, 4);             // format version 1.0
  put_be(footer, 16, 0xFFFFFFFFFFFFFFFFull, 8);  // data offset: none for a fixed disk
  put_be(footer, 28, 0x74737420, 4);             // creator application "tst "
  put_be(footer, 36, 0x5769326B, 4);             // creator host OS "Wi2k"
  put_be(footer, 40, size, 8);                   // original size
  put_be(footer, 48, size, 8);                   // current size
  put_be(footer, 56, (20u << 16) | (16u << 8) | 63u, 4);  // geometry C/H/S
  put_be(footer, 60, 2, 4);                      // disk type: fixed
  uint32_t sum = 0;
  for (const std::byte b : footer) sum += std::to_integer<uint32_t>(b);
  put_be(footer, 64, ~sum, 4);
  return footer;
}

std::vector<std::byte> media_bytes() {
  if (const auto gpt = test::test_image("gpt-ntfs.raw.gz")) {
    std::ifstream in(*gpt, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
  }
  return test::pseudo_random_bytes(1 << 20, 3);
}

void expect_same_media(const fs::path& path, const std::string& format, const std::vector<std::byte>& media) {
  auto image = open_image(path.string());
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ((*image)->format(), format);
  ASSERT_EQ((*image)->size(), media.size());
  std::vector<std::byte> all(media.size());
  ASSERT_TRUE((*image)->read(0, all));
  EXPECT_TRUE(all == media);
  std::vector<std::byte> past(8);
  EXPECT_FALSE((*image)->read(media.size() - 4, past));
  if (media.size() == 10u * 1024 * 1024) {  // gpt-ntfs.raw: one "Basic data" partition at 2048
    auto table = read_partition_table(**image);
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table->scheme, "gpt");
    ASSERT_EQ(table->partitions.size(), 1u);
    EXPECT_EQ(table->partitions[0].start_sector, 2048u);
  }
}

TEST(TskImage, FixedVhd) {
  test::TempDir dir;
  auto media = media_bytes();
  auto file = media;
  const auto footer = vhd_footer(media.size());
  file.insert(file.end(), footer.begin(), footer.end());
  test::write_bytes(dir / "disk.vhd", file);
  expect_same_media(dir / "disk.vhd", "vhd", media);
}

TEST(TskImage, MonolithicFlatVmdk) {
  test::TempDir dir;
  auto media = media_bytes();
  test::write_bytes(dir / "disk-flat.vmdk", media);
  const std::string descriptor =
      "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
      "createType=\"monolithicFlat\"\n\n# Extent description\nRW " +
      std::to_string(media.size() / 512) +
      " FLAT \"disk-flat.vmdk\" 0\n\n# The Disk Data Base\n#DDB\n\nddb.virtualHWVersion = \"4\"\n"
      "ddb.geometry.cylinders = \"20\"\nddb.geometry.heads = \"16\"\nddb.geometry.sectors = \"63\"\n"
      "ddb.adapterType = \"ide\"\n";
  std::vector<std::byte> text(descriptor.size());
  std::memcpy(text.data(), descriptor.data(), descriptor.size());
  test::write_bytes(dir / "disk.vmdk", text);
  expect_same_media(dir / "disk.vmdk", "vmdk", media);
}

TEST(TskImage, VmdkMagicWithGarbageIsAnErrorNamingTheFile) {
  test::TempDir dir;
  auto bytes = test::pseudo_random_bytes(4096, 1);
  bytes[0] = std::byte{'K'}; bytes[1] = std::byte{'D'}; bytes[2] = std::byte{'M'}; bytes[3] = std::byte{'V'};
  test::write_bytes(dir / "bad.vmdk", bytes);
  auto image = open_image((dir / "bad.vmdk").string());
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("looks like a vmdk image but libtsk cannot open it"), std::string::npos)
      << image.error().message;
}

}  // namespace
}  // namespace shellcarve
