// fixup.h: the update sequence ("fixups") that protects multi-sector NTFS records (FILE
// records in $MFT, INDX records in $INDEX_ALLOCATION, RCRD/RSTR pages of $LogFile).
//
// Before writing a record, NTFS copies the last two bytes of every 512-byte stride into the
// update sequence array (USA) and overwrites them with the update sequence number (USN, the
// array's first element); a reader checks each stride ends with the USN and puts the saved
// bytes back. A stride whose tail differs from the USN was torn (partly written).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve::ntfs {

// Layout of the multi-sector header shared by FILE, INDX, RCRD records (libfsntfs
// fsntfs_mft_entry_header.h, fsntfs_index_node_header.h; omerbenamram/mft src/entry.rs).
struct MultiSectorHeaderLayout {
  static constexpr size_t kSignature = 0x00;    // 4 ASCII bytes
  static constexpr size_t kUsaOffset = 0x04;    // u16, from the record start
  static constexpr size_t kUsaCount = 0x06;     // u16, 1 (the USN) + one per stride
  static constexpr size_t kStride = 512;        // bytes protected by one USA element
};

struct FixupResult {
  bool valid = true;                       // every stride of the record checked and matched the USN
  std::vector<std::string> damage;         // one message per mismatching stride
};

// Applies the update sequence to `record` in place (the caller's private copy). Strides
// whose tail matches the USN get their saved bytes back; a mismatching stride keeps its
// bytes as read and is reported (stride number and image offset); so is an array too short
// to cover every 512-byte stride of `record` (the strides left unchecked). Returns kCorrupt when
// the array itself is impossible: count 0, array outside the record, or more strides than
// the record holds. `what` names the record kind ("MFT record", "INDX record").
Result<FixupResult> apply_fixups(std::span<std::byte> record, uint64_t image_offset,
                                 std::string_view what);

}  // namespace shellcarve::ntfs
