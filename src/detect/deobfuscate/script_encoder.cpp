// Script Encoder blobs decoded (see script_encoder.h).
#include "detect/deobfuscate/script_encoder.h"

#include <array>

namespace shellcarve::detect::deobfuscate {
namespace {

constexpr std::string_view kHeader = "#@~^";
constexpr std::string_view kTerminator = "^#~@";
// `#@~^` + 6 base64 + `==` before the text; 6 base64 + `==` + `^#~@` after it.
constexpr size_t kHeaderBytes = 12;
constexpr size_t kTrailerBytes = 12;

// What the encoder writes for each plain character under tables 0, 1 and 2.
struct Substitution {
  uint8_t plain;
  uint8_t encoded[3];
};
constexpr Substitution kSubstitutions[] = {
    {0x09, {0x64, 0x37, 0x69}}, {0x20, {0x50, 0x7e, 0x2c}}, {0x21, {0x22, 0x5a, 0x65}}, {0x22, {0x4a, 0x45, 0x72}},
    {0x23, {0x61, 0x3a, 0x5b}}, {0x24, {0x5e, 0x79, 0x66}}, {0x25, {0x5d, 0x59, 0x75}}, {0x26, {0x5b, 0x27, 0x4c}},
    {0x27, {0x42, 0x76, 0x45}}, {0x28, {0x60, 0x63, 0x76}}, {0x29, {0x23, 0x62, 0x2a}}, {0x2a, {0x65, 0x4d, 0x43}},
    {0x2b, {0x5f, 0x51, 0x33}}, {0x2c, {0x7e, 0x53, 0x42}}, {0x2d, {0x4f, 0x52, 0x20}}, {0x2e, {0x52, 0x20, 0x63}},
    {0x2f, {0x7a, 0x26, 0x4a}}, {0x30, {0x21, 0x54, 0x5a}}, {0x31, {0x46, 0x71, 0x38}}, {0x32, {0x20, 0x2b, 0x79}},
    {0x33, {0x26, 0x66, 0x32}}, {0x34, {0x63, 0x2a, 0x57}}, {0x35, {0x2a, 0x58, 0x6c}}, {0x36, {0x76, 0x7f, 0x2b}},
    {0x37, {0x47, 0x7b, 0x46}}, {0x38, {0x25, 0x30, 0x52}}, {0x39, {0x2c, 0x31, 0x4f}}, {0x3a, {0x29, 0x6c, 0x3d}},
    {0x3b, {0x69, 0x49, 0x70}}, {0x3d, {0x27, 0x78, 0x7b}}, {0x3f, {0x67, 0x5f, 0x51}}, {0x41, {0x62, 0x29, 0x7a}},
    {0x42, {0x41, 0x24, 0x7e}}, {0x43, {0x5a, 0x2f, 0x3b}}, {0x44, {0x66, 0x39, 0x47}}, {0x45, {0x32, 0x33, 0x41}},
    {0x46, {0x73, 0x6f, 0x77}}, {0x47, {0x4d, 0x21, 0x56}}, {0x48, {0x43, 0x75, 0x5f}}, {0x49, {0x71, 0x28, 0x26}},
    {0x4a, {0x39, 0x42, 0x78}}, {0x4b, {0x7c, 0x46, 0x6e}}, {0x4c, {0x53, 0x4a, 0x64}}, {0x4d, {0x48, 0x5c, 0x74}},
    {0x4e, {0x31, 0x48, 0x67}}, {0x4f, {0x72, 0x36, 0x7d}}, {0x50, {0x6e, 0x4b, 0x68}}, {0x51, {0x70, 0x7d, 0x35}},
    {0x52, {0x49, 0x5d, 0x22}}, {0x53, {0x3f, 0x6a, 0x55}}, {0x54, {0x4b, 0x50, 0x3a}}, {0x55, {0x6a, 0x69, 0x60}},
    {0x56, {0x2e, 0x23, 0x6a}}, {0x57, {0x7f, 0x09, 0x71}}, {0x58, {0x28, 0x70, 0x6f}}, {0x59, {0x35, 0x65, 0x49}},
    {0x5a, {0x7d, 0x74, 0x5c}}, {0x5b, {0x24, 0x2c, 0x5d}}, {0x5c, {0x2d, 0x77, 0x27}}, {0x5d, {0x54, 0x44, 0x59}},
    {0x5e, {0x37, 0x3f, 0x25}}, {0x5f, {0x7b, 0x6d, 0x7c}}, {0x60, {0x3d, 0x7c, 0x23}}, {0x61, {0x6c, 0x43, 0x6d}},
    {0x62, {0x34, 0x38, 0x28}}, {0x63, {0x6d, 0x5e, 0x31}}, {0x64, {0x4e, 0x5b, 0x39}}, {0x65, {0x2b, 0x6e, 0x7f}},
    {0x66, {0x30, 0x57, 0x36}}, {0x67, {0x6f, 0x4c, 0x54}}, {0x68, {0x74, 0x34, 0x34}}, {0x69, {0x6b, 0x72, 0x62}},
    {0x6a, {0x4c, 0x25, 0x4e}}, {0x6b, {0x33, 0x56, 0x30}}, {0x6c, {0x56, 0x73, 0x5e}}, {0x6d, {0x3a, 0x68, 0x73}},
    {0x6e, {0x78, 0x55, 0x09}}, {0x6f, {0x57, 0x47, 0x4b}}, {0x70, {0x77, 0x32, 0x61}}, {0x71, {0x3b, 0x35, 0x24}},
    {0x72, {0x44, 0x2e, 0x4d}}, {0x73, {0x2f, 0x64, 0x6b}}, {0x74, {0x59, 0x4f, 0x44}}, {0x75, {0x45, 0x3b, 0x21}},
    {0x76, {0x5c, 0x2d, 0x37}}, {0x77, {0x68, 0x41, 0x53}}, {0x78, {0x36, 0x61, 0x58}}, {0x79, {0x58, 0x7a, 0x48}},
    {0x7a, {0x79, 0x22, 0x2e}}, {0x7b, {0x09, 0x60, 0x50}}, {0x7c, {0x75, 0x6b, 0x2d}}, {0x7d, {0x38, 0x4e, 0x29}},
    {0x7e, {0x55, 0x3d, 0x3f}}, {0x7f, {0x51, 0x67, 0x2f}},
};

// Which table the n-th character (n mod 64) went through.
constexpr std::string_view kTableOrder = "1201202002021020102011200210200211020201011201021020112001120102";
static_assert(kTableOrder.size() == 64);

// kDecode[table][encoded] is the plain character, 0 where the table has none (the byte is
// then kept as it is).
using DecodeTables = std::array<std::array<uint8_t, 128>, 3>;
constexpr DecodeTables make_decode_tables() {
  DecodeTables tables{};
  for (const Substitution& s : kSubstitutions)
    for (size_t t = 0; t < 3; ++t) tables[t][s.encoded[t]] = s.plain;
  return tables;
}
constexpr DecodeTables kDecode = make_decode_tables();
static_assert(kDecode[1][0x37] == 0x09 && kDecode[2][0x2f] == 0x7f);

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// 6 base64 characters then "==": a 32-bit little-endian number.
std::optional<uint32_t> base64_number(std::string_view field) {
  if (field.size() != 8 || field.substr(6) != "==") return std::nullopt;
  std::array<uint32_t, 6> v{};
  for (size_t i = 0; i < 6; ++i) {
    const int value = base64_value(field[i]);
    if (value < 0) return std::nullopt;
    v[i] = static_cast<uint32_t>(value);
  }
  const uint32_t b0 = (v[0] << 2) | (v[1] >> 4);
  const uint32_t b1 = ((v[1] & 0x0f) << 4) | (v[2] >> 2);
  const uint32_t b2 = ((v[2] & 0x03) << 6) | v[3];
  const uint32_t b3 = ((v[4] << 2) | (v[5] >> 4)) & 0xff;
  return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

char unescaped(char c) {
  switch (c) {
    case '&': return '\n';
    case '#': return '\r';
    case '*': return '>';
    case '!': return '<';
    case '$': return '@';
    default: return 0;
  }
}

struct Decoded {
  std::string text;
  uint32_t sum = 0;
  size_t characters = 0;  // below 0x80, an escape counting once
  bool wide = false;      // some byte from 0x80 up
};

// Bytes of `encoded` that a double-byte code page (GBK, Big5, Shift JIS ...) takes as the
// second of a pair: a lead byte (0x81 up) and whatever follows it.
size_t double_byte_pairs(std::string_view encoded) {
  size_t pairs = 0;
  for (size_t i = 0; i < encoded.size(); ++i)
    if (static_cast<uint8_t>(encoded[i]) >= 0x81 && i + 1 < encoded.size()) {
      ++pairs;
      ++i;
    }
  return pairs;
}

// With `double_byte`, a lead byte and the byte after it are copied together: the encoder
// left the pair alone (its second byte may be below 0x80) and did not move the table order.
Decoded decode_text(std::string_view encoded, bool double_byte) {
  Decoded out;
  out.text.reserve(encoded.size());
  size_t i = 0;
  while (i < encoded.size()) {
    const auto byte = static_cast<uint8_t>(encoded[i]);
    char plain;
    if (byte >= 0x80) {
      out.wide = true;
      plain = encoded[i];
      ++i;
      if (double_byte && byte >= 0x81 && i < encoded.size()) {
        out.sum += static_cast<uint8_t>(plain);
        out.text.push_back(plain);
        plain = encoded[i];
        ++i;
      }
    } else if (encoded[i] == '@' && i + 1 < encoded.size() && unescaped(encoded[i + 1]) != 0) {
      plain = unescaped(encoded[i + 1]);
      ++out.characters;
      i += 2;
    } else {
      const uint8_t table = static_cast<uint8_t>(kTableOrder[out.characters % kTableOrder.size()] - '0');
      const uint8_t decoded = kDecode[table][byte];
      plain = decoded != 0 ? static_cast<char>(decoded) : encoded[i];
      ++out.characters;
      ++i;
    }
    out.sum += static_cast<uint8_t>(plain);
    out.text.push_back(plain);
  }
  return out;
}

// The blob at `text[at]` (which holds kHeader) whose terminator is at `terminator`.
std::optional<DecodedBlob> decode_at(std::string_view text, size_t at, size_t terminator) {
  if (terminator < at + kHeaderBytes + kTrailerBytes - kTerminator.size()) return std::nullopt;
  const auto length = base64_number(text.substr(at + kHeader.size(), 8));
  const auto checksum = base64_number(text.substr(terminator - 8, 8));
  if (!length || !checksum) return std::nullopt;
  const std::string_view encoded = text.substr(at + kHeaderBytes, terminator - 8 - (at + kHeaderBytes));
  // The length counts characters: when it is the byte count less the double-byte pairs,
  // the page was encoded in a double-byte code page.
  const bool double_byte = *length != encoded.size() && *length == encoded.size() - double_byte_pairs(encoded);
  Decoded decoded = decode_text(encoded, double_byte);
  DecodedBlob blob;
  blob.encoded_bytes = terminator + kTerminator.size() - at;
  blob.length = *length;
  blob.checksum = *checksum;
  // The length counts characters: the bytes for ASCII text, fewer when a code page's
  // characters take two bytes (never fewer than the ASCII bytes).
  blob.length_ok = *length == encoded.size() || (decoded.wide && *length < encoded.size() && *length >= decoded.characters);
  blob.checksum_ok = *checksum == decoded.sum;
  blob.text = std::move(decoded.text);
  return blob;
}

// Where the blob at `text[at]` ends if its header's length is the encoded text's byte count
// (ASCII text): the encoded text may itself hold "^#~@" (`^`, `#` and `~` are substitutes,
// `@` starts an escape), so this is tried before searching for the terminator.
size_t terminator_by_length(std::string_view text, size_t at) {
  const auto length = base64_number(text.substr(at + kHeader.size(), 8));
  if (!length || text.size() - at < kHeaderBytes + kTrailerBytes || *length > text.size() - at - kHeaderBytes - kTrailerBytes)
    return std::string_view::npos;
  const size_t terminator = at + kHeaderBytes + *length + 8;
  return text.substr(terminator, kTerminator.size()) == kTerminator ? terminator : std::string_view::npos;
}

}  // namespace

std::optional<DecodedBlob> decode_script_encoder_blob_checked(std::string_view blob) {
  if (!blob.starts_with(kHeader)) return std::nullopt;
  size_t terminator = terminator_by_length(blob, 0);
  if (terminator == std::string_view::npos) terminator = blob.find(kTerminator, kHeaderBytes);
  if (terminator == std::string_view::npos) return std::nullopt;
  // A second header before the terminator: this blob was cut short.
  if (blob.find(kHeader, kHeader.size()) < terminator) return std::nullopt;
  return decode_at(blob, 0, terminator);
}

std::optional<std::string> decode_script_encoder_blob(std::string_view blob) {
  auto decoded = decode_script_encoder_blob_checked(blob);
  if (!decoded) return std::nullopt;
  return std::move(decoded->text);
}

ScriptEncoderPass decode_script_encoder_blobs(std::string_view text, const Limits& limits, uint64_t& steps) {
  ScriptEncoderPass pass;
  if (text.size() > limits.max_deobfuscate_input_bytes) {
    pass.text = std::string(text);
    pass.limit = "max_deobfuscate_input_bytes";
    return pass;
  }
  size_t copied = 0;  // text before `copied` is in pass.text
  size_t terminator = 0;
  bool terminator_known = false;
  size_t at = text.find(kHeader);
  while (at != std::string_view::npos) {
    const size_t next = text.find(kHeader, at + kHeader.size());
    size_t end = terminator_by_length(text, at);
    if (end == std::string_view::npos) {
      // Each search starts past the last: the pass stays linear however many headers there are.
      if (!terminator_known || terminator < at + kHeaderBytes) {
        terminator = text.find(kTerminator, at + kHeaderBytes);
        terminator_known = true;
        if (terminator == std::string_view::npos) break;  // no blob can end anywhere after
      }
      end = terminator;
    }
    if (next < end) {  // cut short: another blob starts inside
      at = next;
      continue;
    }
    const uint64_t cost = 1 + (end - at) / 64;
    if (cost > steps) {
      pass.limit = "max_deobfuscate_steps";
      steps = 0;
      break;
    }
    steps -= cost;
    auto blob = decode_at(text, at, end);
    if (!blob) {
      at = next;
      continue;
    }
    pass.text.append(text.substr(copied, at - copied));
    const size_t begin = pass.text.size();
    pass.text += blob->text;
    pass.spans.push_back({begin, pass.text.size(), at, at + blob->encoded_bytes});
    ++pass.blobs;
    if (!blob->length_ok || !blob->checksum_ok) ++pass.mismatches;
    copied = at + blob->encoded_bytes;
    at = text.find(kHeader, copied);
  }
  pass.text.append(text.substr(copied));
  return pass;
}

}  // namespace shellcarve::detect::deobfuscate
