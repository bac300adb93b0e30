#include "pe/version_resource.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "common/byte_reader.h"

namespace shellcarve::pe {
namespace {

// PE Format, "MS-DOS Stub": "MZ" at 0, the PE header's file offset at 0x3C.
constexpr uint16_t kDosMagic = 0x5A4D;
constexpr size_t kDosLfanew = 0x3C;
// "Signature": "PE\0\0"; the COFF file header (20 bytes) follows it.
constexpr uint32_t kPeSignature = 0x00004550;
constexpr size_t kCoffNumberOfSections = 2;
constexpr size_t kCoffSizeOfOptionalHeader = 16;
constexpr size_t kCoffHeaderSize = 20;
// "Optional Header Image Only": magic 0x10B (PE32) or 0x20B (PE32+); NumberOfRvaAndSizes and
// the data directories sit at different offsets in the two.
constexpr uint16_t kPe32Magic = 0x10B;
constexpr uint16_t kPe32PlusMagic = 0x20B;
constexpr size_t kPe32NumberOfRvaAndSizes = 92;
constexpr size_t kPe32PlusNumberOfRvaAndSizes = 108;
constexpr uint32_t kResourceDirectoryIndex = 2;  // "Optional Header Data Directories": Resource Table
constexpr size_t kDataDirectorySize = 8;
// "Section Table": 40-byte headers; VirtualSize at 8, VirtualAddress 12, SizeOfRawData 16,
// PointerToRawData 20.
constexpr size_t kSectionHeaderSize = 40;
// The loader caps sections at 96 (COFF spec: "the Windows loader limits the number of
// sections to 96"); a larger count is a damaged header, not 65,535 sections to walk.
constexpr uint16_t kMaxSections = 96;
// ".rsrc Section", "Resource Directory Table": 16 bytes, NumberOfNameEntries at 12,
// NumberOfIdEntries at 14, then 8-byte entries (name or ID, then offset; the high bit of the
// offset marks a subdirectory). Offsets are relative to the resource section's start.
constexpr size_t kResourceDirectorySize = 16;
constexpr size_t kResourceEntrySize = 8;
constexpr uint32_t kSubdirectoryBit = 0x80000000u;
constexpr uint32_t kRtVersion = 16;
// "Resource Data Entry": data RVA (an RVA, not a section offset) and size.
constexpr size_t kResourceDataEntrySize = 16;
// VS_FIXEDFILEINFO: signature 0xFEEF04BD, then dwStrucVersion, FileVersionMS/LS,
// ProductVersionMS/LS.
constexpr uint32_t kFixedFileInfoSignature = 0xFEEF04BD;
constexpr size_t kFixedFileInfoSize = 52;

struct Section {
  uint32_t virtual_address = 0;
  uint32_t virtual_size = 0;
  uint32_t raw_size = 0;
  uint32_t raw_offset = 0;
};

class PeImage {
 public:
  explicit PeImage(std::span<const std::byte> file) : reader_(file) {}
  const ByteReader& reader() const { return reader_; }
  std::vector<Section> sections;

  // File offset of `size` bytes at `rva`: they must lie in one section's raw data.
  Result<size_t> map(uint64_t rva, uint64_t size, std::string_view what) const {
    for (const Section& s : sections) {
      if (rva < s.virtual_address) continue;
      const uint64_t into = rva - s.virtual_address;
      if (into >= s.raw_size) continue;
      if (size > s.raw_size - into)
        return fail(ErrorCode::kCorrupt, fmt::format("{} at RVA {:#x} ({} bytes) runs past its section's raw data",
                                                     what, rva, size));
      const uint64_t offset = uint64_t{s.raw_offset} + into;
      if (!reader_.contains(offset, size))
        return fail(ErrorCode::kTruncated, fmt::format("{} at RVA {:#x} is at file offset {:#x} ({} bytes), past the "
                                                       "{} bytes read",
                                                       what, rva, offset, size, reader_.size()));
      return static_cast<size_t>(offset);
    }
    return fail(ErrorCode::kCorrupt, fmt::format("{} at RVA {:#x} is in no section's raw data", what, rva));
  }

