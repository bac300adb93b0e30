#include "common/zlib_inflate.h"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>
#include <memory>

namespace shellcarve {

Result<std::vector<std::byte>> zlib_inflate(std::span<const std::byte> stream, size_t expected_size,
                                            std::string_view what) {
  // zlib counts in uInt; our files are a few MiB, so one call's worth is plenty.
  constexpr size_t kMaxChunk = std::numeric_limits<uInt>::max();
  if (stream.size() > kMaxChunk || expected_size > kMaxChunk)
    return fail(ErrorCode::kLimit, fmt::format("{}: {} compressed / {} inflated bytes is more than zlib takes in one call",
                                               what, stream.size(), expected_size));
  // Deflate's best ratio is 1032:1 (zlib technical details, "Maximum Compression Factor"),
  // so a size no stream of this length can reach is refused before it is allocated.
  constexpr size_t kMaxRatio = 1032;
  if (expected_size / kMaxRatio > stream.size())
    return fail(ErrorCode::kCorrupt, fmt::format("{}: a zlib stream of {} bytes cannot inflate to the {} bytes the "
                                                 "header says", what, stream.size(), expected_size));
  std::vector<std::byte> out(expected_size);
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return fail(ErrorCode::kIo, fmt::format("{}: zlib: inflateInit failed", what));
  const std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
  // zlib's next_in is not const in 1.2.13's API but is only read (zlib.h: "next_in ... is
  // not modified").
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(stream.data()));
  z.avail_in = static_cast<uInt>(stream.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  if (rc == Z_STREAM_END) {
    if (z.total_out != expected_size)
      return fail(ErrorCode::kTruncated, fmt::format("{}: zlib stream holds {} bytes, the header says {}",
                                                     what, z.total_out, expected_size));
    if (z.avail_in != 0)
      return fail(ErrorCode::kCorrupt, fmt::format("{}: {} bytes after the end of the zlib stream", what, z.avail_in));
    return out;
  }
  if (rc == Z_BUF_ERROR && z.avail_out == 0)
    return fail(ErrorCode::kCorrupt, fmt::format("{}: zlib stream does not end after the {} bytes the header says",
                                                 what, expected_size));
  if (rc == Z_BUF_ERROR)
    return fail(ErrorCode::kTruncated, fmt::format("{}: zlib stream ends early, after {} of {} compressed bytes ({} inflated)",
                                                   what, z.total_in, stream.size(), z.total_out));
  return fail(ErrorCode::kFormat, fmt::format("{}: zlib: {} at compressed byte {}", what,
                                              z.msg ? z.msg : "inflate failed", z.total_in));
}

}  // namespace shellcarve
