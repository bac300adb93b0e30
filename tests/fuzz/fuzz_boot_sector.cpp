// Fuzz target: parse_boot_sector on arbitrary bytes.
#include <span>

#include "fuzz_target.h"
#include "ntfs/boot_sector.h"

SHELLCARVE_FUZZ_TARGET(boot_sector) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  auto boot = shellcarve::ntfs::parse_boot_sector(bytes);
  if (boot) (void)boot->mft_offset();
  return 0;
}
