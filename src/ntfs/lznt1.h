// LZNT1: the compression NTFS uses for compressed attributes ([MS-XCA] 2.5). A compressed
// buffer is a series of chunks, each holding up to 4096 bytes of output, with a 16-bit
// header (size - 3 in bits 0-11, "compressed" in bit 15); compressed chunks are groups of a
// flag byte and eight tokens, each a literal byte or a 16-bit back-reference whose split
// between displacement and length depends on how far into the chunk the output is.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "common/result.h"

namespace shellcarve::ntfs {

// Decompresses `input` appending to `output`, producing at most `max_output` bytes. A
// back-reference before the start of its chunk or a chunk running past the input is
// kCorrupt naming the input offset; the bytes produced before it stay in `output`.
Status lznt1_decompress(std::span<const std::byte> input, std::vector<std::byte>& output,
                        size_t max_output);

}  // namespace shellcarve::ntfs
