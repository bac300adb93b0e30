// record_builder.h: builds FILE and INDX records byte by byte for unit tests, so each error
// case can change exactly one field of an otherwise valid record. Header-only: the test
// glob compiles *_test.cpp only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shellcarve::ntfs::testing {

using Bytes = std::vector<std::byte>;

inline void put(Bytes& b, size_t offset, uint64_t value, size_t width) {
  if (b.size() < offset + width) b.resize(offset + width);
  for (size_t i = 0; i < width; ++i) b[offset + i] = std::byte(static_cast<uint8_t>(value >> (8 * i)));
}
inline void put16(Bytes& b, size_t o, uint64_t v) { put(b, o, v, 2); }
inline void put32(Bytes& b, size_t o, uint64_t v) { put(b, o, v, 4); }
inline void put64(Bytes& b, size_t o, uint64_t v) { put(b, o, v, 8); }
inline void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }

inline Bytes utf16(std::u16string_view s) {
  Bytes out;
  for (char16_t c : s) {
    out.push_back(std::byte(static_cast<uint8_t>(c)));
    out.push_back(std::byte(static_cast<uint8_t>(c >> 8)));
  }
  return out;
}

inline Bytes pad8(Bytes b) {
  b.resize((b.size() + 7) / 8 * 8);
  return b;
}

// A resident attribute record with an optional name.
inline Bytes resident_attribute(uint32_t type, const Bytes& value, std::u16string_view name = u"",
                                uint16_t id = 0, uint16_t flags = 0) {
  Bytes a(0x18);
  const size_t name_offset = 0x18;
  const size_t value_offset = (name_offset + name.size() * 2 + 7) / 8 * 8;
  put32(a, 0x00, type);
  put(a, 0x09, name.size(), 1);
  put16(a, 0x0A, name_offset);
  put16(a, 0x0C, flags);
  put16(a, 0x0E, id);
  put32(a, 0x10, value.size());
  put16(a, 0x14, value_offset);
  Bytes n = utf16(name);
  a.resize(value_offset);
  std::copy(n.begin(), n.end(), a.begin() + name_offset);
  append(a, value);
  a = pad8(a);
  put32(a, 0x04, a.size());
  return a;
}

// A non-resident attribute record with the given mapping pairs (terminator included by the
// caller, so tests can omit it).
inline Bytes non_resident_attribute(uint32_t type, const Bytes& mapping_pairs, uint64_t lowest_vcn,
                                    uint64_t highest_vcn, uint64_t data_size,
                                    std::u16string_view name = u"", uint16_t id = 0,
                                    uint16_t flags = 0) {
  Bytes a(0x40);
  const size_t name_offset = 0x40;
  const size_t pairs_offset = (name_offset + name.size() * 2 + 7) / 8 * 8;
  put32(a, 0x00, type);
  put(a, 0x08, 1, 1);
  put(a, 0x09, name.size(), 1);
  put16(a, 0x0A, name_offset);
  put16(a, 0x0C, flags);
  put16(a, 0x0E, id);
  put64(a, 0x10, lowest_vcn);
  put64(a, 0x18, highest_vcn);
  put16(a, 0x20, pairs_offset);
  put64(a, 0x28, (highest_vcn + 1) * 4096);
  put64(a, 0x30, data_size);
  put64(a, 0x38, data_size);
  Bytes n = utf16(name);
  a.resize(pairs_offset);
  std::copy(n.begin(), n.end(), a.begin() + name_offset);
  append(a, mapping_pairs);
  a = pad8(a);
  put32(a, 0x04, a.size());
  return a;
}

inline Bytes standard_information_value(uint64_t t0, size_t size = 72) {
  Bytes v(size);
  for (size_t i = 0; i < 4; ++i) put64(v, i * 8, t0 + i);
  put32(v, 0x20, 0x20);  // archive
  if (size >= 72) {
    put32(v, 0x30, 7);
    put32(v, 0x34, 0x101);
    put64(v, 0x40, 0x123456);
  }
  return v;
}

inline Bytes file_name_value(uint64_t parent_raw, std::u16string_view name, uint8_t name_space,
                             uint64_t t0, uint64_t real_size = 0) {
  Bytes v(0x42);
  put64(v, 0x00, parent_raw);
  for (size_t i = 0; i < 4; ++i) put64(v, 0x08 + i * 8, t0 + i);
  put64(v, 0x28, (real_size + 4095) / 4096 * 4096);
  put64(v, 0x30, real_size);
  put32(v, 0x38, 0x20);
  put(v, 0x40, name.size(), 1);
  put(v, 0x41, name_space, 1);
  append(v, utf16(name));
  return v;
}

inline uint64_t file_ref(uint64_t entry, uint16_t seq) { return entry | (uint64_t{seq} << 48); }

// Protects `record` with an update sequence: the USA at usa_offset gets the USN then the
// saved tails; every 512-byte stride's tail becomes the USN.
inline void protect(Bytes& record, size_t usa_offset, uint16_t usn) {
  const size_t strides = record.size() / 512;
  put16(record, 0x04, usa_offset);
  put16(record, 0x06, strides + 1);
  put16(record, usa_offset, usn);
  for (size_t i = 0; i < strides; ++i) {
    const size_t tail = (i + 1) * 512 - 2;
    record[usa_offset + 2 + 2 * i] = record[tail];
    record[usa_offset + 3 + 2 * i] = record[tail + 1];
    put16(record, tail, usn);
  }
}

// A FILE record (NTFS 3.1 layout: USA at 0x30, first attribute at 0x38 for 1 KiB records).
struct MftRecordBuilder {
  size_t size = 1024;
  uint16_t sequence = 3;
  uint16_t link_count = 1;
  uint16_t flags = 1;
  uint64_t base_record = 0;
  uint32_t entry_number = 42;
  uint16_t usn = 0x0005;
  std::vector<Bytes> attributes;

  MftRecordBuilder& add(Bytes attribute) {
    attributes.push_back(std::move(attribute));
    return *this;
  }

  Bytes build() const {
    Bytes r(size);
    const size_t usa_offset = 0x30;
    const size_t first = (usa_offset + 2 * (size / 512 + 1) + 7) / 8 * 8;
    r[0] = std::byte{'F'}; r[1] = std::byte{'I'}; r[2] = std::byte{'L'}; r[3] = std::byte{'E'};
    put64(r, 0x08, 0x1000);
    put16(r, 0x10, sequence);
    put16(r, 0x12, link_count);
    put16(r, 0x14, first);
    put16(r, 0x16, flags);
    put32(r, 0x1C, size);
    put64(r, 0x20, base_record);
    put16(r, 0x28, attributes.size());
    put32(r, 0x2C, entry_number);
    size_t pos = first;
    for (const Bytes& a : attributes) {
      std::copy(a.begin(), a.end(), r.begin() + pos);
      pos += a.size();
    }
    put32(r, pos, 0xFFFFFFFF);
    pos += 8;
    put32(r, 0x18, pos);
    protect(r, usa_offset, usn);
    return r;
  }
};

}  // namespace shellcarve::ntfs::testing
