// standard_information.h: $STANDARD_INFORMATION (0x10), always resident: the four times
// Windows shows, DOS file attributes, and (NTFS 3.0+) owner, security id, quota and USN.
#pragma once

#include <cstddef>

#include "common/byte_reader.h"
#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Offsets in the attribute's content (libfsntfs fsntfs_standard_information.h;
// omerbenamram/mft src/attribute/x10.rs; Russon, "$STANDARD_INFORMATION").
struct StandardInformationLayout {
  static constexpr size_t kCreation = 0x00;         // FILETIME
  static constexpr size_t kModification = 0x08;     // FILETIME
  static constexpr size_t kMftModification = 0x10; // FILETIME
  static constexpr size_t kAccess = 0x18;           // FILETIME
  static constexpr size_t kFileAttributes = 0x20;   // u32
  static constexpr size_t kV12Size = 0x30;          // NTFS 1.2 ends after class id
  static constexpr size_t kOwnerId = 0x30;          // u32 (3.0+)
  static constexpr size_t kSecurityId = 0x34;       // u32
  static constexpr size_t kQuotaCharged = 0x38;     // u64
  static constexpr size_t kUsn = 0x40;              // u64
  static constexpr size_t kV3Size = 0x48;
};

// Reads the times (shared with $FILE_NAME, which stores them in the same order).
Result<NtfsTimes> read_ntfs_times(const ByteReader& content, size_t offset);

// `content` is the resident value (origin = its image offset). kTruncated below 48 bytes;
// 48..71 bytes gives the 1.2 form (no owner, security id, USN).
Result<StandardInformation> parse_standard_information(const ByteReader& content);

}  // namespace shellcarve::ntfs
