// Fuzz target: the record carver over arbitrary bytes (FILE and INDX candidates at every
// 512-byte boundary, parsed by the NTFS engine), fed in two reads split where the first
// input byte says, so records completed across reads are exercised too; then the same
// bytes as a free-space walker block, merged into the first carver.
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
  // As a free-space block: the owned part from the split on, the rest a margin.
  carve::RecordCarver block_carver(1024, 4096);
  block_carver.scan_block(bytes, 0x200000, split, bytes.size(), "fuzz");
  carver.absorb(std::move(block_carver));
  carver.keep_lowest();
  return 0;
}
