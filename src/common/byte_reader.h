// ByteReader: the one way untrusted bytes are read. A view over std::span<const std::byte>
// that reads little-endian integers at an offset, checks every bound with overflow-safe
// arithmetic, and on a short read returns an Error naming what was read, the absolute offset
// (origin + offset, so the message points into the image), what was needed and what was
// there. It never reads past the span and never returns zeros in place of missing bytes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace shellcarve {

class ByteReader {
 public:
  // `origin` is the absolute position of data[0] (e.g. its byte offset in the image); it is
  // used only to make error messages and provenance point at the right place.
  explicit ByteReader(std::span<const std::byte> data, uint64_t origin = 0)
      : data_(data), origin_(origin) {}

  size_t size() const { return data_.size(); }
  uint64_t origin() const { return origin_; }
  std::span<const std::byte> data() const { return data_; }

  // True when [offset, offset + length) lies inside the data, without overflow.
  bool contains(size_t offset, size_t length) const {
    return offset <= data_.size() && length <= data_.size() - offset;
  }

  // Fixed-width reads are inline: they run millions of times per volume, and the bound
  // check plus one load is all the fast path needs; the error path is out of line.
  Result<uint8_t> u8(size_t offset, std::string_view what) const { return fixed<uint8_t>(offset, what); }
  Result<uint16_t> u16(size_t offset, std::string_view what) const { return fixed<uint16_t>(offset, what); }
  Result<uint32_t> u32(size_t offset, std::string_view what) const { return fixed<uint32_t>(offset, what); }
  Result<uint64_t> u64(size_t offset, std::string_view what) const { return fixed<uint64_t>(offset, what); }
  // An unsigned little-endian integer of 1..8 bytes (data-run fields are sized this way).
  Result<uint64_t> uint_n(size_t offset, size_t width, std::string_view what) const;
  // A two's-complement little-endian integer of 1..8 bytes, sign-extended.
  Result<int64_t> int_n(size_t offset, size_t width, std::string_view what) const;
  Result<std::span<const std::byte>> bytes(size_t offset, size_t length,
                                           std::string_view what) const;
  // A reader over a sub-range, whose origin is shifted so offsets stay absolute.
  Result<ByteReader> sub(size_t offset, size_t length, std::string_view what) const;

 private:
  template <class T>
  Result<T> fixed(size_t offset, std::string_view what) const {
    if (!contains(offset, sizeof(T))) return short_read(offset, sizeof(T), what);
    T value;
    std::memcpy(&value, data_.data() + offset, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) value = std::byteswap(value);
    return value;
  }
  std::unexpected<Error> short_read(size_t offset, size_t need, std::string_view what) const;

  std::span<const std::byte> data_;
  uint64_t origin_ = 0;
};

// Unchecked helpers for callers that have already proved the bound (e.g. after contains()).
inline uint64_t load_le(std::span<const std::byte> bytes) {
  uint64_t value = 0;
  for (size_t i = bytes.size(); i-- > 0;) value = (value << 8) | std::to_integer<uint64_t>(bytes[i]);
  return value;
}

}  // namespace shellcarve
