#include "image/ewf_image.h"

#include <fmt/format.h>

namespace shellcarve {

Result<std::unique_ptr<Image>> EwfImage::open(const std::string& first_segment) {
  return fail(ErrorCode::kUnsupported,
              fmt::format("'{}': EWF support is not built yet", first_segment));
}

}  // namespace shellcarve
