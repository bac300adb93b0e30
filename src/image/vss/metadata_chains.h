// A check of the VSS metadata chains before libvshadow follows them. The catalog and each
// store's block list, block range list and bitmaps are chains of 16 KiB blocks linked by a
// "next offset" in each block's header. libvshadow 20190323 follows them without noticing
// a loop (a store block list whose next offset names itself keeps it busy for ever inside
// libvshadow_store_get_number_of_blocks), so we walk every chain first, with the blocks
// visited remembered: a loop, a block outside the volume or one without the VSS signature
// is named, and libvshadow is never asked to read past it.
//
// Layout (libyal's "Volume Shadow Snapshot (VSS) format" documentation, checked on the
// corpus volumes): the volume header at byte 0x1e00 holds the catalog offset at +48; every
// metadata block starts with a 128-byte header -- the VSS identifier GUID at +0, the record
// type at +20, the next block's offset at +40 (0: the end) -- and a catalog block holds
// 128-byte entries after it; a type 3 entry names one store: block list at +8, the store
// identifier GUID at +16, block range list at +40, bitmap at +48 (+56 holds no offset on
// the corpus volumes, so it is not followed).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "image/image.h"

namespace shellcarve::vss {

struct ChainCheck {
  bool header_found = false;            // the volume header carries the VSS identifier
  std::string catalog_problem;          // "" when the catalog chain is sound
  // Per store identifier (GUID text): the first problem of its chains.
  std::map<std::string, std::string> store_problems;
  std::vector<std::string> store_order;  // store identifiers in catalog order
};

// Walks the chains of the volume at [offset, offset + length) of `image`.
ChainCheck check_metadata_chains(Image& image, uint64_t offset, uint64_t length);

// libvshadow 20190323 also reads the volume's boot sector when it opens the catalog and
// divides by its cluster size (bytes per sector at +11 times sectors per cluster at +13)
// without checking it: a zero there kills the process with SIGFPE (found by fuzz_vss;
// tests/fuzz/corpus/vss/regression-fpe-zero-sectors-per-cluster). "" when both are non-zero,
// else what is wrong.
std::string check_boot_sector_for_libvshadow(Image& image, uint64_t offset, uint64_t length);

}  // namespace shellcarve::vss
