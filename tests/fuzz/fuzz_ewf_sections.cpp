// Fuzz target: read_ewf_segment_file (the EWF v1 file header and section chain walker that
// chooses the files of an E01 set before libewf sees them) on one segment file's bytes.
#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "fuzz_target.h"
#include "image/ewf_sections.h"

SHELLCARVE_FUZZ_TARGET(ewf_sections) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto read = [bytes](uint64_t offset, std::span<std::byte> out) -> shellcarve::Status {
    if (offset > bytes.size() || out.size() > bytes.size() - offset)
      return shellcarve::fail(shellcarve::ErrorCode::kTruncated,
                              fmt::format("read of {} bytes at {} past the end ({})", out.size(), offset, bytes.size()));
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(offset), out.size(), out.begin());
    return {};
  };
  auto segment = shellcarve::read_ewf_segment_file(read, bytes.size(), "fuzz.E01");
  if (segment && segment->volume) (void)shellcarve::format_set_identifier(segment->volume->set_identifier);
  return 0;
}
