// usn_builder.h: USN records built byte by byte, so each unit test can change exactly one
// field of an otherwise valid record. Header-only (the test glob compiles *_test.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "ntfs/record_builder.h"

namespace shellcarve::ntfs::testing {

struct UsnFields {
  uint64_t file = 0x0001000000000028ULL;    // entry 0x28, sequence 1
  uint64_t parent = 0x0005000000000005ULL;  // entry 5, sequence 5
  uint64_t file_high = 0;                   // V3: high half of the 128-bit id
  uint64_t parent_high = 0;
  uint64_t usn = 80;
  uint64_t timestamp = 0x01d4b29a7e004ce3ULL;  // 2019-01-22T21:36:10.9243619Z
  uint32_t reason = 0x80000100;                // FILE_CREATE|CLOSE
  uint32_t source_info = 0;
  uint32_t security_id = 0;
  uint32_t attributes = 0x10;
  std::u16string_view name = u"New folder";
};

// A USN_RECORD_V2 as Windows writes it: name right after the 60-byte header, zero padding
// to a multiple of 8.
inline Bytes usn_v2(const UsnFields& f = {}) {
  Bytes b(0x3C);
  put16(b, 0x04, 2);
  put64(b, 0x08, f.file);
  put64(b, 0x10, f.parent);
  put64(b, 0x18, f.usn);
  put64(b, 0x20, f.timestamp);
  put32(b, 0x28, f.reason);
  put32(b, 0x2C, f.source_info);
  put32(b, 0x30, f.security_id);
  put32(b, 0x34, f.attributes);
  put16(b, 0x38, f.name.size() * 2);
  put16(b, 0x3A, 0x3C);
  append(b, utf16(f.name));
  b = pad8(b);
  put32(b, 0x00, b.size());
  return b;
}

// A USN_RECORD_V3: 128-bit ids, header of 76 bytes.
inline Bytes usn_v3(const UsnFields& f = {}) {
  Bytes b(0x4C);
  put16(b, 0x04, 3);
  put64(b, 0x08, f.file);
  put64(b, 0x10, f.file_high);
  put64(b, 0x18, f.parent);
  put64(b, 0x20, f.parent_high);
  put64(b, 0x28, f.usn);
  put64(b, 0x30, f.timestamp);
  put32(b, 0x38, f.reason);
  put32(b, 0x3C, f.source_info);
  put32(b, 0x40, f.security_id);
  put32(b, 0x44, f.attributes);
  put16(b, 0x48, f.name.size() * 2);
  put16(b, 0x4A, 0x4C);
  append(b, utf16(f.name));
  b = pad8(b);
  put32(b, 0x00, b.size());
  return b;
}

// A USN_RECORD_V4 with `extents` (offset, length) pairs.
inline Bytes usn_v4(const UsnFields& f, std::initializer_list<std::pair<int64_t, int64_t>> extents) {
  Bytes b(0x40);
  put16(b, 0x04, 4);
  put64(b, 0x08, f.file);
  put64(b, 0x10, f.file_high);
  put64(b, 0x18, f.parent);
  put64(b, 0x20, f.parent_high);
  put64(b, 0x28, f.usn);
  put32(b, 0x30, f.reason);
  put32(b, 0x34, f.source_info);
  put32(b, 0x38, 0);
  put16(b, 0x3C, extents.size());
  put16(b, 0x3E, 16);
  for (const auto& [offset, length] : extents) {
    const size_t at = b.size();
    put64(b, at, static_cast<uint64_t>(offset));
    put64(b, at + 8, static_cast<uint64_t>(length));
  }
  put32(b, 0x00, b.size());
  return b;
}

}  // namespace shellcarve::ntfs::testing
