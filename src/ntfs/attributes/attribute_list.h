// attribute_list.h (attributes/): $ATTRIBUTE_LIST (0x20) content: one entry per attribute
// of the file, naming the MFT record (base or extension) that holds it. Resident lists
// are decoded by the record parser; a non-resident list's content is fetched by the MFT
// reader through its runs and decoded with parse_attribute_list. Merging the extension
// records the list points at is in ntfs/attribute_list.h.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Offsets in one entry (libfsntfs fsntfs_attribute_list_entry.h; omerbenamram/mft
// src/attribute/x20.rs; Russon, "$ATTRIBUTE_LIST").
struct AttributeListEntryLayout {
  static constexpr size_t kType = 0x00;          // u32
  static constexpr size_t kLength = 0x04;        // u16, whole entry
  static constexpr size_t kNameLength = 0x06;    // u8, UTF-16 code units
  static constexpr size_t kNameOffset = 0x07;    // u8, from the entry start
  static constexpr size_t kLowestVcn = 0x08;     // u64
  static constexpr size_t kRecord = 0x10;        // u64 file reference
  static constexpr size_t kAttributeId = 0x18;   // u16
  static constexpr size_t kMinSize = 0x1A;
};

struct AttributeListDecoding {
  std::vector<AttributeListEntry> entries;
  std::vector<std::string> damage;  // an entry that does not fit stops decoding
};

// Decodes list content; `origin` is the image offset of content[0] (for messages). Stops
// at the first impossible entry (length < 26 or past the end, name outside the entry) or
// after limits.max_attribute_list_size bytes, with damage; entries before it are kept.
AttributeListDecoding parse_attribute_list(std::span<const std::byte> content, uint64_t origin,
                                           const Limits& limits = default_limits());

}  // namespace shellcarve::ntfs
