#include "image/ewf_segment_set.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <filesystem>

#include "common/byte_reader.h"
#include "image/file_segment.h"

namespace shellcarve {
namespace {

// File header (EWF v1): signature[8] ("EVF\x09\x0d\x0a\xff\x00", or "LVF..." for L01),
// fields_start u8 = 0x01, segment_number u16 LE, fields_end u16 = 0x0000.
constexpr size_t kFileHeaderSize = 13;
constexpr size_t kSegmentNumberOffset = 9;
// Section descriptor (EWF v1): type[16] NUL-padded ASCII, next_offset u64 (absolute offset
// in this file of the next descriptor), section_size u64 (descriptor included), padding[40],
// Adler-32 u32. The first descriptor follows the file header.
constexpr size_t kSectionDescriptorSize = 76;
constexpr size_t kNextOffsetField = 16;
constexpr size_t kSectionSizeField = 24;
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

enum class ChainEnd { kNext, kDone };

// Walks the section chain of one segment file and says how it ends.
Result<ChainEnd> walk_sections(const FileSegment& file) {
  uint64_t offset = kFileHeaderSize;
  std::array<std::byte, kSectionDescriptorSize> raw{};
  for (uint32_t count = 0; count < kMaxSections; ++count) {
    if (offset > file.size() || file.size() - offset < raw.size())
      return fail(ErrorCode::kTruncated,
                  fmt::format("EWF segment '{}' is truncated: its section chain continues at "
                              "offset {} but the file ends at {}",
                              file.path(), offset, file.size()));
    SC_RETURN_IF_ERROR(file.read(offset, raw));
    const ByteReader reader(raw, offset);
    SC_ASSIGN_OR_RETURN(const auto type_field, reader.bytes(0, 16, "EWF section type"));
    SC_ASSIGN_OR_RETURN(const uint64_t next, reader.u64(kNextOffsetField, "EWF section next offset"));
    SC_ASSIGN_OR_RETURN(const uint64_t size, reader.u64(kSectionSizeField, "EWF section size"));
    const std::string type = section_type(type_field);
    // "next" and "done" close a segment's chain; their next_offset points at themselves.
    if (type == "done") return ChainEnd::kDone;
    if (type == "next") return ChainEnd::kNext;
    if (size > file.size() - offset)
      return fail(ErrorCode::kTruncated,
                  fmt::format("EWF segment '{}' is truncated: section '{}' at offset {} needs "
                              "{} bytes but the file ends at {}",
                              file.path(), type, offset, size, file.size()));
    if (next <= offset)
      return fail(ErrorCode::kCorrupt,
                  fmt::format("EWF segment '{}': section '{}' at offset {} points back to "
                              "offset {}",
                              file.path(), type, offset, next));
    offset = next;
  }
  return fail(ErrorCode::kLimit, fmt::format("EWF segment '{}': more than {} sections",
                                             file.path(), kMaxSections));
}

}  // namespace

std::string ewf_segment_name(const std::string& first_segment, uint32_t number) {
  const std::filesystem::path path(first_segment);
  std::string ext = path.extension().string();  // ".E01"
  if (ext.size() != 4) return fmt::format("{} (segment {})", first_segment, number);
  const bool lower = std::islower(static_cast<unsigned char>(ext[1])) != 0;
  const char base = static_cast<char>(std::toupper(static_cast<unsigned char>(ext[1])));
  std::string tail;
  if (number <= 99) {
    tail = fmt::format("{}{:02}", base, number);
  } else {
    uint32_t rest = number - 100;
    const char third = static_cast<char>('A' + rest % 26);
    rest /= 26;
    const char second = static_cast<char>('A' + rest % 26);
    rest /= 26;
    tail = fmt::format("{}{}{}", static_cast<char>(base + rest), second, third);
  }
  if (lower)
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::filesystem::path result = path;
  result.replace_extension("." + tail);
  return result.string();
}

Result<uint16_t> parse_ewf_segment_number(std::span<const std::byte> header) {
  if (!has_v1_signature(header))
    return fail(ErrorCode::kFormat, "not an EWF version 1 file header");
  const ByteReader reader(header);
  return reader.u16(kSegmentNumberOffset, "EWF segment number");
}

Status check_ewf_segment_set(const std::vector<std::string>& paths) {
  if (paths.empty()) return fail(ErrorCode::kInvalidArgument, "no EWF segments given");
  for (size_t i = 0; i < paths.size(); ++i) {
    SC_ASSIGN_OR_RETURN(const FileSegment file, FileSegment::open(paths[i]));
    std::array<std::byte, kFileHeaderSize> header{};
    if (file.size() < header.size())
      return fail(ErrorCode::kTruncated,
                  fmt::format("EWF segment '{}' is truncated: {} bytes, shorter than its "
                              "{}-byte file header",
                              paths[i], file.size(), header.size()));
    SC_RETURN_IF_ERROR(file.read(0, header));
    auto number = parse_ewf_segment_number(header);
    if (!number) {
      if (i == 0) return {};  // EWF2 (Ex01) or another variant: libewf judges it alone
      return fail(ErrorCode::kFormat,
                  fmt::format("'{}' is not an EWF segment file", paths[i]));
    }
    const uint32_t expected = static_cast<uint32_t>(i + 1);
    if (*number != expected)
      return fail(ErrorCode::kNotFound,
                  fmt::format("segment '{}' is missing ('{}' holds segment {})",
                              ewf_segment_name(paths[0], expected), paths[i], *number));
    SC_ASSIGN_OR_RETURN(const ChainEnd end, walk_sections(file));
    const bool last = i + 1 == paths.size();
    if (last && end == ChainEnd::kNext)
      return fail(ErrorCode::kNotFound,
                  fmt::format("segment '{}' is missing: '{}' ends in a \"next\" section, so "
                              "the set continues",
                              ewf_segment_name(paths[0], expected + 1), paths[i]));
    if (!last && end == ChainEnd::kDone)
      return {};  // a "done" section ends the set; files after it are not part of it
  }
  return {};
}

}  // namespace shellcarve
