// usn_reasons.h: the USN_REASON_* flags of a change-journal record (winioctl.h; MS docs
// "USN_RECORD_V2 structure", Reason member) and their names. A record's reason is the
// accumulated set of changes to the file since it was opened; CLOSE marks the final record
// of that set. Names are the constants without the USN_REASON_ prefix.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shellcarve::ntfs {

inline constexpr uint32_t kUsnReasonDataOverwrite = 0x00000001;
inline constexpr uint32_t kUsnReasonDataExtend = 0x00000002;
inline constexpr uint32_t kUsnReasonDataTruncation = 0x00000004;
inline constexpr uint32_t kUsnReasonNamedDataOverwrite = 0x00000010;
inline constexpr uint32_t kUsnReasonNamedDataExtend = 0x00000020;
inline constexpr uint32_t kUsnReasonNamedDataTruncation = 0x00000040;
inline constexpr uint32_t kUsnReasonFileCreate = 0x00000100;
inline constexpr uint32_t kUsnReasonFileDelete = 0x00000200;
inline constexpr uint32_t kUsnReasonEaChange = 0x00000400;
inline constexpr uint32_t kUsnReasonSecurityChange = 0x00000800;
inline constexpr uint32_t kUsnReasonRenameOldName = 0x00001000;
inline constexpr uint32_t kUsnReasonRenameNewName = 0x00002000;
inline constexpr uint32_t kUsnReasonIndexableChange = 0x00004000;
inline constexpr uint32_t kUsnReasonBasicInfoChange = 0x00008000;
inline constexpr uint32_t kUsnReasonHardLinkChange = 0x00010000;
inline constexpr uint32_t kUsnReasonCompressionChange = 0x00020000;
inline constexpr uint32_t kUsnReasonEncryptionChange = 0x00040000;
inline constexpr uint32_t kUsnReasonObjectIdChange = 0x00080000;
inline constexpr uint32_t kUsnReasonReparsePointChange = 0x00100000;
inline constexpr uint32_t kUsnReasonStreamChange = 0x00200000;
inline constexpr uint32_t kUsnReasonTransactedChange = 0x00400000;
inline constexpr uint32_t kUsnReasonIntegrityChange = 0x00800000;
inline constexpr uint32_t kUsnReasonDesiredStorageClassChange = 0x01000000;
inline constexpr uint32_t kUsnReasonClose = 0x80000000;

// The names of the flags set in `reason`, lowest bit first; a set bit with no defined name
// is written as hex ("0x04000000") so nothing is dropped.
std::vector<std::string> usn_reason_names(uint32_t reason);

// The same names joined with '|' ("DATA_EXTEND|FILE_CREATE|CLOSE"); "" for 0.
std::string usn_reasons_to_string(uint32_t reason);

// USN_SOURCE_* flags of SourceInfo ("DATA_MANAGEMENT|REPLICATION_MANAGEMENT"); "" for 0.
std::string usn_source_info_to_string(uint32_t source_info);

}  // namespace shellcarve::ntfs
