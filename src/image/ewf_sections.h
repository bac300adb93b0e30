// ewf_sections.h: one EWF version 1 segment file (E01, E02 ... or L01 ...) read without
// libewf: its file header and the chain of section descriptors, with the few facts the set
// check needs (which segment it is, how its chain ends, which acquisition it belongs to, how
// many chunks it holds). Reads go through a callback, so the same walker serves files on
// disk and bytes in memory (the fuzz target). Layout facts from Joachim Metz, "Expert
// Witness Compression Format (EWF)", libewf documentation: section 2 (file header), 3
// (section descriptor), 3.5/3.8 ("volume", "disk" and "data" sections share one layout),
// 3.10 ("table" section).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "common/result.h"

namespace shellcarve {

// Fills `out` with the bytes at `offset` of the segment file, or fails.
using EwfFileReader = std::function<Status(uint64_t offset, std::span<std::byte> out)>;

// A segment's chain ends in "next" (more segments follow) or "done" (the last segment).
enum class EwfChainEnd { kNext, kDone };

// What a "volume"/"disk" section (first segment) or "data" section (the others; a copy of
// the first segment's "volume") says about the acquisition, in the 1052-byte layout of
// EnCase 2 and later. Segments of one acquisition carry equal values.
struct EwfVolumeFacts {
  uint32_t chunk_count = 0;
  uint32_t sectors_per_chunk = 0;
  uint32_t bytes_per_sector = 0;
  uint64_t sector_count = 0;
  // The set identifier (a GUID) libewf checks ("GUID does not match"); all zero when the
  // acquiring tool wrote none (ewfacquire 20140813 writes none).
  std::array<std::byte, 16> set_identifier{};

  bool has_set_identifier() const;
};

struct EwfSegmentFile {
  uint16_t segment_number = 0;
  EwfChainEnd end = EwfChainEnd::kNext;
  std::optional<EwfVolumeFacts> volume;  // the first "volume", "disk" or "data" section
  uint64_t chunks = 0;                   // entries of its "table" sections ("table2" copies them)
  uint32_t sections = 0;                 // descriptors walked, the closing one included
};

// The segment number in a 13-byte EWF v1 file header, or kFormat when `header` is not one.
Result<uint16_t> parse_ewf_segment_number(std::span<const std::byte> header);

// Walks the segment file of `file_size` bytes named `name` (for messages). Errors name the
// file and offset: kFormat (not an EWF v1 file header), kTruncated (the chain or a section
// runs past the end of the file), kCorrupt (a descriptor points backwards), kLimit (a chain
// of more than 2^20 sections).
Result<EwfSegmentFile> read_ewf_segment_file(const EwfFileReader& read, uint64_t file_size,
                                             const std::string& name);

// The set identifier as a GUID in its usual text form (first three fields little-endian):
// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
std::string format_set_identifier(const std::array<std::byte, 16>& guid);

}  // namespace shellcarve
