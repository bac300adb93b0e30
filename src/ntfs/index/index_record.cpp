// index_record.cpp: one INDX record (see index_record.h).
#include "ntfs/index/index_record.h"

#include <fmt/format.h>

#include <vector>

#include "common/byte_reader.h"
#include "ntfs/fixup.h"

namespace shellcarve::ntfs {

Result<IndexRecord> parse_index_record(std::span<const std::byte> record, uint64_t image_offset,
                                       bool file_name_keys) {
  using L = IndexRecordLayout;
  const ByteReader raw(record, image_offset);
  SC_ASSIGN_OR_RETURN(const auto signature, raw.bytes(L::kSignature, 4, "INDX record signature"));
  const bool is_indx = signature[0] == std::byte{'I'} && signature[1] == std::byte{'N'} &&
                       signature[2] == std::byte{'D'} && signature[3] == std::byte{'X'};
  if (!is_indx)
    return fail(ErrorCode::kFormat,
                fmt::format("INDX record at offset {}: signature is not INDX", image_offset));
  if (record.size() < L::kMinSize)
    return fail(ErrorCode::kTruncated,
                fmt::format("INDX record at offset {}: {} bytes, the header needs {}",
                            image_offset, record.size(), L::kMinSize));
  std::vector<std::byte> copy(record.begin(), record.end());
  SC_ASSIGN_OR_RETURN(FixupResult fixups, apply_fixups(copy, image_offset, "INDX record"));
  const ByteReader r(copy, image_offset);
  IndexRecord out;
  out.fixup_valid = fixups.valid;
  SC_ASSIGN_OR_RETURN(out.lsn, r.u64(L::kLsn, "INDX record LSN"));
  SC_ASSIGN_OR_RETURN(out.vcn, r.u64(L::kVcn, "INDX record VCN"));
  out.node = parse_index_node(r, L::kNodeHeader, file_name_keys);
  out.node.damage.insert(out.node.damage.begin(), fixups.damage.begin(), fixups.damage.end());
  return out;
}

}  // namespace shellcarve::ntfs
