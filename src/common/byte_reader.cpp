#include "common/byte_reader.h"

#include <fmt/format.h>

namespace shellcarve {

std::unexpected<Error> ByteReader::short_read(size_t offset, size_t need,
                                              std::string_view what) const {
  const size_t have = offset < data_.size() ? data_.size() - offset : 0;
  return fail(ErrorCode::kTruncated,
              fmt::format("{} at offset {}: needs {} bytes, only {} available", what,
                          origin_ + offset, need, have));
}

Result<uint64_t> ByteReader::uint_n(size_t offset, size_t width, std::string_view what) const {
  if (width == 0 || width > 8)
    return fail(ErrorCode::kCorrupt,
                fmt::format("{} at offset {}: integer width {} is not 1..8", what,
                            origin_ + offset, width));
  if (!contains(offset, width)) return short_read(offset, width, what);
  return load_le(data_.subspan(offset, width));
}

Result<int64_t> ByteReader::int_n(size_t offset, size_t width, std::string_view what) const {
  auto raw = uint_n(offset, width, what);
  if (!raw) return std::unexpected(raw.error());
  uint64_t value = *raw;
  if (width < 8 && (value >> (width * 8 - 1)) & 1) value |= ~uint64_t{0} << (width * 8);
  return static_cast<int64_t>(value);
}

Result<std::span<const std::byte>> ByteReader::bytes(size_t offset, size_t length,
                                                     std::string_view what) const {
  if (!contains(offset, length)) return short_read(offset, length, what);
  return data_.subspan(offset, length);
}

Result<ByteReader> ByteReader::sub(size_t offset, size_t length, std::string_view what) const {
  auto span = bytes(offset, length, what);
  if (!span) return std::unexpected(span.error());
  return ByteReader(*span, origin_ + offset);
}

}  // namespace shellcarve
