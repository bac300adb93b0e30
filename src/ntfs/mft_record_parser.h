// mft_record_parser.h: one FILE record from bytes. The same parser serves records read from
// the live $MFT, from MFT slack, and carved from free space.
#pragma once

#include <cstddef>
#include <span>

#include "common/limits.h"
#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Offsets in the FILE record header (libfsntfs fsntfs_mft_entry_header.h; omerbenamram/mft
// src/entry.rs; Russon, "NTFS Documentation", "FILE Record"). 0x2A..0x2F exist only in
// NTFS 3.1 records, whose update sequence array therefore starts at 0x30 (3.0: at 0x2A).
struct MftRecordHeaderLayout {
  static constexpr size_t kSignature = 0x00;       // "FILE" or "BAAD"
  static constexpr size_t kUsaOffset = 0x04;       // u16
  static constexpr size_t kUsaCount = 0x06;        // u16
  static constexpr size_t kLsn = 0x08;             // u64 $LogFile sequence number
  static constexpr size_t kSequence = 0x10;        // u16
  static constexpr size_t kLinkCount = 0x12;       // u16 hard links ($FILE_NAMEs in index)
  static constexpr size_t kFirstAttribute = 0x14;  // u16
  static constexpr size_t kFlags = 0x16;           // u16 kMftFlag*
  static constexpr size_t kUsedSize = 0x18;        // u32
  static constexpr size_t kAllocatedSize = 0x1C;   // u32
  static constexpr size_t kBaseRecord = 0x20;      // u64 file reference
  static constexpr size_t kNextAttributeId = 0x28; // u16
  static constexpr size_t kEntryNumber = 0x2C;     // u32 (3.1 only)
  static constexpr size_t kV31HeaderSize = 0x30;
  static constexpr size_t kMinSize = 0x2A;         // 3.0 header
};

// Parses `record` (exactly one record as stored on disk, before fixups; its size is the
// volume's MFT record size). `image_offset` is where its first byte lies in the image;
// `entry_number` its position in $MFT (for carved records pass the header's own number).
//
// Returns kFormat when the bytes are not a FILE/BAAD record (so a scanner can move on),
// kCorrupt when the header itself is impossible (e.g. the update sequence array lies
// outside the record) -- except for BAAD records, which are always returned (baad = true,
// fixup_valid = false, the problem in `damage`). A record whose fixups fail or whose attributes are damaged is
// still returned: fixup_valid = false and `damage` lists what is wrong, with the
// attributes that could be read.
Result<MftEntry> parse_mft_record(std::span<const std::byte> record, uint64_t image_offset,
                                  uint64_t entry_number,
                                  const Limits& limits = default_limits(),
                                  AttributeContent content = AttributeContent::kKeep);

// The same, applying the fixups in `record` itself (a buffer the caller owns and no longer
// needs as read): saves copying every record of a large $MFT once more.
Result<MftEntry> parse_mft_record_in_place(std::span<std::byte> record, uint64_t image_offset,
                                           uint64_t entry_number,
                                           const Limits& limits = default_limits(),
                                           AttributeContent content = AttributeContent::kKeep);

// The same, into `entry`, which is reset first but keeps the capacity of its attribute
// list: a scan of a million records then allocates that list once per thread, not once
// per record. On an error `entry` holds nothing useful.
Status parse_mft_record_into(std::span<std::byte> record, uint64_t image_offset,
                             uint64_t entry_number, const Limits& limits,
                             AttributeContent content, MftEntry& entry);

}  // namespace shellcarve::ntfs
