// evtx_layout.h: where the fields of the Windows XML Event Log (EVTX) format sit. Offsets
// only, no logic. Format facts from libyal's "Windows XML Event Log (EVTX) format"
// documentation (libevtx/documentation) and checked against the files in
// ../shared/corpus/evtx/ and Windows-written logs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shellcarve::logs::evtx {

// File header: the first 4096-byte block of the file ("ElfFile\0").
inline constexpr size_t kFileHeaderBlockSize = 4096;
inline constexpr size_t kFileHeaderSignature = 0;        // 8 bytes "ElfFile\0"
inline constexpr size_t kFileHeaderFirstChunk = 8;       // u64
inline constexpr size_t kFileHeaderLastChunk = 16;       // u64
inline constexpr size_t kFileHeaderNextRecordId = 24;    // u64
inline constexpr size_t kFileHeaderSize = 32;            // u32, 128
inline constexpr size_t kFileHeaderMinorVersion = 36;    // u16, 1 or 2
inline constexpr size_t kFileHeaderMajorVersion = 38;    // u16, 3
inline constexpr size_t kFileHeaderBlockSizeField = 40;  // u16, 4096
inline constexpr size_t kFileHeaderChunkCount = 42;      // u16
inline constexpr size_t kFileHeaderFlags = 120;          // u32: 1 dirty, 2 full
inline constexpr size_t kFileHeaderChecksum = 124;       // u32: CRC32 of bytes [0, 120)
inline constexpr size_t kFileHeaderChecksummed = 120;

// Chunk: 64 KiB ("ElfChnk\0"), a 512-byte header then event records.
inline constexpr size_t kChunkSize = 65536;
inline constexpr size_t kChunkSignature = 0;              // 8 bytes "ElfChnk\0"
inline constexpr size_t kChunkFirstRecordNumber = 8;      // u64
inline constexpr size_t kChunkLastRecordNumber = 16;      // u64
inline constexpr size_t kChunkFirstRecordId = 24;         // u64
inline constexpr size_t kChunkLastRecordId = 32;          // u64
inline constexpr size_t kChunkHeaderSizeField = 40;       // u32, 128
inline constexpr size_t kChunkLastRecordOffset = 44;      // u32
inline constexpr size_t kChunkFreeSpaceOffset = 48;       // u32: end of the records
inline constexpr size_t kChunkRecordsChecksum = 52;       // u32: CRC32 of [512, free space)
inline constexpr size_t kChunkFlags = 120;                // u32
inline constexpr size_t kChunkHeaderChecksum = 124;       // u32: CRC32 of [0,120) + [128,512)
inline constexpr size_t kChunkStringTable = 128;          // 64 x u32 common-string offsets
inline constexpr size_t kChunkTemplateTable = 384;        // 32 x u32 template offsets
inline constexpr size_t kChunkHeaderSize = 512;

// Event record: "**\0\0", size, id, written time, BinXML, copy of size.
inline constexpr uint32_t kRecordSignature = 0x00002a2a;
inline constexpr size_t kRecordSize = 4;       // u32, whole record
inline constexpr size_t kRecordId = 8;         // u64
inline constexpr size_t kRecordWritten = 16;   // u64 FILETIME
inline constexpr size_t kRecordBinXml = 24;
inline constexpr size_t kRecordMinSize = 28;   // header plus the trailing size copy

// BinXML tokens; 0x40 on 0x01/0x05/0x06/0x07/0x08/0x09 is the "more follows" flag
// (attributes for 0x01, another value or attribute for the others).
enum BinXmlToken : uint8_t {
  kTokenEof = 0x00,
  kTokenOpenStartElement = 0x01,
  kTokenCloseStartElement = 0x02,
  kTokenCloseEmptyElement = 0x03,
  kTokenEndElement = 0x04,
  kTokenValue = 0x05,
  kTokenAttribute = 0x06,
  kTokenCData = 0x07,
  kTokenCharRef = 0x08,
  kTokenEntityRef = 0x09,
  kTokenPiTarget = 0x0a,
  kTokenPiData = 0x0b,
  kTokenTemplateInstance = 0x0c,
  kTokenNormalSubstitution = 0x0d,
  kTokenOptionalSubstitution = 0x0e,
  kTokenFragmentHeader = 0x0f,
};
inline constexpr uint8_t kTokenMoreFlag = 0x40;

// Template definition header, at the offset a template instance names: next definition
// offset (u32), GUID (16 bytes), data size (u32), then a BinXML fragment of that size.
inline constexpr size_t kTemplateDefinitionHeader = 24;

}  // namespace shellcarve::logs::evtx
