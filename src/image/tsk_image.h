// TskImage: formats libtsk opens that we do not read ourselves (VMDK, VHD), wrapped in our
// Image interface.
#pragma once

#include <span>

#include "image/image.h"

namespace shellcarve {

class TskImage {
 public:
  // An image when `head` (the file's first bytes) or, for a fixed VHD, the file's last 512
  // bytes show a format libtsk handles and we do not (VMDK, VHD); nullopt when it is not
  // such a format (the caller then treats the file as raw). An error when the magic
  // matches but libtsk cannot open the file.
  static std::optional<Result<std::unique_ptr<Image>>> try_open(
      const std::string& path, std::span<const std::byte> head);
};

}  // namespace shellcarve
