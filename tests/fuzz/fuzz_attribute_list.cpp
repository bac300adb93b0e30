// Fuzz target: parse_attribute_list on arbitrary list content.
#include <span>

#include "fuzz_target.h"
#include "ntfs/attributes/attribute_list.h"

SHELLCARVE_FUZZ_TARGET(attribute_list) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto decoded = shellcarve::ntfs::parse_attribute_list(bytes, 0);
  if (decoded.entries.size() > size / 26 + 1) __builtin_trap();  // each entry >= 26 bytes
  return 0;
}
