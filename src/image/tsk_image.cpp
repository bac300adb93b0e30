#include "image/tsk_image.h"

namespace shellcarve {

std::optional<Result<std::unique_ptr<Image>>> TskImage::try_open(
    const std::string&, std::span<const std::byte>) {
  return std::nullopt;
}

}  // namespace shellcarve
