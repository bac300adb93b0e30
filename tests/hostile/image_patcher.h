// image_patcher.h: makes corrupted copies of a committed bare NTFS image for the corruption
// suite. The image is loaded into memory, records of its $MFT (assumed to start with one
// run long enough for the records patched, as on our small committed volumes; checked by
// the "FILE" signature) are changed, and the result saved into a temporary directory. The
// committed files are never written.
//
// A record can be patched raw (bytes flipped where they lie, sector ends included, so the
// update sequence check fails) or through edit_record(), which undoes the fixups, lets
// the caller change any field and re-applies the update sequence, so the record stays
// valid apart from the change made.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ntfs/boot_sector.h"

namespace shellcarve::test {

class ImagePatcher {
 public:
  explicit ImagePatcher(const std::filesystem::path& image) {
    std::ifstream in(image, std::ios::binary);
    const std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes_.resize(chars.size());
    std::memcpy(bytes_.data(), chars.data(), chars.size());
    auto boot = ntfs::parse_boot_sector(std::span<const std::byte>(bytes_).first(std::min<size_t>(512, bytes_.size())));
    if (boot) boot_ = *boot;
  }

  bool ok() const { return boot_.has_value(); }
  std::vector<std::byte>& bytes() { return bytes_; }
  uint32_t record_size() const { return boot_->mft_record_size; }
  uint64_t record_offset(uint64_t entry) const { return boot_->mft_offset() + entry * record_size(); }
  uint64_t volume_clusters() const { return boot_->volume_size() / boot_->cluster_size(); }

  // The record's bytes as stored (fixups applied on disk).
  std::span<std::byte> raw_record(uint64_t entry) {
    return std::span(bytes_).subspan(record_offset(entry), record_size());
  }
  bool is_file_record(uint64_t entry) {
    return std::memcmp(raw_record(entry).data(), "FILE", 4) == 0;
  }

  // Undoes the record's fixups, calls `edit` on the record as NTFS sees it, then re-applies
  // the update sequence (the stored sector ends move back into the array).
  void edit_record(uint64_t entry, const std::function<void(std::span<std::byte>)>& edit) {
    auto record = raw_record(entry);
    const uint16_t usa = u16(record, 4), count = u16(record, 6);
    for (uint16_t i = 1; i < count; ++i) std::memcpy(&record[i * 512 - 2], &record[usa + 2 * i], 2);
    edit(record);
    for (uint16_t i = 1; i < count; ++i) {
      std::memcpy(&record[usa + 2 * i], &record[i * 512 - 2], 2);
      std::memcpy(&record[i * 512 - 2], &record[usa], 2);
    }
  }

  // edit_record() on the first attribute of `type` (0x30 $FILE_NAME, 0x80 $DATA ...):
  // `edit` gets the record and the attribute header's offset in it. Fails the test when
  // the record has no such attribute.
  void edit_attribute(uint64_t entry, uint32_t type,
                      const std::function<void(std::span<std::byte>, size_t)>& edit) {
    edit_record(entry, [&](std::span<std::byte> record) {
      const auto at = find_attribute(record, type);
      ASSERT_TRUE(at) << "MFT entry " << entry << " has no attribute " << type;
      edit(record, *at);
    });
  }
  // Offset of a resident attribute's content (header offset + its content offset field).
  static size_t content_offset(std::span<const std::byte> record, size_t attribute) {
    return attribute + u16(record, attribute + 0x14);
  }

  // Offset within `record` (fixups undone) of the first attribute of `type`, or nullopt.
  static std::optional<size_t> find_attribute(std::span<const std::byte> record, uint32_t type) {
    size_t at = u16(record, 0x14);
    while (at + 8 <= record.size()) {
      const uint32_t t = u32(record, at), length = u32(record, at + 4);
      if (t == 0xFFFFFFFF || length == 0) return std::nullopt;
      if (t == type) return at;
      at += length;
    }
    return std::nullopt;
  }

  void save(const std::filesystem::path& path) const {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes_.data()), static_cast<std::streamsize>(bytes_.size()));
  }

  static uint16_t u16(std::span<const std::byte> b, size_t at) {
    return static_cast<uint16_t>(std::to_integer<uint16_t>(b[at]) | std::to_integer<uint16_t>(b[at + 1]) << 8);
  }
  static uint32_t u32(std::span<const std::byte> b, size_t at) {
    return u16(b, at) | static_cast<uint32_t>(u16(b, at + 2)) << 16;
  }
  static void put_le(std::span<std::byte> b, size_t at, uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i) b[at + i] = std::byte(static_cast<uint8_t>(value >> (8 * i)));
  }

 private:
  std::vector<std::byte> bytes_;
  std::optional<ntfs::BootSector> boot_;
};

}  // namespace shellcarve::test
