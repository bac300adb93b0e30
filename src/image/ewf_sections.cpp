#include "image/ewf_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/byte_reader.h"

namespace shellcarve {
namespace {

// File header (EWF v1): signature[8] ("EVF\x09\x0d\x0a\xff\x00", or "LVF..." for L01),
// fields_start u8 = 0x01, segment_number u16 LE, fields_end u16 = 0x0000.
constexpr size_t kFileHeaderSize = 13;
constexpr size_t kSegmentNumberOffset = 9;
// Section descriptor (EWF v1): type[16] NUL-padded ASCII, next_offset u64 (absolute offset
// in this file of the next descriptor), section_size u64 (descriptor included), padding[40],
// Adler-32 u32. The first descriptor follows the file header; a section's data follows its
// descriptor.
constexpr size_t kSectionDescriptorSize = 76;
constexpr size_t kTypeSize = 16;
constexpr size_t kNextOffsetField = 16;
constexpr size_t kSectionSizeField = 24;
// "volume"/"disk"/"data" data, EnCase 2+ layout (1052 bytes): number_of_chunks u32 at 4,
// sectors_per_chunk u32 at 8, bytes_per_sector u32 at 12, number_of_sectors u64 at 16,
// set_identifier GUID[16] at 64. The 94-byte SMART/EnCase 1 layout has no identifier.
constexpr size_t kVolumeDataSize = 1052;
constexpr size_t kChunkCountField = 4;
constexpr size_t kSectorsPerChunkField = 8;
constexpr size_t kBytesPerSectorField = 12;
constexpr size_t kSectorCountField = 16;
constexpr size_t kSetIdentifierField = 64;
// "table" data: number_of_entries u32 at 0 (then base offset, checksum and the entries).
constexpr size_t kTableHeaderSize = 24;
// A segment of 1.4 GiB holds a few dozen sections; a chain longer than this is a loop.
constexpr uint32_t kMaxSections = 1u << 20;

bool has_v1_signature(std::span<const std::byte> header) {
  constexpr std::array<unsigned char, 7> kTail{'V', 'F', 0x09, 0x0d, 0x0a, 0xff, 0x00};
  if (header.size() < 8) return false;
  const auto first = std::to_integer<unsigned char>(header[0]);
  if (first != 'E' && first != 'L') return false;
  for (size_t i = 0; i < kTail.size(); ++i)
    if (std::to_integer<unsigned char>(header[i + 1]) != kTail[i]) return false;
  return true;
}

std::string section_type(std::span<const std::byte> type_field) {
  std::string type;
  for (const std::byte b : type_field) {
    const auto c = std::to_integer<unsigned char>(b);
    if (c == 0) break;
    type.push_back(std::isprint(c) ? static_cast<char>(c) : '?');
  }
  return type;
}

Result<EwfVolumeFacts> read_volume_facts(const EwfFileReader& read, uint64_t data_offset) {
  std::vector<std::byte> data(kVolumeDataSize);
  SC_RETURN_IF_ERROR(read(data_offset, data));
  const ByteReader reader(data, data_offset);
  EwfVolumeFacts facts;
  SC_ASSIGN_OR_RETURN(facts.chunk_count, reader.u32(kChunkCountField, "EWF volume number_of_chunks"));
  SC_ASSIGN_OR_RETURN(facts.sectors_per_chunk,
                      reader.u32(kSectorsPerChunkField, "EWF volume sectors_per_chunk"));
  SC_ASSIGN_OR_RETURN(facts.bytes_per_sector,
                      reader.u32(kBytesPerSectorField, "EWF volume bytes_per_sector"));
  SC_ASSIGN_OR_RETURN(facts.sector_count, reader.u64(kSectorCountField, "EWF volume number_of_sectors"));
  SC_ASSIGN_OR_RETURN(const auto guid,
                      reader.bytes(kSetIdentifierField, facts.set_identifier.size(), "EWF set identifier"));
  std::copy(guid.begin(), guid.end(), facts.set_identifier.begin());
  return facts;
}

}  // namespace

bool EwfVolumeFacts::has_set_identifier() const {
  return std::any_of(set_identifier.begin(), set_identifier.end(),
                     [](std::byte b) { return b != std::byte{0}; });
}

Result<uint16_t> parse_ewf_segment_number(std::span<const std::byte> header) {
  if (!has_v1_signature(header)) return fail(ErrorCode::kFormat, "not an EWF version 1 file header");
  const ByteReader reader(header);
  return reader.u16(kSegmentNumberOffset, "EWF segment number");
}

Result<EwfSegmentFile> read_ewf_segment_file(const EwfFileReader& read, uint64_t file_size,
                                             const std::string& name) {
  std::array<std::byte, kFileHeaderSize> header{};
  if (file_size < header.size())
    return fail(ErrorCode::kTruncated,
                fmt::format("EWF segment '{}' is truncated: {} bytes, shorter than its {}-byte file header",
                            name, file_size, header.size()));
  SC_RETURN_IF_ERROR(read(0, header));
  auto number = parse_ewf_segment_number(header);
  if (!number) return fail(ErrorCode::kFormat, fmt::format("'{}' is not an EWF version 1 segment file", name));
  EwfSegmentFile segment;
  segment.segment_number = *number;

  uint64_t offset = kFileHeaderSize;
  std::array<std::byte, kSectionDescriptorSize> raw{};
  for (uint32_t count = 0; count < kMaxSections; ++count) {
    if (offset > file_size || file_size - offset < raw.size())
      return fail(ErrorCode::kTruncated,
                  fmt::format("EWF segment '{}' is truncated: its section chain continues at "
                              "offset {} but the file ends at {}",
                              name, offset, file_size));
    SC_RETURN_IF_ERROR(read(offset, raw));
    segment.sections = count + 1;
    const ByteReader reader(raw, offset);
    SC_ASSIGN_OR_RETURN(const auto type_field, reader.bytes(0, kTypeSize, "EWF section type"));
    SC_ASSIGN_OR_RETURN(const uint64_t next, reader.u64(kNextOffsetField, "EWF section next offset"));
    SC_ASSIGN_OR_RETURN(const uint64_t size, reader.u64(kSectionSizeField, "EWF section size"));
    const std::string type = section_type(type_field);
    // "next" and "done" close a segment's chain; their next_offset points at themselves.
    if (type == "done" || type == "next") {
      segment.end = type == "done" ? EwfChainEnd::kDone : EwfChainEnd::kNext;
      return segment;
    }
    if (size > file_size - offset)
      return fail(ErrorCode::kTruncated,
                  fmt::format("EWF segment '{}' is truncated: section '{}' at offset {} needs "
                              "{} bytes but the file ends at {}",
                              name, type, offset, size, file_size));
    if (next <= offset)
      return fail(ErrorCode::kCorrupt,
                  fmt::format("EWF segment '{}': section '{}' at offset {} points back to offset {}",
                              name, type, offset, next));
    // The section's data lies within the file (checked above); shorter data than a layout
    // needs is another layout (SMART's 94-byte volume) or damage libewf reports: no facts.
    const uint64_t data_size = size < raw.size() ? 0 : size - raw.size();
    const uint64_t data_offset = offset + raw.size();
    if ((type == "volume" || type == "disk" || type == "data") && !segment.volume &&
        data_size >= kVolumeDataSize) {
      SC_ASSIGN_OR_RETURN(segment.volume, read_volume_facts(read, data_offset));
    } else if (type == "table" && data_size >= kTableHeaderSize) {
      std::array<std::byte, 4> entries{};
      SC_RETURN_IF_ERROR(read(data_offset, entries));
      SC_ASSIGN_OR_RETURN(const uint32_t n, ByteReader(entries, data_offset).u32(0, "EWF table number_of_entries"));
      segment.chunks += n;  // at most 2^20 sections of 2^32 entries: no overflow in 64 bits
    }
    offset = next;
  }
  return fail(ErrorCode::kLimit, fmt::format("EWF segment '{}': more than {} sections", name, kMaxSections));
}

std::string format_set_identifier(const std::array<std::byte, 16>& guid) {
  auto at = [&](size_t i) { return std::to_integer<unsigned>(guid[i]); };
  std::string text = fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-", at(3), at(2), at(1),
                                 at(0), at(5), at(4), at(7), at(6));
  for (size_t i = 8; i < 16; ++i) {
    if (i == 10) text += '-';
    text += fmt::format("{:02x}", at(i));
  }
  return text;
}

}  // namespace shellcarve
