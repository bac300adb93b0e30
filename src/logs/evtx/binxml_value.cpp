#include "logs/evtx/binxml_value.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "common/filetime.h"
#include "common/utf16.h"

namespace shellcarve::logs::evtx {
namespace {

uint64_t le(std::span<const std::byte> bytes) { return load_le(bytes); }

// Event strings are stored with a terminating NUL unit in places (string arrays, some
// writers' substitutions); the rendered text stops there, as the event viewer shows it.
std::string utf16_text(std::span<const std::byte> bytes, bool& lossless) {
  size_t units = bytes.size() / 2;
  for (size_t i = 0; i < units; ++i) {
    if (bytes[2 * i] == std::byte{0} && bytes[2 * i + 1] == std::byte{0}) {
      units = i;
      break;
    }
  }
  Utf16Conversion text = utf16le_to_utf8(bytes.first(units * 2));
  if (!text.lossless || bytes.size() % 2 != 0) lossless = false;
  return std::move(text.utf8);
}

std::string guid_text(std::span<const std::byte> b) {
  // {Data1-Data2-Data3-Data4[0..1]-Data4[2..7]}: the first three fields little-endian.
  std::string out = fmt::format("{{{:08X}-{:04X}-{:04X}-", le(b.subspan(0, 4)), le(b.subspan(4, 2)),
                                le(b.subspan(6, 2)));
  for (size_t i = 8; i < 16; ++i) {
    if (i == 10) out += '-';
    out += fmt::format("{:02X}", std::to_integer<unsigned>(b[i]));
  }
  out += '}';
  return out;
}

std::string systemtime_text(std::span<const std::byte> b) {
  // SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (u16 each).
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", le(b.subspan(0, 2)),
                     le(b.subspan(2, 2)), le(b.subspan(6, 2)), le(b.subspan(8, 2)),
                     le(b.subspan(10, 2)), le(b.subspan(12, 2)), le(b.subspan(14, 2)));
}

// SID: revision, sub-authority count, 48-bit big-endian authority, 32-bit sub-authorities.
std::string sid_text(std::span<const std::byte> b, bool& lossless) {
  if (b.size() < 8) {
    lossless = false;
    return {};
  }
  const unsigned count = std::to_integer<unsigned>(b[1]);
  uint64_t authority = 0;
  for (size_t i = 2; i < 8; ++i) authority = (authority << 8) | std::to_integer<uint64_t>(b[i]);
  std::string out = fmt::format("S-{}-{}", std::to_integer<unsigned>(b[0]), authority);
  for (unsigned i = 0; i < count; ++i) {
    const size_t at = 8 + 4 * size_t{i};
    if (at + 4 > b.size()) {
      lossless = false;
      break;
    }
    out += fmt::format("-{}", le(b.subspan(at, 4)));
  }
  return out;
}

std::string hex_bytes(std::span<const std::byte> b) {
  std::string out;
  out.reserve(b.size() * 2);
  for (std::byte x : b) out += fmt::format("{:02X}", std::to_integer<unsigned>(x));
  return out;
}

template <class T>
T as(uint64_t raw) {
  return static_cast<T>(raw);
}

// One element of a fixed-size type (b.size() equals its size).
std::string fixed_text(uint8_t type, std::span<const std::byte> b, bool& lossless) {
  const uint64_t raw = le(b);
  switch (type) {
    case kValueInt8: return fmt::format("{}", as<int8_t>(raw));
    case kValueUInt8: return fmt::format("{}", raw);
    case kValueInt16: return fmt::format("{}", as<int16_t>(raw));
    case kValueUInt16: return fmt::format("{}", raw);
    case kValueInt32: return fmt::format("{}", as<int32_t>(raw));
    case kValueUInt32: return fmt::format("{}", raw);
    case kValueInt64: return fmt::format("{}", as<int64_t>(raw));
    case kValueUInt64: return fmt::format("{}", raw);
    case kValueReal32: return fmt::format("{}", std::bit_cast<float>(as<uint32_t>(raw)));
    case kValueReal64: return fmt::format("{}", std::bit_cast<double>(raw));
    case kValueBool: return raw != 0 ? "true" : "false";
    case kValueGuid: return guid_text(b);
    // The event viewer shows a zero FILETIME as the epoch, where our helper leaves it empty.
    case kValueFiletime: return raw == 0 ? "1601-01-01T00:00:00.0000000Z" : filetime_to_iso8601(raw);
    case kValueSystemtime: return systemtime_text(b);
    case kValueHexInt32:
    case kValueHexInt64: return fmt::format("0x{:x}", raw);
    default: break;
  }
  lossless = false;
  return hex_bytes(b);
}

}  // namespace

