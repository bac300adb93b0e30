#include <fmt/format.h>

#include <array>
#include <filesystem>

#include "image/ewf_image.h"
#include "image/file_segment.h"
#include "image/image.h"
#include "image/raw_image.h"
#include "image/tsk_image.h"

namespace shellcarve {
namespace {

// EWF version 1 segment files start with "EVF\x09\x0d\x0a\xff\x00" (E01) or
// "LVF\x09\x0d\x0a\xff\x00" (L01); EWF2 (Ex01) with "EVF2\r\n\x81\x00".
bool looks_like_ewf(std::span<const std::byte> head) {
  constexpr std::array<unsigned char, 8> kEvf1{'E', 'V', 'F', 0x09, 0x0d, 0x0a, 0xff, 0x00};
  constexpr std::array<unsigned char, 8> kEvf2{'E', 'V', 'F', '2', 0x0d, 0x0a, 0x81, 0x00};
  if (head.size() < 8) return false;
  auto matches = [&](const auto& magic) {
    for (size_t i = 0; i < magic.size(); ++i)
      if (std::to_integer<unsigned char>(head[i]) != magic[i]) return false;
    return true;
  };
  return matches(kEvf1) || matches(kEvf2);
}

}  // namespace

Result<std::unique_ptr<Image>> open_image(const std::string& path) {
  auto first = FileSegment::open(path);
  if (!first) return std::unexpected(first.error());
  std::array<std::byte, 512> head{};
  const size_t head_len = static_cast<size_t>(std::min<uint64_t>(head.size(), first->size()));
  if (auto status = first->read(0, std::span(head).first(head_len)); !status)
    return std::unexpected(status.error());
  const auto head_span = std::span<const std::byte>(head).first(head_len);

  if (looks_like_ewf(head_span)) return EwfImage::open(path);
  if (auto other = TskImage::try_open(path, head_span)) return std::move(*other);
  if (first->size() == 0)
    return fail(ErrorCode::kFormat,
                fmt::format("'{}' is empty (0 bytes): not an image we can read", path));
  return RawImage::open(split_raw_members(path));
}

}  // namespace shellcarve
