// Fuzz target: decode_data_runs on arbitrary mapping pairs; the first 8 bytes (when
// present) choose the starting VCN.
#include <span>

#include "common/byte_reader.h"
#include "fuzz_target.h"
#include "ntfs/data_run.h"

SHELLCARVE_FUZZ_TARGET(data_runs) {
  using namespace shellcarve;
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  uint64_t first_vcn = 0;
  if (bytes.size() >= 8) {
    first_vcn = load_le(bytes.first(8));
    bytes = bytes.subspan(8);
  }
  Limits limits;
  limits.max_data_runs = 4096;
  const auto decoded = ntfs::decode_data_runs(bytes, 0, first_vcn, limits);
  uint64_t vcn = first_vcn;
  for (const auto& run : decoded.runs) {
    if (run.vcn != vcn || run.length == 0) __builtin_trap();  // runs must be contiguous
    vcn += run.length;
  }
  return 0;
}
