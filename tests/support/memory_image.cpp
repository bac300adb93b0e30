#include "support/memory_image.h"

#include <algorithm>
#include <cstring>

namespace shellcarve::test {

Status MemoryImage::read(uint64_t offset, std::span<std::byte> out) {
  if (offset > bytes_.size() || out.size() > bytes_.size() - offset)
    return fail(ErrorCode::kTruncated, "read past the end of the memory image");
  const uint64_t end = offset + out.size();
  if (fail_at_ && *fail_at_ >= offset && *fail_at_ < end)
    return fail(ErrorCode::kIo, "injected read error at offset " + std::to_string(*fail_at_));
  std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(offset), out.size(), out.begin());
  if (damage_ && damage_->offset >= offset && damage_->offset < end) {
    std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(damage_->offset - offset),
                std::min<uint64_t>(damage_->length, end - damage_->offset), std::byte{0});
    record_damage(*damage_);
    damage_.reset();
  }
  return {};
}

}  // namespace shellcarve::test
