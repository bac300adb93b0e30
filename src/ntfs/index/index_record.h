// index_record.h: one INDX record, a node of an index stored in $INDEX_ALLOCATION. It is a
// multi-sector record (signature "INDX", update sequence like FILE records), then the VCN
// of the record within the allocation, then an index node. The volume reader cuts the
// allocation into records of IndexRoot::index_record_size bytes and feeds them here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.h"
#include "ntfs/index/index_entry.h"

namespace shellcarve::ntfs {

// Offsets in the record (libfsntfs fsntfs_index_node_header.h / fsntfs_index.c; Russon,
// "INDX record"). The USA follows the node header, usually at 0x28.
struct IndexRecordLayout {
  static constexpr size_t kSignature = 0x00;   // "INDX"
  static constexpr size_t kLsn = 0x08;         // u64
  static constexpr size_t kVcn = 0x10;         // u64, of this record in the allocation
  static constexpr size_t kNodeHeader = 0x18;  // index node header
  static constexpr size_t kMinSize = 0x28;
};

struct IndexRecord {
  uint64_t lsn = 0;
  uint64_t vcn = 0;
  bool fixup_valid = true;
  IndexNode node;  // its damage includes fixup mismatches
};

// Parses one INDX record (fixups applied on a private copy; `image_offset` is where its
// first byte lies). kFormat when the signature is not INDX (an unused, zeroed record),
// kCorrupt when the update sequence array is impossible, kTruncated when the header does
// not fit. `file_name_keys` as for parse_index_node ($I30: true).
Result<IndexRecord> parse_index_record(std::span<const std::byte> record, uint64_t image_offset,
                                       bool file_name_keys = true);

}  // namespace shellcarve::ntfs
