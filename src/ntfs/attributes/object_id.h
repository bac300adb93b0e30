// object_id.h: $OBJECT_ID (0x40): the file's object GUID (what link tracking and
// $Extend/$ObjId use), optionally followed by birth volume, birth object and domain GUIDs.
#pragma once

#include <cstddef>
#include <string>

#include "common/byte_reader.h"
#include "common/result.h"

namespace shellcarve::ntfs {

// Offsets in the content (libfsntfs fsntfs_object_identifier.h; Russon, "$OBJECT_ID").
struct ObjectIdLayout {
  static constexpr size_t kObjectId = 0x00;  // GUID, 16 bytes
  static constexpr size_t kGuidSize = 16;
};

// A GUID as text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (lowercase): the first three
// fields are little-endian on disk, the last eight bytes in stored order (RFC 4122 /
// Microsoft GUID layout).
Result<std::string> read_guid(const ByteReader& reader, size_t offset, std::string_view what);

// The object id GUID text of a resident $OBJECT_ID value.
Result<std::string> parse_object_id(const ByteReader& content);

}  // namespace shellcarve::ntfs
