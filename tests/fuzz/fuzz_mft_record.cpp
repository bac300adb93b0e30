// Fuzz target: parse_mft_record on arbitrary bytes (as a 1 KiB or 4 KiB record, or the
// input's own size), then merge it into itself as an extension and join its pieces.
#include <span>

#include "fuzz_target.h"
#include "ntfs/attribute_list.h"
#include "ntfs/mft_record_parser.h"

SHELLCARVE_FUZZ_TARGET(mft_record) {
  using namespace shellcarve::ntfs;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  auto entry = parse_mft_record(bytes, 0x10000, 42);
  if (!entry) return 0;
  MftEntry base = *entry;
  base.entry_number = entry->base_record.entry;
  base.sequence = entry->base_record.sequence;
  merge_extension_record(base, *entry);
  finalize_attributes(base);
  finalize_attributes(*entry);
  return 0;
}
