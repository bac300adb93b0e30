// EwfImage: EnCase EWF (E01/Ex01 sets) through libewf, given the first segment. The set's
// other files are chosen among those named like them (ewf_segment_set.h); a file beside
// the set that is not part of it is not read and is named in open_warnings().
#pragma once

#include "image/image.h"

namespace shellcarve {

class EwfImage {
 public:
  static Result<std::unique_ptr<Image>> open(const std::string& first_segment);
};

}  // namespace shellcarve
