// Fuzz target: what the content scanner does to a page's bytes before any detector sees
// them -- the encoding guess, UTF-16 decoding of pieces of any size (odd ones, cut
// surrogates) and the chunk window over data and zero runs. The first byte chooses piece
// sizes and where zero runs go; the decoded text must be valid UTF-8, and the chunks must
// stay within the chunk size, start in order and together cover every data byte.
#include <algorithm>
#include <span>
#include <string>

#include "common/utf16.h"
#include "detect/chunk_window.h"
#include "detect/text_encoding.h"
#include "fuzz_target.h"

SHELLCARVE_FUZZ_TARGET(text_decoding) {
  using namespace shellcarve::detect;
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  if (bytes.empty()) return 0;
  const unsigned choice = std::to_integer<unsigned>(bytes[0]);
  bytes = bytes.subspan(1);
  const size_t piece = 1 + (choice & 7);
  const size_t chunk_size = 16 + (choice >> 3) * 4;
  const size_t overlap = 1 + (choice >> 5);

  const EncodingGuess guess = sniff_text_encoding(bytes);
  if (guess.bom_size > bytes.size()) __builtin_trap();
  uint64_t last_base = 0, covered = 0, chunks = 0;
  ChunkWindow window(chunk_size, overlap, [&](std::span<const std::byte> chunk, uint64_t base) {
    if (chunk.size() > chunk_size || (chunks > 0 && base <= last_base)) __builtin_trap();
    if (!(choice & 0x80) && base > covered) __builtin_trap();  // no gap without zero runs
    last_base = base;
    covered = std::max<uint64_t>(covered, base + chunk.size());
    ++chunks;
  });
  Utf16Decoder decoder(guess.encoding == TextEncoding::kAsIs ? TextEncoding::kUtf16Le : guess.encoding);
  std::string text;
  for (size_t at = 0; at < bytes.size(); at += piece) {
    const auto part = bytes.subspan(at, std::min(piece, bytes.size() - at));
    // Every third piece stands for a zero run of its own length.
    if ((at / piece) % 3 == 2 && (choice & 0x80)) {
      window.add_zeros(part.size());
      const uint64_t units = decoder.decode_zeros(part.size(), text);
      text.append(static_cast<size_t>(units), '\0');
    } else {
      window.add(part);
      decoder.decode(part, text);
    }
  }
  window.finish();
  decoder.finish(text);
  if (window.size() != bytes.size() || window.bytes_scanned() > window.size() || chunks == 0) __builtin_trap();
  if (!(choice & 0x80) && window.bytes_scanned() != bytes.size()) __builtin_trap();
  for (size_t i = 0; i < text.size();) {
    const size_t length = shellcarve::utf8_sequence_length(text, i);
    if (length == 0) __builtin_trap();
    i += length;
  }
  return 0;
}
