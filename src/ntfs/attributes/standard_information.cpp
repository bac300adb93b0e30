// standard_information.cpp: $STANDARD_INFORMATION content (see standard_information.h).
#include "ntfs/attributes/standard_information.h"

#include <fmt/format.h>

namespace shellcarve::ntfs {

Result<NtfsTimes> read_ntfs_times(const ByteReader& content, size_t offset) {
  NtfsTimes t;
  SC_ASSIGN_OR_RETURN(t.creation, content.u64(offset, "creation time"));
  SC_ASSIGN_OR_RETURN(t.modification, content.u64(offset + 8, "modification time"));
  SC_ASSIGN_OR_RETURN(t.mft_modification, content.u64(offset + 16, "MFT modification time"));
  SC_ASSIGN_OR_RETURN(t.access, content.u64(offset + 24, "access time"));
  return t;
}

Result<StandardInformation> parse_standard_information(const ByteReader& content) {
  using L = StandardInformationLayout;
  StandardInformation si;
  si.image_offset = content.origin();
  if (!content.contains(0, L::kV12Size))
    return fail(ErrorCode::kTruncated,
                fmt::format("$STANDARD_INFORMATION at offset {}: {} bytes, at least {} needed",
                            content.origin(), content.size(), L::kV12Size));
  SC_ASSIGN_OR_RETURN(si.times, read_ntfs_times(content, L::kCreation));
  SC_ASSIGN_OR_RETURN(si.file_attributes, content.u32(L::kFileAttributes, "file attributes"));
  if (content.size() >= L::kV3Size) {
    SC_ASSIGN_OR_RETURN(si.owner_id, content.u32(L::kOwnerId, "owner id"));
    SC_ASSIGN_OR_RETURN(si.security_id, content.u32(L::kSecurityId, "security id"));
    SC_ASSIGN_OR_RETURN(si.usn, content.u64(L::kUsn, "update sequence number"));
  }
  return si;
}

}  // namespace shellcarve::ntfs
