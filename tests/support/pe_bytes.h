// A minimal PE32+ file with one .rsrc section holding an RT_VERSION resource, built byte by
// byte for tests (layout: Microsoft "PE Format" and VS_VERSIONINFO). Offsets are fixed so a
// test can damage one field: kPeResourceFileOffset is where the section's raw data starts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace shellcarve::test {

inline constexpr size_t kPeLfanew = 0x40;
inline constexpr size_t kPeOptionalHeader = kPeLfanew + 4 + 20;
inline constexpr size_t kPeSectionTable = kPeOptionalHeader + 240;
inline constexpr size_t kPeResourceFileOffset = 0x200;
inline constexpr uint32_t kPeResourceRva = 0x1000;
inline constexpr size_t kPeVersionInfoOffset = kPeResourceFileOffset + 0x58;

inline void put16(std::vector<std::byte>& b, size_t at, uint16_t v) {
  b[at] = std::byte(v & 0xFF);
  b[at + 1] = std::byte(v >> 8);
}
inline void put32(std::vector<std::byte>& b, size_t at, uint32_t v) {
  put16(b, at, static_cast<uint16_t>(v & 0xFFFF));
  put16(b, at + 2, static_cast<uint16_t>(v >> 16));
}

inline std::vector<std::byte> make_pe_with_version(std::array<uint16_t, 4> file, std::array<uint16_t, 4> product) {
  std::vector<std::byte> b(0x400);
  put16(b, 0, 0x5A4D);                        // MZ
  put32(b, 0x3C, kPeLfanew);                  // e_lfanew
  put32(b, kPeLfanew, 0x00004550);            // PE\0\0
  put16(b, kPeLfanew + 4, 0x8664);            // Machine
  put16(b, kPeLfanew + 6, 1);                 // NumberOfSections
  put16(b, kPeLfanew + 20, 240);              // SizeOfOptionalHeader (PE32+, 16 directories)
  put16(b, kPeOptionalHeader, 0x20B);         // PE32+
  put32(b, kPeOptionalHeader + 108, 16);      // NumberOfRvaAndSizes
  put32(b, kPeOptionalHeader + 112 + 16, kPeResourceRva);  // resource table RVA
  put32(b, kPeOptionalHeader + 112 + 20, 0x200);           // and size
  const size_t s = kPeSectionTable;
  const char name[8] = {'.', 'r', 's', 'r', 'c', 0, 0, 0};
  for (size_t i = 0; i < 8; ++i) b[s + i] = std::byte(name[i]);
  put32(b, s + 8, 0x200);                     // VirtualSize
  put32(b, s + 12, kPeResourceRva);           // VirtualAddress
  put32(b, s + 16, 0x200);                    // SizeOfRawData
  put32(b, s + 20, kPeResourceFileOffset);    // PointerToRawData
  const size_t r = kPeResourceFileOffset;
  put16(b, r + 14, 1);                        // type directory: one ID entry
  put32(b, r + 16, 16);                       // RT_VERSION
  put32(b, r + 20, 0x80000000u | 0x18);
  put16(b, r + 0x18 + 14, 1);                 // name directory
  put32(b, r + 0x28, 1);
  put32(b, r + 0x2C, 0x80000000u | 0x30);
  put16(b, r + 0x30 + 14, 1);                 // language directory
  put32(b, r + 0x40, 0x409);
  put32(b, r + 0x44, 0x48);                   // -> data entry
  put32(b, r + 0x48, kPeResourceRva + 0x58);  // data RVA
  put32(b, r + 0x4C, 92);                     // data size
  const size_t v = kPeVersionInfoOffset;
  put16(b, v, 92);                            // wLength
  put16(b, v + 2, 52);                        // wValueLength
  const char key[] = "VS_VERSION_INFO";
  for (size_t i = 0; key[i]; ++i) put16(b, v + 6 + 2 * i, static_cast<uint16_t>(key[i]));
  put32(b, v + 40, 0xFEEF04BD);
  put32(b, v + 40 + 8, uint32_t{file[0]} << 16 | file[1]);
  put32(b, v + 40 + 12, uint32_t{file[2]} << 16 | file[3]);
  put32(b, v + 40 + 16, uint32_t{product[0]} << 16 | product[1]);
  put32(b, v + 40 + 20, uint32_t{product[2]} << 16 | product[3]);
  return b;
}

}  // namespace shellcarve::test
