// zlib_inflate: the one adapter around zlib (only zlib_inflate.cpp includes <zlib.h>). Our
// committed data files (rules/exchange-baselines.bin) carry a zlib stream (RFC 1950) after
// a header that states the inflated size, so the output is sized before a byte is
// inflated and a stream that claims more is refused.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace shellcarve {

// Inflates one complete zlib stream that must fill exactly `expected_size` bytes and end
// the input (trailing bytes are an error too). Errors name `what`: kFormat for bytes that
// are not a zlib stream or fail its Adler-32, kTruncated for a stream that stops early,
// kCorrupt for one that does not end where expected, is followed by more bytes, or is too
// short to inflate to `expected_size` at deflate's best ratio (1032:1).
Result<std::vector<std::byte>> zlib_inflate(std::span<const std::byte> stream, size_t expected_size,
                                            std::string_view what);

}  // namespace shellcarve
