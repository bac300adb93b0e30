// Fuzz target: an INDX record, and the same bytes as $INDEX_ROOT content, with slack scans.
#include <span>

#include "common/byte_reader.h"
#include "fuzz_target.h"
#include "ntfs/index/index_record.h"
#include "ntfs/index/index_root.h"

SHELLCARVE_FUZZ_TARGET(index_record) {
  using namespace shellcarve;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  (void)ntfs::parse_index_record(bytes, 0x2000);
  (void)ntfs::parse_index_root(ByteReader(bytes, 0x100));
  return 0;
}
