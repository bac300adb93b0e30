#include "ntfs/usn/usn_record.h"

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "common/utf16.h"

namespace shellcarve::ntfs {
namespace {

size_t header_size(uint16_t major) {
  switch (major) {
    case 2: return UsnRecordV2Layout::kHeaderSize;
    case 3: return UsnRecordV3Layout::kHeaderSize;
    case 4: return UsnRecordV4Layout::kHeaderSize;
    default: return 0;
  }
}

// Fields V2 and V3 share, at the positions `L` gives.
template <class L>
Status parse_named_record(const ByteReader& r, UsnRecord& record) {
  SC_ASSIGN_OR_RETURN(const uint64_t raw_usn, r.u64(L::kUsn, "USN record Usn"));
  record.usn = static_cast<int64_t>(raw_usn);
  SC_ASSIGN_OR_RETURN(record.timestamp, r.u64(L::kTimestamp, "USN record TimeStamp"));
  SC_ASSIGN_OR_RETURN(record.reason, r.u32(L::kReason, "USN record Reason"));
  SC_ASSIGN_OR_RETURN(record.source_info, r.u32(L::kSourceInfo, "USN record SourceInfo"));
  SC_ASSIGN_OR_RETURN(record.security_id, r.u32(L::kSecurityId, "USN record SecurityId"));
  SC_ASSIGN_OR_RETURN(record.file_attributes,
                      r.u32(L::kFileAttributes, "USN record FileAttributes"));
  SC_ASSIGN_OR_RETURN(const uint16_t name_length,
                      r.u16(L::kFileNameLength, "USN record FileNameLength"));
  SC_ASSIGN_OR_RETURN(const uint16_t name_offset,
                      r.u16(L::kFileNameOffset, "USN record FileNameOffset"));
  // The name must lie inside the record and after the fixed fields; an offset into the
  // header would make header bytes part of the name.
  if (name_offset < L::kHeaderSize || name_offset > record.record_length ||
      name_length > record.record_length - name_offset)
    return fail(ErrorCode::kCorrupt,
                fmt::format("USN record at $J offset {}: name at {} of {} bytes lies outside "
                            "the record's {} bytes (header {})",
                            record.offset, name_offset, name_length, record.record_length,
                            L::kHeaderSize));
  if (name_length % 2 != 0)
    return fail(ErrorCode::kCorrupt,
                fmt::format("USN record at $J offset {}: odd name length {} (UTF-16 names "
                            "are whole code units)",
                            record.offset, name_length));
  if (name_offset != L::kHeaderSize)
    record.damage.push_back(fmt::format("name at record offset {}, not {} where Windows puts it",
                                        name_offset, L::kHeaderSize));
  SC_ASSIGN_OR_RETURN(auto name_bytes, r.bytes(name_offset, name_length, "USN record FileName"));
  Utf16Conversion name = utf16le_to_utf8(name_bytes);
  record.name = std::move(name.utf8);
  record.name_lossless = name.lossless;
  return {};
}

Status parse_range_record(const ByteReader& r, UsnRecord& record) {
  using L = UsnRecordV4Layout;
  record.range_tracking = true;
  SC_ASSIGN_OR_RETURN(const uint64_t raw_usn, r.u64(L::kUsn, "USN record Usn"));
  record.usn = static_cast<int64_t>(raw_usn);
  SC_ASSIGN_OR_RETURN(record.reason, r.u32(L::kReason, "USN record Reason"));
  SC_ASSIGN_OR_RETURN(record.source_info, r.u32(L::kSourceInfo, "USN record SourceInfo"));
  SC_ASSIGN_OR_RETURN(record.remaining_extents,
                      r.u32(L::kRemainingExtents, "USN record RemainingExtents"));
  SC_ASSIGN_OR_RETURN(const uint16_t count, r.u16(L::kNumberOfExtents, "USN record NumberOfExtents"));
  SC_ASSIGN_OR_RETURN(const uint16_t extent_size, r.u16(L::kExtentSize, "USN record ExtentSize"));
  if (count == 0) return {};
  if (extent_size < L::kExtentLength)
    return fail(ErrorCode::kCorrupt,
                fmt::format("USN V4 record at $J offset {}: extent size {} is smaller than an "
                            "extent ({} bytes)",
                            record.offset, extent_size, L::kExtentLength));
  // count and extent_size are u16, so their product cannot overflow size_t.
  const size_t extents_bytes = size_t{count} * extent_size;
  if (extents_bytes > record.record_length - L::kExtents)
    return fail(ErrorCode::kCorrupt,
                fmt::format("USN V4 record at $J offset {}: {} extents of {} bytes do not fit "
                            "in the record's {} bytes",
                            record.offset, count, extent_size, record.record_length));
  if (extent_size != L::kExtentLength)
    record.damage.push_back(fmt::format("extent size {}, not {}", extent_size, L::kExtentLength));
  record.extents.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t at = L::kExtents + i * extent_size;
    SC_ASSIGN_OR_RETURN(const uint64_t offset, r.u64(at, "USN extent Offset"));
    SC_ASSIGN_OR_RETURN(const uint64_t length, r.u64(at + 8, "USN extent Length"));
    record.extents.push_back({static_cast<int64_t>(offset), static_cast<int64_t>(length)});
  }
  return {};
}

}  // namespace

