// Fuzz target: $REPARSE_POINT content (a REPARSE_DATA_BUFFER), and the resolution of the
// substitute name it yields against a link path, both absolute and relative.
#include <span>
#include <string>

#include "common/byte_reader.h"
#include "fuzz_target.h"
#include "ntfs/attributes/reparse_point.h"


SHELLCARVE_FUZZ_TARGET(reparse_point) {
  using namespace shellcarve;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto point = ntfs::parse_reparse_point(ByteReader(bytes, 0x400));
  if (!point) return 0;
  std::string note;
  for (const bool relative : {false, true}) {
    const std::string resolved = ntfs::resolve_reparse_target("/inetpub/wwwroot/link", point->substitute_name, relative, note);
    if (!resolved.empty() && resolved[0] != '/') __builtin_trap();  // a volume path is absolute
  }
  return 0;
}
