#include "image/vss/guid.h"

#include <fmt/format.h>

#include "common/byte_reader.h"

namespace shellcarve::vss {

Result<std::string> format_guid(std::span<const std::byte> bytes) {
  const ByteReader reader(bytes);
  SC_ASSIGN_OR_RETURN(const uint32_t data1, reader.u32(0, "GUID data1"));
  SC_ASSIGN_OR_RETURN(const uint16_t data2, reader.u16(4, "GUID data2"));
  SC_ASSIGN_OR_RETURN(const uint16_t data3, reader.u16(6, "GUID data3"));
  SC_ASSIGN_OR_RETURN(const auto data4, reader.bytes(8, 8, "GUID data4"));
  std::string text = fmt::format("{:08x}-{:04x}-{:04x}-", data1, data2, data3);
  for (size_t i = 0; i < data4.size(); ++i) {
    if (i == 2) text += '-';
    text += fmt::format("{:02x}", std::to_integer<unsigned>(data4[i]));
  }
  return text;
}

}  // namespace shellcarve::vss
