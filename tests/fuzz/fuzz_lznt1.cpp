// Fuzz target: LZNT1 decompression of a compression unit, with an output cap the first
// input bytes choose (as stream_reader caps a unit at its size). The output must never
// exceed the cap, and what was produced before an error must stay a prefix of the
// output of an uncapped run.
#include <cstdlib>
#include <span>
#include <vector>

#include "fuzz_target.h"
#include "ntfs/lznt1.h"

SHELLCARVE_FUZZ_TARGET(lznt1) {
  using namespace shellcarve::ntfs;
  if (size < 2) return 0;
  const size_t cap = (static_cast<size_t>(data[0]) << 8 | data[1]) * 4;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data + 2), size - 2);

  std::vector<std::byte> capped(3, std::byte{0x55});  // output is appended after what is there
  (void)lznt1_decompress(input, capped, cap);
  if (capped.size() > 3 + cap) std::abort();

  std::vector<std::byte> full;
  (void)lznt1_decompress(input, full, 1u << 24);
  const size_t produced = capped.size() - 3;
  if (produced > full.size()) std::abort();
  for (size_t i = 0; i < produced; ++i)
    if (capped[3 + i] != full[i]) std::abort();
  return 0;
}
