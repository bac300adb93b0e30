// binxml_value.h: the typed values of BinXML (substitution values and Value tokens) rendered
// as text, the way Windows' event viewer shows them. Value types from [MS-EVEN6] 2.2.18
// ("BinXmlValueType") and libyal's EVTX documentation; 0x80 marks an array of the base type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace shellcarve::logs::evtx {

enum BinXmlValueType : uint8_t {
  kValueNull = 0x00,
  kValueString = 0x01,      // UTF-16LE, no terminator in substitutions
  kValueAnsiString = 0x02,
  kValueInt8 = 0x03,
  kValueUInt8 = 0x04,
  kValueInt16 = 0x05,
  kValueUInt16 = 0x06,
  kValueInt32 = 0x07,
  kValueUInt32 = 0x08,
  kValueInt64 = 0x09,
  kValueUInt64 = 0x0a,
  kValueReal32 = 0x0b,
  kValueReal64 = 0x0c,
  kValueBool = 0x0d,        // 32-bit
  kValueBinary = 0x0e,
  kValueGuid = 0x0f,
  kValueSizeT = 0x10,       // 4 or 8 bytes, by the value's size
  kValueFiletime = 0x11,
  kValueSystemtime = 0x12,
  kValueSid = 0x13,
  kValueHexInt32 = 0x14,
  kValueHexInt64 = 0x15,
  kValueEvtHandle = 0x20,
  kValueBinXml = 0x21,      // a nested BinXML fragment, rendered by the caller
  kValueEvtXml = 0x23,
};
inline constexpr uint8_t kValueArrayFlag = 0x80;

// Size in bytes of one element of a fixed-size type; nullopt for variable-size types.
std::optional<size_t> binxml_fixed_size(uint8_t type);

// The text of a value of `type` held in `bytes` (the whole value: for an array, every
// element, joined with ","). `lossless` is cleared when bytes did not fit the type (a cut
// element, a bad UTF-16 unit) -- the text then shows what could be read.
std::string render_binxml_value(uint8_t type, std::span<const std::byte> bytes, bool& lossless);

// The name of a type for warnings ("Int16", "0x7f").
std::string binxml_type_name(uint8_t type);

}  // namespace shellcarve::logs::evtx
