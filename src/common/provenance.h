// Provenance: where a fact came from, carried from the byte reader to the output row so
// every row can say which partition, MFT entry and sequence, attribute and image byte
// offset it was read from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shellcarve {

struct Provenance {
  uint32_t partition_index = 0;
  std::optional<uint64_t> mft_entry;
  std::optional<uint16_t> mft_sequence;
  std::string attribute;     // e.g. "$STANDARD_INFORMATION", "$FILE_NAME", "$J"
  uint64_t image_offset = 0;  // byte offset in the media of the structure read
};

}  // namespace shellcarve
