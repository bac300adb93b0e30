// fixup.cpp: applies the update sequence array of a multi-sector record (see fixup.h).
#include "ntfs/fixup.h"

#include <fmt/format.h>

#include "common/byte_reader.h"

namespace shellcarve::ntfs {

Result<FixupResult> apply_fixups(std::span<std::byte> record, uint64_t image_offset,
                                 std::string_view what) {
  using L = MultiSectorHeaderLayout;
  const ByteReader reader(record, image_offset);
  SC_ASSIGN_OR_RETURN(const uint16_t usa_offset, reader.u16(L::kUsaOffset, "update sequence offset"));
  SC_ASSIGN_OR_RETURN(const uint16_t usa_count, reader.u16(L::kUsaCount, "update sequence count"));
  if (usa_count == 0)
    return fail(ErrorCode::kCorrupt,
                fmt::format("{} at offset {}: update sequence count is 0", what, image_offset));
  const size_t usa_bytes = size_t{usa_count} * 2;
  if (usa_offset < L::kUsaCount + 2 || !reader.contains(usa_offset, usa_bytes))
    return fail(ErrorCode::kCorrupt,
                fmt::format("{} at offset {}: update sequence array ({} entries at {}) lies "
                            "outside the {}-byte record",
                            what, image_offset, usa_count, usa_offset, record.size()));
  const size_t strides = usa_count - 1u;
  if (strides > record.size() / L::kStride)
    return fail(ErrorCode::kCorrupt,
                fmt::format("{} at offset {}: update sequence covers {} strides of {} bytes, "
                            "the record has {} bytes",
                            what, image_offset, strides, L::kStride, record.size()));
  // The array overlapping a protected tail would make the fixup rewrite itself.
  if (strides > 0 && usa_offset + usa_bytes > L::kStride - 2)
    return fail(ErrorCode::kCorrupt,
                fmt::format("{} at offset {}: update sequence array at {} overlaps the first "
                            "stride's tail",
                            what, image_offset, usa_offset));

  FixupResult result;
  // NTFS protects every 512-byte stride of the record (count = 1 + size / 512: 3 for a
  // 1 KiB FILE record, 9 for a 4 KiB INDX record). A shorter array leaves the last strides
  // unchecked: a torn write there would pass unseen, so the record is not trusted whole.
  if (const size_t covered = record.size() / L::kStride; strides < covered) {
    result.valid = false;
    result.damage.push_back(fmt::format(
        "{} at offset {}: update sequence count {} covers {} of the record's {} sectors; "
        "sectors {}..{} (from offset {}) are unchecked",
        what, image_offset, usa_count, strides, covered, strides, covered - 1,
        image_offset + strides * L::kStride));
  }
  const std::byte usn_lo = record[usa_offset];
  const std::byte usn_hi = record[usa_offset + 1];
  for (size_t i = 0; i < strides; ++i) {
    const size_t tail = (i + 1) * L::kStride - 2;
    const size_t saved = usa_offset + 2 + i * 2;
    if (record[tail] != usn_lo || record[tail + 1] != usn_hi) {
      result.valid = false;
      result.damage.push_back(fmt::format(
          "{} at offset {}: fixup mismatch in sector {} (at offset {}): tail {:02x}{:02x}, "
          "update sequence number {:02x}{:02x}; sector kept as read",
          what, image_offset, i, image_offset + i * L::kStride,
          std::to_integer<unsigned>(record[tail + 1]), std::to_integer<unsigned>(record[tail]),
          std::to_integer<unsigned>(usn_hi), std::to_integer<unsigned>(usn_lo)));
      continue;
    }
    record[tail] = record[saved];
    record[tail + 1] = record[saved + 1];
  }
  return result;
}

}  // namespace shellcarve::ntfs
