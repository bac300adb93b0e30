// Atomic output: content is written to a temporary file beside the target, flushed with
// fsync, then renamed over the target, so a crash never leaves a half file that looks
// complete. The target path comes from the examiner's options, never from image content.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace shellcarve {

Status write_file_atomically(const std::string& path, std::string_view content);

}  // namespace shellcarve
