// volume_name.cpp: $VOLUME_NAME content (see volume_name.h).
#include "ntfs/attributes/volume_name.h"

#include "common/utf16.h"

namespace shellcarve::ntfs {

std::string parse_volume_name(const ByteReader& content) {
  return utf16le_to_utf8(content.data()).utf8;
}

}  // namespace shellcarve::ntfs
