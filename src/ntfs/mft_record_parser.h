// mft_record_parser.h: one FILE record from bytes. The same parser serves records read from
// the live $MFT, from MFT slack, and carved from free space.
#pragma once

#include <span>

#include "common/limits.h"
#include "common/result.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Parses `record` (exactly one record as stored on disk, before fixups; its size is the
// volume's MFT record size). `image_offset` is where its first byte lies in the image;
// `entry_number` its position in $MFT (for carved records pass the header's own number).
//
// Returns kFormat when the bytes are not a FILE/BAAD record (so a scanner can move on),
// kCorrupt when the header itself is impossible (e.g. the update sequence array lies
// outside the record). A record whose fixups fail or whose attributes are damaged is
// still returned: fixup_valid = false and `damage` lists what is wrong, with the
// attributes that could be read.
Result<MftEntry> parse_mft_record(std::span<const std::byte> record, uint64_t image_offset,
                                  uint64_t entry_number,
                                  const Limits& limits = default_limits());

}  // namespace shellcarve::ntfs
