#include "ntfs/lznt1.h"

#include <fmt/format.h>

#include "common/byte_reader.h"

namespace shellcarve::ntfs {
namespace {

constexpr size_t kChunkOutput = 4096;
constexpr uint16_t kChunkCompressed = 0x8000;
constexpr uint16_t kChunkSizeMask = 0x0FFF;

// One compressed chunk's body into `output` (at most 4096 bytes).
Status decompress_chunk(const ByteReader& chunk, std::vector<std::byte>& output, size_t limit) {
  const size_t chunk_start = output.size();
  size_t in = 0;
  while (in < chunk.size() && output.size() < limit) {
    SC_ASSIGN_OR_RETURN(const uint8_t flags, chunk.u8(in, "LZNT1 flag byte"));
    ++in;
    for (int bit = 0; bit < 8 && in < chunk.size() && output.size() < limit; ++bit) {
      if (((flags >> bit) & 1) == 0) {
        SC_ASSIGN_OR_RETURN(const uint8_t literal, chunk.u8(in, "LZNT1 literal"));
        output.push_back(std::byte{literal});
        ++in;
        continue;
      }
      SC_ASSIGN_OR_RETURN(const uint16_t token, chunk.u16(in, "LZNT1 copy token"));
      in += 2;
      const size_t position = output.size() - chunk_start;
      // The displacement gets as many bits as needed to reach back to the chunk start
      // (at least 4, at most 12); the length gets the rest.
      unsigned displacement_bits = 4;
      while (displacement_bits < 12 && (size_t{1} << displacement_bits) < position)
        ++displacement_bits;
      const unsigned length_bits = 16 - displacement_bits;
      const size_t length = (token & ((1u << length_bits) - 1)) + 3;
      const size_t displacement = (token >> length_bits) + 1;
      if (displacement > position)
        return fail(ErrorCode::kCorrupt,
                    fmt::format("LZNT1 back-reference at offset {} reaches {} bytes back, "
                                "only {} produced in this chunk",
                                chunk.origin() + in - 2, displacement, position));
      for (size_t i = 0; i < length && output.size() < limit; ++i)
        output.push_back(output[output.size() - displacement]);
    }
  }
  return {};
}

}  // namespace

Status lznt1_decompress(std::span<const std::byte> input, std::vector<std::byte>& output,
                        size_t max_output) {
  const ByteReader reader(input);
  const size_t limit = output.size() + max_output;
  size_t offset = 0;
  while (offset + 2 <= input.size() && output.size() < limit) {
    SC_ASSIGN_OR_RETURN(const uint16_t header, reader.u16(offset, "LZNT1 chunk header"));
    if (header == 0) break;  // end of the compressed data
    const size_t body = (header & kChunkSizeMask) + 1;  // the header stores size - 3
    SC_ASSIGN_OR_RETURN(const ByteReader chunk, reader.sub(offset + 2, body, "LZNT1 chunk"));
    const size_t chunk_limit = std::min(limit, output.size() + kChunkOutput);
    if (header & kChunkCompressed) {
      SC_RETURN_IF_ERROR(decompress_chunk(chunk, output, chunk_limit));
    } else {
      for (size_t i = 0; i < chunk.size() && output.size() < chunk_limit; ++i)
        output.push_back(chunk.data()[i]);
    }
    offset += 2 + body;
  }
  return {};
}

}  // namespace shellcarve::ntfs
