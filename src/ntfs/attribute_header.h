// attribute_header.h: the header every MFT attribute starts with (type, length, resident
// or not, name, flags, id), then the resident part (value offset/length) or the
// non-resident part (VCN range, mapping pairs, sizes). Parses one attribute into an
// `Attribute` (content or runs); typed decoding of the content is in attributes/.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.h"
#include "common/limits.h"
#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Offsets within an attribute record (libfsntfs fsntfs_mft_attribute.h; omerbenamram/mft
// src/attribute/header.rs; Russon, "NTFS Documentation", "Attribute - Standard Header").
struct AttributeHeaderLayout {
  static constexpr size_t kType = 0x00;           // u32
  static constexpr size_t kLength = 0x04;         // u32, whole attribute record
  static constexpr size_t kNonResident = 0x08;    // u8
  static constexpr size_t kNameLength = 0x09;     // u8, UTF-16 code units
  static constexpr size_t kNameOffset = 0x0A;     // u16, from the attribute start
  static constexpr size_t kFlags = 0x0C;          // u16
  static constexpr size_t kId = 0x0E;             // u16
  static constexpr size_t kCommonSize = 0x10;
  // Resident form.
  static constexpr size_t kValueLength = 0x10;    // u32
  static constexpr size_t kValueOffset = 0x14;    // u16
  static constexpr size_t kResidentSize = 0x18;
  // Non-resident form.
  static constexpr size_t kLowestVcn = 0x10;      // u64
  static constexpr size_t kHighestVcn = 0x18;     // u64
  static constexpr size_t kMappingPairsOffset = 0x20;  // u16
  static constexpr size_t kCompressionUnit = 0x22;     // u16
  static constexpr size_t kAllocatedSize = 0x28;  // u64
  static constexpr size_t kDataSize = 0x30;       // u64
  static constexpr size_t kInitializedSize = 0x38;  // u64
  static constexpr size_t kNonResidentSize = 0x40;
};

// The resident value of attribute record `attr` as a reader whose origin is the value's
// image offset; kTruncated/kCorrupt when the value offset/length lie outside the record.
Result<ByteReader> resident_value(const ByteReader& attr);

// Parses the attribute record `attr` (exactly `length` bytes, the reader's origin is its
// image offset). Fails only when the fixed header cannot be read; a bad name, value range
// or mapping pairs is recorded in Attribute::damage and the rest is kept.
Result<Attribute> parse_attribute(const ByteReader& attr, uint64_t mft_entry,
                                  const Limits& limits,
                                  AttributeContent content = AttributeContent::kKeep);

}  // namespace shellcarve::ntfs
