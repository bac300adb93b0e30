// file_name.h: $FILE_NAME (0x30), always resident: parent directory reference, the four
// times as of the last name change, sizes, flags, namespace and the UTF-16LE name. The same
// structure is the key of $I30 index entries, so the index parser and the slack scanner
// use this function too.
#pragma once

#include <cstddef>

#include "common/byte_reader.h"
#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Offsets in the content (libfsntfs fsntfs_file_name.h; omerbenamram/mft
// src/attribute/x30.rs; Russon, "$FILE_NAME").
struct FileNameLayout {
  static constexpr size_t kParent = 0x00;          // u64 file reference
  static constexpr size_t kTimes = 0x08;           // 4 x FILETIME, $SI order
  static constexpr size_t kAllocatedSize = 0x28;   // u64
  static constexpr size_t kRealSize = 0x30;        // u64
  static constexpr size_t kFlags = 0x38;           // u32 FILE_ATTRIBUTE_*
  static constexpr size_t kReparse = 0x3C;         // u32 reparse tag / EA size
  static constexpr size_t kNameLength = 0x40;      // u8, UTF-16 code units
  static constexpr size_t kNamespace = 0x41;       // u8, 0..3
  static constexpr size_t kName = 0x42;            // UTF-16LE
};

// `content` is the resident value or index key (origin = its image offset). kTruncated when
// the fixed part or the name does not fit; an unknown namespace (> 3) is kCorrupt.
Result<FileNameAttribute> parse_file_name(const ByteReader& content);

}  // namespace shellcarve::ntfs
