// Text encodings of a page, for the detectors: rules and heuristics are written for
// ASCII-compatible text, but a page saved as UTF-16 holds every character in two bytes
// ("<\0%\0" ...), which neither sees. ASP.NET reads a page's byte order mark (FF FE:
// UTF-16LE, FE FF: UTF-16BE; Encoding.Unicode / BigEndianUnicode) and compiles the page, so
// such a page runs like its UTF-8 twin (issue "Nothing silent", item 2).
//
// sniff_text_encoding decides from a stream's first bytes; Utf16Decoder turns the stream,
// piece by piece, into UTF-8 the detectors can read. Neither changes the original bytes:
// the decoded text is a second view, the evidence stays what was on disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace shellcarve::detect {

enum class TextEncoding { kAsIs, kUtf16Le, kUtf16Be };

struct EncodingGuess {
  TextEncoding encoding = TextEncoding::kAsIs;
  size_t bom_size = 0;   // bytes of byte order mark to skip before decoding
  std::string reason;    // "UTF-16LE byte order mark" ... ("" for kAsIs)
};

// Bytes looked at to guess an encoding without a byte order mark.
inline constexpr size_t kEncodingSniffBytes = 4096;

// The encoding of a stream whose first bytes are `head` (at most kEncodingSniffBytes are
// read). A byte order mark decides: FF FE is UTF-16LE, FE FF UTF-16BE (EF BB BF is UTF-8:
// kAsIs). Without one, UTF-16 is guessed when of the first code units (at least 16) at
// least 3 in 4 have a zero high byte and at most 1 in 16 a zero low byte: ASCII text saved
// as UTF-16 has a zero in every high byte, while binary data (zeros in both halves) and
// ASCII or UTF-8 text (no zero at all) fail the test.
EncodingGuess sniff_text_encoding(std::span<const std::byte> head);

std::string_view encoding_name(TextEncoding encoding);  // "UTF-16LE", "UTF-16BE", "as is"

// UTF-16 to UTF-8 over a stream given in pieces of any size (odd ones too). Unpaired
// surrogates become U+FFFD (counted in replaced()); U+0000 becomes a zero byte, so runs of
// zero bytes (sparse runs) stay runs of zero bytes, half as long.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(TextEncoding encoding) : big_endian_(encoding == TextEncoding::kUtf16Be) {}

  // Appends the UTF-8 of `bytes` to `out`; a trailing odd byte or high surrogate waits for
  // the next piece.
  void decode(std::span<const std::byte> bytes, std::string& out);
  // `count` zero bytes: what they decode to is appended to `out`, except whole zero code
  // units past the first, which are returned for the caller to add as zero bytes without
  // materialising them.
  uint64_t decode_zeros(uint64_t count, std::string& out);
  // The end of the stream: a waiting odd byte or surrogate becomes U+FFFD.
  void finish(std::string& out);

  uint64_t replaced() const { return replaced_; }

 private:
  void unit(char16_t value, std::string& out);

  bool big_endian_;
  bool have_byte_ = false;
  std::byte byte_{};
  char16_t high_surrogate_ = 0;
  uint64_t replaced_ = 0;
};

}  // namespace shellcarve::detect
