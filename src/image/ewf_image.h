// EwfImage: EnCase EWF (E01/Ex01 sets) through libewf, given the first segment; libewf
// globs the other segments itself. The only file that includes libewf.
#pragma once

#include "image/image.h"

namespace shellcarve {

class EwfImage {
 public:
  static Result<std::unique_ptr<Image>> open(const std::string& first_segment);
};

}  // namespace shellcarve
