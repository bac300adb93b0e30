// fuzz_input.h: takes typed values off the front of a fuzz input, for targets that build
// structures (catalog entries, timeline rows) rather than parse the bytes. Past the end
// every value is 0 and every byte string empty, so any input is a valid recipe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/utf16.h"

namespace shellcarve::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return at_ >= size_; }
  uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint64_t u64() {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<uint64_t>(u8()) << (8 * i);
    return value;
  }
  // Up to `max` raw bytes, the count taken from the input first.
  std::span<const std::byte> bytes(size_t max) {
    const size_t want = max == 0 ? 0 : u8() % (max + 1);
    const size_t take = std::min(want, size_ - std::min(at_, size_));
    const std::span<const std::byte> out(reinterpret_cast<const std::byte*>(data_ + at_), take);
    at_ += take;
    return out;
  }
  // A name as the image would give it: arbitrary bytes read as UTF-16LE, converted as every
  // NTFS name is (unpaired surrogates become U+FFFD).
  std::string name(size_t max_bytes) { return utf16le_to_utf8(bytes(max_bytes)).utf8; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

}  // namespace shellcarve::fuzz