std::optional<size_t> binxml_fixed_size(uint8_t type) {
  switch (type) {
    case kValueInt8:
    case kValueUInt8: return 1;
    case kValueInt16:
    case kValueUInt16: return 2;
    case kValueInt32:
    case kValueUInt32:
    case kValueReal32:
    case kValueBool:
    case kValueHexInt32: return 4;
    case kValueInt64:
    case kValueUInt64:
    case kValueReal64:
    case kValueFiletime:
    case kValueHexInt64: return 8;
    case kValueGuid:
    case kValueSystemtime: return 16;
    default: return std::nullopt;
  }
}

std::string render_binxml_value(uint8_t type, std::span<const std::byte> bytes, bool& lossless) {
  const uint8_t base = type & static_cast<uint8_t>(~kValueArrayFlag);
  const bool array = (type & kValueArrayFlag) != 0;
  switch (base) {
    case kValueNull: return {};
    case kValueString:
      if (!array) return utf16_text(bytes, lossless);
      {
        // An array of strings: NUL-terminated UTF-16 strings one after the other.
        std::string out;
        size_t start = 0;
        bool first = true;
        for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
          if (bytes[i] == std::byte{0} && bytes[i + 1] == std::byte{0}) {
            if (!first) out += ',';
            out += utf16_text(bytes.subspan(start, i - start), lossless);
            first = false;
            start = i + 2;
          }
        }
        if (start < bytes.size()) {
          if (!first) out += ',';
          out += utf16_text(bytes.subspan(start), lossless);
        }
        return out;
      }
    case kValueAnsiString: {
      std::string out;
      for (std::byte b : bytes) {
        if (b == std::byte{0}) break;
        const auto c = std::to_integer<unsigned char>(b);
        // Codepage bytes above 0x7f are shown as Latin-1 (the usual windows-1252 subset).
        append_utf8(out, static_cast<char32_t>(c));
      }
      return out;
    }
    case kValueBinary: return hex_bytes(bytes);
    case kValueSid: return sid_text(bytes, lossless);
    case kValueSizeT:
      if (bytes.size() == 4 || bytes.size() == 8) return fmt::format("0x{:x}", le(bytes));
      lossless = false;
      return hex_bytes(bytes);
    default: break;
  }
  const std::optional<size_t> size = binxml_fixed_size(base);
  if (!size) {
    lossless = false;
    return hex_bytes(bytes);
  }
  if (!array) {
    if (bytes.size() != *size) {
      lossless = false;
      if (bytes.size() < *size) return hex_bytes(bytes);
    }
    return fixed_text(base, bytes.first(*size), lossless);
  }
  std::string out;
  for (size_t at = 0; at < bytes.size(); at += *size) {
    if (bytes.size() - at < *size) {
      lossless = false;
      break;
    }
    if (at != 0) out += ',';
    out += fixed_text(base, bytes.subspan(at, *size), lossless);
  }
  return out;
}

std::string binxml_type_name(uint8_t type) {
  static constexpr const char* kNames[] = {
      "Null",  "String", "AnsiString", "Int8",     "UInt8",      "Int16", "UInt16",
      "Int32", "UInt32", "Int64",      "UInt64",   "Real32",     "Real64", "Bool",
      "Binary", "Guid",  "SizeT",      "FileTime", "SystemTime", "Sid",   "HexInt32",
      "HexInt64"};
  const uint8_t base = type & static_cast<uint8_t>(~kValueArrayFlag);
  std::string name;
  if (base < std::size(kNames)) name = kNames[base];
  else if (base == kValueEvtHandle) name = "EvtHandle";
  else if (base == kValueBinXml) name = "BinXml";
  else if (base == kValueEvtXml) name = "EvtXml";
  else return fmt::format("0x{:02x}", type);
  return (type & kValueArrayFlag) != 0 ? name + "[]" : name;
}

}  // namespace shellcarve::logs::evtx