 private:
  ByteReader reader_;
};

// Reads the headers; returns the resource directory's RVA (0 when there is none).
Result<uint32_t> read_headers(PeImage& pe) {
  const ByteReader& r = pe.reader();
  SC_ASSIGN_OR_RETURN(const uint16_t mz, r.u16(0, "DOS header e_magic"));
  if (mz != kDosMagic) return fail(ErrorCode::kFormat, "not a PE file: no MZ signature at offset 0");
  SC_ASSIGN_OR_RETURN(const uint32_t lfanew, r.u32(kDosLfanew, "DOS header e_lfanew"));
  SC_ASSIGN_OR_RETURN(const uint32_t signature, r.u32(lfanew, "PE signature"));
  if (signature != kPeSignature)
    return fail(ErrorCode::kFormat, fmt::format("not a PE file: no PE signature at offset {:#x}", lfanew));
  const uint64_t coff = uint64_t{lfanew} + 4;
  SC_ASSIGN_OR_RETURN(const uint16_t section_count, r.u16(coff + kCoffNumberOfSections, "COFF NumberOfSections"));
  SC_ASSIGN_OR_RETURN(const uint16_t optional_size, r.u16(coff + kCoffSizeOfOptionalHeader, "COFF SizeOfOptionalHeader"));
  if (section_count > kMaxSections)
    return fail(ErrorCode::kCorrupt, fmt::format("COFF header at {:#x} claims {} sections (at most {})", coff,
                                                 section_count, kMaxSections));
  const uint64_t optional = coff + kCoffHeaderSize;
  SC_ASSIGN_OR_RETURN(const uint16_t magic, r.u16(optional, "optional header magic"));
  size_t count_at = 0;
  if (magic == kPe32Magic) count_at = kPe32NumberOfRvaAndSizes;
  else if (magic == kPe32PlusMagic) count_at = kPe32PlusNumberOfRvaAndSizes;
  else return fail(ErrorCode::kUnsupported, fmt::format("optional header magic {:#x} is neither PE32 nor PE32+", magic));
  uint32_t resource_rva = 0;
  SC_ASSIGN_OR_RETURN(const uint32_t directories, r.u32(optional + count_at, "optional header NumberOfRvaAndSizes"));
  const uint64_t directory_at = optional + count_at + 4 + kResourceDirectoryIndex * kDataDirectorySize;
  // The directory must also lie inside the optional header the COFF header sized.
  if (directories > kResourceDirectoryIndex && directory_at + kDataDirectorySize <= optional + optional_size) {
    SC_ASSIGN_OR_RETURN(resource_rva, r.u32(directory_at, "resource table RVA"));
  }
  const uint64_t table = optional + optional_size;
  for (uint16_t i = 0; i < section_count; ++i) {
    const uint64_t at = table + uint64_t{i} * kSectionHeaderSize;
    SC_ASSIGN_OR_RETURN(const ByteReader header, r.sub(at, kSectionHeaderSize, "section header"));
    Section s;
    SC_ASSIGN_OR_RETURN(s.virtual_size, header.u32(8, "section VirtualSize"));
    SC_ASSIGN_OR_RETURN(s.virtual_address, header.u32(12, "section VirtualAddress"));
    SC_ASSIGN_OR_RETURN(s.raw_size, header.u32(16, "section SizeOfRawData"));
    SC_ASSIGN_OR_RETURN(s.raw_offset, header.u32(20, "section PointerToRawData"));
    // Bytes past VirtualSize are padding, not content.
    if (s.virtual_size != 0 && s.virtual_size < s.raw_size) s.raw_size = s.virtual_size;
    pe.sections.push_back(s);
  }
  return resource_rva;
}

// The offset (relative to the resource section) that entry `wanted_id` of the directory at
// `directory` points to, or the first entry's when `wanted_id` is nullopt; with whether it
// is a subdirectory.
struct EntryTarget {
  uint32_t offset = 0;
  bool subdirectory = false;
};
Result<std::optional<EntryTarget>> find_entry(const PeImage& pe, uint32_t root_rva, uint32_t directory,
                                              std::optional<uint32_t> wanted_id, std::string_view level) {
  const ByteReader& r = pe.reader();
  SC_ASSIGN_OR_RETURN(const size_t at, pe.map(uint64_t{root_rva} + directory, kResourceDirectorySize, level));
  SC_ASSIGN_OR_RETURN(const uint16_t named, r.u16(at + 12, "resource directory NumberOfNameEntries"));
  SC_ASSIGN_OR_RETURN(const uint16_t ids, r.u16(at + 14, "resource directory NumberOfIdEntries"));
  const uint32_t count = uint32_t{named} + ids;
  SC_ASSIGN_OR_RETURN(const size_t entries,
                      pe.map(uint64_t{root_rva} + directory + kResourceDirectorySize,
                             uint64_t{count} * kResourceEntrySize, "resource directory entries"));
  for (uint32_t i = 0; i < count; ++i) {
    const size_t entry = entries + size_t{i} * kResourceEntrySize;
    SC_ASSIGN_OR_RETURN(const uint32_t name, r.u32(entry, "resource entry name or ID"));
    SC_ASSIGN_OR_RETURN(const uint32_t offset, r.u32(entry + 4, "resource entry offset"));
    // Named entries come first and carry a string offset (high bit set), never an ID.
    if (wanted_id && (i < named || name != *wanted_id)) continue;
    return std::optional<EntryTarget>(EntryTarget{offset & ~kSubdirectoryBit, (offset & kSubdirectoryBit) != 0});
  }
  return std::optional<EntryTarget>();
}

Result<VersionResource> parse_fixed_file_info(const PeImage& pe, uint32_t rva, uint32_t size) {
  const ByteReader& r = pe.reader();
  SC_ASSIGN_OR_RETURN(const size_t at, pe.map(rva, size, "VS_VERSIONINFO"));
  SC_ASSIGN_OR_RETURN(const ByteReader info, r.sub(at, size, "VS_VERSIONINFO"));
  SC_ASSIGN_OR_RETURN(const uint16_t length, info.u16(0, "VS_VERSIONINFO wLength"));
  SC_ASSIGN_OR_RETURN(const uint16_t value_length, info.u16(2, "VS_VERSIONINFO wValueLength"));
  if (length > size)
    return fail(ErrorCode::kCorrupt, fmt::format("VS_VERSIONINFO at file offset {:#x}: wLength {} exceeds the resource's {} bytes",
                                                 at, length, size));
  if (value_length < kFixedFileInfoSize)
    return fail(ErrorCode::kNotFound, fmt::format("VS_VERSIONINFO at file offset {:#x} has no VS_FIXEDFILEINFO (wValueLength {})",
                                                  at, value_length));
  // szKey is L"VS_VERSION_INFO" (UTF-16, NUL-terminated) at 6; the value follows, aligned
  // to 4 bytes from the structure's start.
  size_t key_end = 6;
  while (true) {
    SC_ASSIGN_OR_RETURN(const uint16_t unit, info.u16(key_end, "VS_VERSIONINFO szKey"));
    key_end += 2;
    if (unit == 0) break;
  }
  const size_t value = (key_end + 3) & ~size_t{3};
  SC_ASSIGN_OR_RETURN(const ByteReader fixed, info.sub(value, kFixedFileInfoSize, "VS_FIXEDFILEINFO"));
  SC_ASSIGN_OR_RETURN(const uint32_t signature, fixed.u32(0, "VS_FIXEDFILEINFO dwSignature"));
  if (signature != kFixedFileInfoSignature)
    return fail(ErrorCode::kCorrupt, fmt::format("VS_FIXEDFILEINFO at file offset {:#x}: signature {:#x}, expected {:#x}",
                                                 at + value, signature, kFixedFileInfoSignature));
  std::array<uint32_t, 4> words{};
  for (size_t i = 0; i < words.size(); ++i) {
    SC_ASSIGN_OR_RETURN(words[i], fixed.u32(8 + 4 * i, "VS_FIXEDFILEINFO version"));
  }
  auto split = [](uint32_t ms, uint32_t ls) {
    return std::array<uint16_t, 4>{static_cast<uint16_t>(ms >> 16), static_cast<uint16_t>(ms),
                                   static_cast<uint16_t>(ls >> 16), static_cast<uint16_t>(ls)};
  };
  VersionResource out;
  out.file_version = split(words[0], words[1]);
  out.product_version = split(words[2], words[3]);
  out.resource_rva = rva;
  out.file_offset = at;
  return out;
}

}  // namespace

std::string to_string(const std::array<uint16_t, 4>& version) {
  return fmt::format("{}.{}.{}.{}", version[0], version[1], version[2], version[3]);
}

Result<VersionResource> parse_version_resource(std::span<const std::byte> file) {
  PeImage pe(file);
  SC_ASSIGN_OR_RETURN(const uint32_t root, read_headers(pe));
  if (root == 0) return fail(ErrorCode::kNotFound, "PE file has no resource table");
  // Three levels, fixed by the format: type, name, language. No recursion, so no loop.
  SC_ASSIGN_OR_RETURN(const auto type, find_entry(pe, root, 0, kRtVersion, "resource type directory"));
  if (!type) return fail(ErrorCode::kNotFound, "PE file has no RT_VERSION resource");
  if (!type->subdirectory) return fail(ErrorCode::kCorrupt, "RT_VERSION resource entry is not a directory");
  SC_ASSIGN_OR_RETURN(const auto name, find_entry(pe, root, type->offset, std::nullopt, "resource name directory"));
  if (!name || !name->subdirectory) return fail(ErrorCode::kCorrupt, "RT_VERSION has no name directory");
  SC_ASSIGN_OR_RETURN(const auto language, find_entry(pe, root, name->offset, std::nullopt, "resource language directory"));
  if (!language || language->subdirectory) return fail(ErrorCode::kCorrupt, "RT_VERSION has no language data entry");
  SC_ASSIGN_OR_RETURN(const size_t data_entry,
                      pe.map(uint64_t{root} + language->offset, kResourceDataEntrySize, "resource data entry"));
  SC_ASSIGN_OR_RETURN(const uint32_t data_rva, pe.reader().u32(data_entry, "resource data RVA"));
  SC_ASSIGN_OR_RETURN(const uint32_t data_size, pe.reader().u32(data_entry + 4, "resource data size"));
  return parse_fixed_file_info(pe, data_rva, data_size);
}

}  // namespace shellcarve::pe
