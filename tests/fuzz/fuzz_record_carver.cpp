// Fuzz target: the record carver over arbitrary bytes (FILE and INDX candidates at every
// 512-byte boundary, parsed by the NTFS engine), fed in two reads split where the first
// input byte says, so records completed across reads are exercised too.
#include <span>

#include "carve/record_carver.h"
#include "fuzz_target.h"

SHELLCARVE_FUZZ_TARGET(record_carver) {
  using namespace shellcarve;
  if (size == 0) return 0;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  const size_t split = (static_cast<size_t>(data[0]) * 37) % (bytes.size() + 1);
  carve::RecordCarver carver(1024, 4096);
  carver.scan(bytes.first(split), 0x100000, "fuzz");
  carver.scan(bytes.subspan(split), 0x100000 + split, "fuzz");
  return 0;
}
