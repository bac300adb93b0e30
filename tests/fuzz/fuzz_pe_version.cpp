// Fuzz target: a PE file's version resource (pe::parse_version_resource). Any bytes must give
// a version or an error, never a read outside the input; a version found must come from
// bytes inside it.
#include <cstdlib>
#include <span>

#include "fuzz_target.h"
#include "pe/version_resource.h"

SHELLCARVE_FUZZ_TARGET(pe_version) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto version = shellcarve::pe::parse_version_resource(bytes);
  if (version && version->file_offset >= size) std::abort();
  return 0;
}
