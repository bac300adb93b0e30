// object_id.cpp: $OBJECT_ID content and GUID text (see object_id.h).
#include "ntfs/attributes/object_id.h"

#include <fmt/format.h>

namespace shellcarve::ntfs {

Result<std::string> read_guid(const ByteReader& reader, size_t offset, std::string_view what) {
  SC_ASSIGN_OR_RETURN(const uint32_t data1, reader.u32(offset, what));
  SC_ASSIGN_OR_RETURN(const uint16_t data2, reader.u16(offset + 4, what));
  SC_ASSIGN_OR_RETURN(const uint16_t data3, reader.u16(offset + 6, what));
  SC_ASSIGN_OR_RETURN(const auto tail, reader.bytes(offset + 8, 8, what));
  std::string text = fmt::format("{:08x}-{:04x}-{:04x}-", data1, data2, data3);
  for (size_t i = 0; i < tail.size(); ++i) {
    if (i == 2) text += '-';
    text += fmt::format("{:02x}", std::to_integer<unsigned>(tail[i]));
  }
  return text;
}

Result<std::string> parse_object_id(const ByteReader& content) {
  return read_guid(content, ObjectIdLayout::kObjectId, "$OBJECT_ID object id");
}

}  // namespace shellcarve::ntfs
