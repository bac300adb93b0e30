// overlay_image.h: an image read through an overlay that replaces some of its bytes, for
// tests that damage or change one field of a real image without writing a copy of it
// (VSS metadata damage, a timestomp made by hand in a live $MFT record).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "image/image.h"

namespace shellcarve::test {

class OverlayImage final : public Image {
 public:
  explicit OverlayImage(Image& base) : base_(base) {}
  void put_u8(uint64_t offset, uint8_t value) { patches_[offset] = std::byte(value); }
  void put_u64(uint64_t offset, uint64_t value) {
    for (int i = 0; i < 8; ++i) patches_[offset + i] = std::byte((value >> (8 * i)) & 0xff);
  }
  Status read(uint64_t offset, std::span<std::byte> out) override {
    if (auto status = base_.read(offset, out); !status) return status;
    for (auto it = patches_.lower_bound(offset); it != patches_.end() && it->first < offset + out.size(); ++it)
      out[it->first - offset] = it->second;
    return {};
  }
  uint64_t size() const override { return base_.size(); }
  std::string format() const override { return "overlay"; }
  std::vector<std::string> segments() const override { return base_.segments(); }

 private:
  Image& base_;
  std::map<uint64_t, std::byte> patches_;
};

}  // namespace shellcarve::test
