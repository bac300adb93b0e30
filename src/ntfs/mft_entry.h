// mft_entry.h: the parsed form of one MFT record (a FILE record) and its attributes, in the
// format's own words. Parsing is in mft_record_parser.h; merging extension records through
// $ATTRIBUTE_LIST in attribute_list.h. Every attribute remembers the MFT entry and the image
// byte offset it was read from, so outputs can cite it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shellcarve::ntfs {

// A file reference: 48-bit MFT entry number and 16-bit sequence number.
struct FileReference {
  uint64_t entry = 0;
  uint16_t sequence = 0;
  static FileReference from_raw(uint64_t raw) {
    return {raw & 0x0000FFFFFFFFFFFFULL, static_cast<uint16_t>(raw >> 48)};
  }
  bool operator==(const FileReference&) const = default;
};

// Attribute type codes ($AttrDef of NTFS 3.x).
enum class AttributeType : uint32_t {
  kStandardInformation = 0x10,
  kAttributeList = 0x20,
  kFileName = 0x30,
  kObjectId = 0x40,
  kSecurityDescriptor = 0x50,
  kVolumeName = 0x60,
  kVolumeInformation = 0x70,
  kData = 0x80,
  kIndexRoot = 0x90,
  kIndexAllocation = 0xA0,
  kBitmap = 0xB0,
  kReparsePoint = 0xC0,
  kEaInformation = 0xD0,
  kEa = 0xE0,
  kLoggedUtilityStream = 0x100,
  kEnd = 0xFFFFFFFF,
};

// "$DATA", "$FILE_NAME" ... ; "$UNKNOWN" for other codes.
const char* attribute_type_name(AttributeType type);

// Attribute header flags.
inline constexpr uint16_t kAttributeFlagCompressed = 0x0001;
inline constexpr uint16_t kAttributeFlagEncrypted = 0x4000;
inline constexpr uint16_t kAttributeFlagSparse = 0x8000;

// One run of a non-resident attribute's mapping pairs: `length` clusters starting at virtual
// cluster `vcn`, stored at logical cluster `lcn`; a sparse run has no lcn (reads as zeros).
struct DataRun {
  uint64_t vcn = 0;
  uint64_t length = 0;
  std::optional<uint64_t> lcn;
};

// The four NTFS times as raw FILETIMEs, in on-disk order.
struct NtfsTimes {
  uint64_t creation = 0;
  uint64_t modification = 0;       // content modified
  uint64_t mft_modification = 0;   // record changed ("C" in MACB)
  uint64_t access = 0;
};

// $STANDARD_INFORMATION (0x10). NTFS 1.2 records are 48 bytes; 3.x adds owner, security id,
// quota and USN (72 bytes).
struct StandardInformation {
  NtfsTimes times;
  uint32_t file_attributes = 0;  // FILE_ATTRIBUTE_* (read-only 0x1, hidden 0x2, system 0x4 ...)
  std::optional<uint32_t> owner_id;
  std::optional<uint32_t> security_id;
  std::optional<uint64_t> usn;
  uint64_t image_offset = 0;  // of the attribute's content
};

enum class FileNameNamespace : uint8_t { kPosix = 0, kWin32 = 1, kDos = 2, kWin32AndDos = 3 };

// $FILE_NAME (0x30).
struct FileNameAttribute {
  FileReference parent;
  NtfsTimes times;
  uint64_t allocated_size = 0;
  uint64_t real_size = 0;
  uint32_t file_attributes = 0;
  FileNameNamespace name_space = FileNameNamespace::kPosix;
  std::string name;            // UTF-8; unpaired surrogates as U+FFFD
  bool name_lossless = true;
  uint16_t attribute_id = 0;
  uint64_t image_offset = 0;   // of the attribute's content
  uint64_t mft_entry = 0;      // the record holding it (an extension record, maybe)
};

