// usn_record.h: one record of the NTFS change journal ($Extend/$UsnJrnl:$J). Every record
// starts with RecordLength (u32), MajorVersion (u16) and MinorVersion (u16); the rest
// depends on the major version:
//   V2 (Windows 2000 onwards): 64-bit file references, a timestamp and the file name.
//   V3 (ReFS, and NTFS with FSCTL_ENABLE_USN_JOURNAL v3): the same with 128-bit file ids.
//   V4 (Windows 8.1+ range tracking): 128-bit ids and the changed byte ranges (extents),
//       no timestamp and no name; each V4 record follows the V3/V2 record it details.
// Records are 8-byte aligned in $J. Layouts: MS docs "USN_RECORD_V2 structure",
// "USN_RECORD_V3 structure", "USN_RECORD_V4 structure" (winioctl.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// The part every version shares.
struct UsnRecordCommonLayout {
  static constexpr size_t kRecordLength = 0x00;  // u32, whole record, a multiple of 8
  static constexpr size_t kMajorVersion = 0x04;  // u16
  static constexpr size_t kMinorVersion = 0x06;  // u16
  static constexpr size_t kSize = 0x08;
};

// USN_RECORD_V2.
struct UsnRecordV2Layout {
  static constexpr size_t kFileReference = 0x08;    // u64 DWORDLONG
  static constexpr size_t kParentReference = 0x10;  // u64
  static constexpr size_t kUsn = 0x18;              // i64
  static constexpr size_t kTimestamp = 0x20;        // FILETIME
  static constexpr size_t kReason = 0x28;           // u32 USN_REASON_*
  static constexpr size_t kSourceInfo = 0x2C;       // u32 USN_SOURCE_*
  static constexpr size_t kSecurityId = 0x30;       // u32
  static constexpr size_t kFileAttributes = 0x34;   // u32 FILE_ATTRIBUTE_*
  static constexpr size_t kFileNameLength = 0x38;   // u16, bytes
  static constexpr size_t kFileNameOffset = 0x3A;   // u16, from the record start
  static constexpr size_t kFileName = 0x3C;         // UTF-16LE, not NUL-terminated
  static constexpr size_t kHeaderSize = 0x3C;
};

// USN_RECORD_V3: FILE_ID_128 references shift everything after them by 16 bytes.
struct UsnRecordV3Layout {
  static constexpr size_t kFileReference = 0x08;    // FILE_ID_128 (16 bytes)
  static constexpr size_t kParentReference = 0x18;  // FILE_ID_128
  static constexpr size_t kUsn = 0x28;
  static constexpr size_t kTimestamp = 0x30;
  static constexpr size_t kReason = 0x38;
  static constexpr size_t kSourceInfo = 0x3C;
  static constexpr size_t kSecurityId = 0x40;
  static constexpr size_t kFileAttributes = 0x44;
  static constexpr size_t kFileNameLength = 0x48;
  static constexpr size_t kFileNameOffset = 0x4A;
  static constexpr size_t kFileName = 0x4C;
  static constexpr size_t kHeaderSize = 0x4C;
};

// USN_RECORD_V4, followed by NumberOfExtents USN_RECORD_EXTENTs (i64 Offset, i64 Length).
struct UsnRecordV4Layout {
  static constexpr size_t kFileReference = 0x08;    // FILE_ID_128
  static constexpr size_t kParentReference = 0x18;  // FILE_ID_128
  static constexpr size_t kUsn = 0x28;
  static constexpr size_t kReason = 0x30;
  static constexpr size_t kSourceInfo = 0x34;
  static constexpr size_t kRemainingExtents = 0x38;  // u32, extents in later V4 records
  static constexpr size_t kNumberOfExtents = 0x3C;   // u16, extents in this record
  static constexpr size_t kExtentSize = 0x3E;        // u16, bytes per extent (16)
  static constexpr size_t kExtents = 0x40;
  static constexpr size_t kHeaderSize = 0x40;
  static constexpr size_t kExtentLength = 0x10;
};

// Largest record we accept. A V2/V3 record is its header plus a name of at most 255 UTF-16
// units (under 600 bytes); V4 records hold a handful of extents. Windows writes records
// into 4 KiB journal pages, so anything larger is not a record.
inline constexpr uint32_t kUsnMaxRecordLength = 64 * 1024;

// One changed byte range of a V4 record.
struct UsnExtent {
  int64_t offset = 0;
  int64_t length = 0;
};

struct UsnRecord {
  uint32_t record_length = 0;
  uint16_t major_version = 0;
  uint16_t minor_version = 0;
  // The low 64 bits of the file id as an NTFS reference (entry + sequence); for V3/V4 the
  // whole 128-bit id is in file_id as 32 hex digits, high half first (as fsutil prints
  // it); V2 ids are zero-extended so every record can be compared the same way.
  FileReference file_reference;
  FileReference parent_reference;
  std::string file_id;
  std::string parent_file_id;
  int64_t usn = 0;
  uint64_t timestamp = 0;  // FILETIME; 0 in V4 records, which have none
  uint32_t reason = 0;     // USN_REASON_* (usn_reasons.h)
  uint32_t source_info = 0;
  uint32_t security_id = 0;
  uint32_t file_attributes = 0;
  std::string name;        // UTF-8; unpaired surrogates as U+FFFD ("" in V4 records)
  bool name_lossless = true;
  // V4 range tracking: no name, no timestamp, the changed ranges instead.
  bool range_tracking = false;
  uint32_t remaining_extents = 0;
  std::vector<UsnExtent> extents;
  // Provenance: byte offset of the record within $J and, when read from an image, its
  // image byte offset.
  uint64_t offset = 0;
  std::optional<uint64_t> image_offset;
  // Oddities that did not stop parsing (a name not right after the header, a V4 extent
  // size other than 16), each with its offset.
  std::vector<std::string> damage;
};

// Checks the first 8 bytes of `bytes` (length and version) could start a record: length a
// multiple of 8, at least the version's header size, at most kUsnMaxRecordLength; major
// version 2, 3 or 4. kFormat when not (the scanner's "not a record here"), kTruncated
// when fewer than 8 bytes. On success returns the record length.
Result<uint32_t> check_usn_record_header(std::span<const std::byte> bytes, uint64_t offset);

// The same test without the message: the record length, or nullopt. The scanner runs it at
// every 8-byte step of a damaged region, where formatting a reason per step (only the
// first is kept) made garbage scan at a tenth of the speed of a journal.
std::optional<uint32_t> plausible_usn_record_length(std::span<const std::byte> bytes);

// Parses the record at the start of `bytes` (which may continue past it); `offset` is the
// record's byte offset within $J, used in messages and kept in the record. Errors:
// kTruncated when `bytes` is shorter than the record length, kFormat when the header is
// not a record's (check_usn_record_header), kCorrupt when a field contradicts the length
// (name offset or length past the end, odd name length, too many extents).
Result<UsnRecord> parse_usn_record(std::span<const std::byte> bytes, uint64_t offset);

// The 128-bit id stored little-endian in `bytes` (16 bytes) as 32 hex digits, most
// significant first.
std::string file_id_128_to_hex(std::span<const std::byte> bytes);

}  // namespace shellcarve::ntfs
