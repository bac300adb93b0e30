// Text encodings of a page (see text_encoding.h).
#include "detect/text_encoding.h"

#include <algorithm>
#include <utility>

#include "common/utf16.h"

namespace shellcarve::detect {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr size_t kMinSniffUnits = 16;

bool is_high_surrogate(char16_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(char16_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

}  // namespace

EncodingGuess sniff_text_encoding(std::span<const std::byte> head) {
  head = head.first(std::min(head.size(), kEncodingSniffBytes));
  auto at = [&](size_t i) { return std::to_integer<unsigned>(head[i]); };
  if (head.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE)
    return {TextEncoding::kUtf16Le, 2, "UTF-16LE byte order mark"};
  if (head.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF)
    return {TextEncoding::kUtf16Be, 2, "UTF-16BE byte order mark"};
  const size_t units = head.size() / 2;
  if (units < kMinSniffUnits) return {};
  size_t zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < units; ++i) {
    zero_even += at(2 * i) == 0;
    zero_odd += at(2 * i + 1) == 0;
  }
  auto mostly = [&](size_t n) { return n * 4 >= units * 3; };
  auto rarely = [&](size_t n) { return n * 16 <= units; };
  if (mostly(zero_odd) && rarely(zero_even)) return {TextEncoding::kUtf16Le, 0, "UTF-16LE without byte order mark (zero high bytes)"};
  if (mostly(zero_even) && rarely(zero_odd)) return {TextEncoding::kUtf16Be, 0, "UTF-16BE without byte order mark (zero high bytes)"};
  return {};
}

std::string_view encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf16Le: return "UTF-16LE";
    case TextEncoding::kUtf16Be: return "UTF-16BE";
    case TextEncoding::kAsIs: break;
  }
  return "as is";
}

void Utf16Decoder::unit(char16_t value, std::string& out) {
  if (high_surrogate_) {
    const char16_t high = std::exchange(high_surrogate_, 0);
    if (is_low_surrogate(value)) {
      append_utf8(out, 0x10000 + ((char32_t{high} - 0xD800) << 10) + (char32_t{value} - 0xDC00));
      return;
    }
    append_utf8(out, kReplacement);
    ++replaced_;
  }
  if (is_high_surrogate(value)) {
    high_surrogate_ = value;
  } else if (is_low_surrogate(value)) {
    append_utf8(out, kReplacement);
    ++replaced_;
  } else {
    append_utf8(out, value);
  }
}

void Utf16Decoder::decode(std::span<const std::byte> bytes, std::string& out) {
  size_t i = 0;
  auto emit = [&](std::byte first, std::byte second) {
    const unsigned a = std::to_integer<unsigned>(first), b = std::to_integer<unsigned>(second);
    unit(static_cast<char16_t>(big_endian_ ? (a << 8) | b : (b << 8) | a), out);
  };
  if (have_byte_ && !bytes.empty()) {
    emit(byte_, bytes[0]);
    have_byte_ = false;
    i = 1;
  }
  for (; i + 1 < bytes.size(); i += 2) emit(bytes[i], bytes[i + 1]);
  if (i < bytes.size()) {
    byte_ = bytes[i];
    have_byte_ = true;
  }
}

uint64_t Utf16Decoder::decode_zeros(uint64_t count, std::string& out) {
  if (count == 0) return 0;
  static constexpr std::byte kZeros[2] = {};
  if (have_byte_) {  // completes the waiting unit
    decode(std::span(kZeros, 1), out);
    --count;
  }
  if (count >= 2) {  // the first zero unit ends a waiting surrogate; the rest are plain zeros
    decode(std::span(kZeros, 2), out);
    count -= 2;
  }
  const uint64_t zero_units = count / 2;
  if (count % 2) decode(std::span(kZeros, 1), out);
  return zero_units;
}

void Utf16Decoder::finish(std::string& out) {
  if (high_surrogate_ || have_byte_) {
    append_utf8(out, kReplacement);
    ++replaced_;
  }
  high_surrogate_ = 0;
  have_byte_ = false;
}

}  // namespace shellcarve::detect