// How much of each attribute a parse keeps: everything, or (for a catalog of the whole
// volume, where a million copies of small resident values would only be thrown away) the
// sizes and typed fields without the resident content.
enum class AttributeContent { kKeep, kSizesOnly };

// Any attribute, as its header describes it, with its content (resident) or its runs.
struct Attribute {
  AttributeType type = AttributeType::kEnd;
  uint16_t id = 0;
  std::string name;           // stream name for $DATA ("" = the unnamed stream), "$I30" ...
  uint16_t flags = 0;         // kAttributeFlag*
  bool resident = true;
  // Resident: the content bytes.
  std::vector<std::byte> resident_data;
  // Non-resident: sizes from the header and the decoded runs of this piece. An attribute
  // spread over extension records arrives as several pieces (lowest_vcn differs); merging
  // joins their runs into one.
  uint64_t lowest_vcn = 0;
  uint64_t highest_vcn = 0;
  uint64_t allocated_size = 0;
  uint64_t data_size = 0;
  uint64_t initialized_size = 0;
  uint16_t compression_unit = 0;  // log2 of clusters per compression unit
  std::vector<DataRun> runs;
  // Provenance.
  uint64_t mft_entry = 0;     // the record it was read from (an extension record, maybe)
  uint64_t image_offset = 0;  // of the attribute header in the image
  // Set when the runs could not be fully decoded (the message says why and where).
  std::string damage;
  // False when the parse was asked for sizes only (AttributeContent::kSizesOnly): then a
  // resident attribute's value length is in data_size and resident_data stays empty.
  bool content_kept = true;

  uint64_t size() const { return resident && content_kept ? resident_data.size() : data_size; }
  bool compressed() const { return (flags & kAttributeFlagCompressed) != 0; }
  bool encrypted() const { return (flags & kAttributeFlagEncrypted) != 0; }
  bool sparse() const { return (flags & kAttributeFlagSparse) != 0; }
};

// An $ATTRIBUTE_LIST (0x20) entry: where an attribute of this file lives.
struct AttributeListEntry {
  AttributeType type = AttributeType::kEnd;
  uint64_t lowest_vcn = 0;
  FileReference record;
  uint16_t attribute_id = 0;
  std::string name;
};

// MFT record header flags.
inline constexpr uint16_t kMftFlagInUse = 0x0001;
inline constexpr uint16_t kMftFlagDirectory = 0x0002;

struct MftEntry {
  uint64_t entry_number = 0;  // the record's position in $MFT (or its header field, for carved)
  uint16_t sequence = 0;
  uint16_t link_count = 0;
  uint16_t flags = 0;
  uint64_t lsn = 0;
  FileReference base_record;  // entry 0 = this is a base record
  uint32_t used_size = 0;
  uint32_t allocated_size = 0;
  // The record's own number (header offset 0x2C, NTFS 3.1 records only; absent in 3.0).
  std::optional<uint32_t> header_entry_number;
  bool baad = false;          // signature "BAAD": chkdsk marked the record bad
  bool fixup_valid = true;    // false when an update-sequence check failed (bytes kept as read)
  std::vector<std::string> damage;  // each problem found, with offset: the record is still used

  std::optional<StandardInformation> standard_information;
  std::vector<FileNameAttribute> file_names;
  std::vector<AttributeListEntry> attribute_list;
  std::vector<Attribute> attributes;  // every attribute, $SI and $FN included, in record order
  std::optional<std::string> object_id;  // $OBJECT_ID GUID as text, when present
  std::optional<std::string> volume_name;  // $VOLUME_NAME label ($Volume, entry 3)
  std::vector<uint64_t> extension_records;  // entries merged into this one

  uint64_t image_offset = 0;  // of the record's first byte

  bool in_use() const { return (flags & kMftFlagInUse) != 0; }
  bool is_directory() const { return (flags & kMftFlagDirectory) != 0; }
  bool is_base() const { return base_record.entry == 0; }
};

}  // namespace shellcarve::ntfs
