// MemoryImage: an Image over bytes held in memory, for tests of the layers above image/.
// It can be told to fail reads that touch a given offset (an I/O error) or to report a
// damaged region (as an EWF chunk failing its checksum would) when a read covers it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "image/image.h"

namespace shellcarve::test {

class MemoryImage final : public Image {
 public:
  explicit MemoryImage(std::vector<std::byte> bytes, uint32_t sector_size = 512)
      : bytes_(std::move(bytes)), sector_size_(sector_size) {}

  // Reads touching `offset` fail with kIo.
  void fail_reads_at(uint64_t offset) { fail_at_ = offset; }
  // Reads covering [offset, offset + length) report it as damage once.
  void damage(uint64_t offset, uint64_t length) { damage_ = ReadDamage{offset, length, "test damage"}; }

  Status read(uint64_t offset, std::span<std::byte> out) override;
  uint64_t size() const override { return bytes_.size(); }
  uint32_t sector_size() const override { return sector_size_; }
  std::string format() const override { return "memory"; }
  std::vector<std::string> segments() const override { return {"<memory>"}; }

 private:
  std::vector<std::byte> bytes_;
  uint32_t sector_size_;
  std::optional<uint64_t> fail_at_;
  std::optional<ReadDamage> damage_;
};

}  // namespace shellcarve::test