std::string file_id_128_to_hex(std::span<const std::byte> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (size_t i = bytes.size(); i-- > 0;) {
    const auto b = std::to_integer<unsigned>(bytes[i]);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::optional<uint32_t> plausible_usn_record_length(std::span<const std::byte> bytes) {
  if (bytes.size() < UsnRecordCommonLayout::kSize) return std::nullopt;
  const uint32_t length = static_cast<uint32_t>(load_le(bytes.first(4)));
  const size_t header = header_size(static_cast<uint16_t>(load_le(bytes.subspan(4, 2))));
  if (header == 0 || length < header || length % 8 != 0 || length > kUsnMaxRecordLength)
    return std::nullopt;
  return length;
}

Result<uint32_t> check_usn_record_header(std::span<const std::byte> bytes, uint64_t offset) {
  if (const auto length = plausible_usn_record_length(bytes)) return *length;
  const ByteReader r(bytes, offset);
  SC_ASSIGN_OR_RETURN(const uint32_t length,
                      r.u32(UsnRecordCommonLayout::kRecordLength, "USN record RecordLength"));
  SC_ASSIGN_OR_RETURN(const uint16_t major,
                      r.u16(UsnRecordCommonLayout::kMajorVersion, "USN record MajorVersion"));
  const size_t header = header_size(major);
  if (header == 0)
    return fail(ErrorCode::kFormat,
                fmt::format("USN record at $J offset {}: major version {} is not 2, 3 or 4",
                            offset, major));
  if (length < header || length % 8 != 0 || length > kUsnMaxRecordLength)
    return fail(ErrorCode::kFormat,
                fmt::format("USN record at $J offset {}: length {} is not a multiple of 8 "
                            "between {} and {} (V{} header)",
                            offset, length, header, kUsnMaxRecordLength, major));
  return length;  // fewer than 8 bytes, but what is there could start a record
}

Result<UsnRecord> parse_usn_record(std::span<const std::byte> bytes, uint64_t offset) {
  SC_ASSIGN_OR_RETURN(const uint32_t length, check_usn_record_header(bytes, offset));
  if (bytes.size() < length)
    return fail(ErrorCode::kTruncated,
                fmt::format("USN record at $J offset {}: {} bytes long, only {} present",
                            offset, length, bytes.size()));
  // Every field is read through a reader limited to the record, so nothing can be taken
  // from the next record.
  const ByteReader r(bytes.first(length), offset);
  UsnRecord record;
  record.record_length = length;
  record.offset = offset;
  SC_ASSIGN_OR_RETURN(record.major_version,
                      r.u16(UsnRecordCommonLayout::kMajorVersion, "USN record MajorVersion"));
  SC_ASSIGN_OR_RETURN(record.minor_version,
                      r.u16(UsnRecordCommonLayout::kMinorVersion, "USN record MinorVersion"));
  if (record.major_version == 2) {
    SC_ASSIGN_OR_RETURN(const uint64_t file, r.u64(UsnRecordV2Layout::kFileReference,
                                                   "USN record FileReferenceNumber"));
    SC_ASSIGN_OR_RETURN(const uint64_t parent, r.u64(UsnRecordV2Layout::kParentReference,
                                                     "USN record ParentFileReferenceNumber"));
    record.file_reference = FileReference::from_raw(file);
    record.parent_reference = FileReference::from_raw(parent);
    record.file_id = fmt::format("{:032x}", file);
    record.parent_file_id = fmt::format("{:032x}", parent);
    SC_RETURN_IF_ERROR(parse_named_record<UsnRecordV2Layout>(r, record));
    return record;
  }
  // V3 and V4 share the 128-bit ids at the same offsets.
  SC_ASSIGN_OR_RETURN(auto file, r.bytes(UsnRecordV3Layout::kFileReference, 16,
                                         "USN record FileReferenceNumber"));
  SC_ASSIGN_OR_RETURN(auto parent, r.bytes(UsnRecordV3Layout::kParentReference, 16,
                                           "USN record ParentFileReferenceNumber"));
  record.file_reference = FileReference::from_raw(load_le(file.first(8)));
  record.parent_reference = FileReference::from_raw(load_le(parent.first(8)));
  record.file_id = file_id_128_to_hex(file);
  record.parent_file_id = file_id_128_to_hex(parent);
  if (record.major_version == 3)
    SC_RETURN_IF_ERROR(parse_named_record<UsnRecordV3Layout>(r, record));
  else
    SC_RETURN_IF_ERROR(parse_range_record(r, record));
  return record;
}

}  // namespace shellcarve::ntfs
