// index_root.h: $INDEX_ROOT (0x90), always resident: which attribute type the index sorts
// (0x30 for $I30), its collation rule, the size of its INDX records, then the root node.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.h"
#include "common/result.h"
#include "ntfs/index/index_entry.h"

namespace shellcarve::ntfs {

// Offsets in the content (libfsntfs fsntfs_index_root_header.h; Russon, "$INDEX_ROOT").
struct IndexRootLayout {
  static constexpr size_t kIndexedType = 0x00;        // u32 attribute type of the keys
  static constexpr size_t kCollationRule = 0x04;      // u32
  static constexpr size_t kIndexRecordSize = 0x08;    // u32 bytes per INDX record
  static constexpr size_t kClustersPerRecord = 0x0C;  // u8
  static constexpr size_t kNodeHeader = 0x10;         // index node header
};

struct IndexRoot {
  uint32_t indexed_type = 0;
  uint32_t collation_rule = 0;
  uint32_t index_record_size = 0;
  uint8_t clusters_per_index_record = 0;
  IndexNode node;  // entries with $FILE_NAME keys when indexed_type is 0x30
};

// `content` is the resident value (origin = its image offset). kTruncated when the fixed
// part does not fit; problems inside the node are in node.damage.
Result<IndexRoot> parse_index_root(const ByteReader& content);

}  // namespace shellcarve::ntfs
