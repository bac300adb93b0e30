// volume_name.h: $VOLUME_NAME (0x60), resident in $Volume (entry 3): the volume label as
// UTF-16LE with no terminator; its length is the attribute value length (Russon,
// "$VOLUME_NAME"; libfsntfs fsntfs_volume_name_values.c).
#pragma once

#include <string>

#include "common/byte_reader.h"

namespace shellcarve::ntfs {

// The label as UTF-8 (unpaired surrogates as U+FFFD; an odd trailing byte is ignored).
std::string parse_volume_name(const ByteReader& content);

}  // namespace shellcarve::ntfs
