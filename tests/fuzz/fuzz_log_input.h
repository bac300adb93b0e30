// fuzz_log_input.h: one fuzz input through the log line reader into a row reader, the input
// fed in pieces whose size the first byte chooses (so piece boundaries fall anywhere), with
// the invariants every log reader keeps: each line within the limit and inside the input,
// line numbers increasing, every row as wide as its header, every check answer well-formed.
#pragma once

#include <cstdlib>
#include <span>

#include "logs/line_reader.h"
#include "logs/log_row.h"
#include "logs/proxylogon_checks.h"

namespace shellcarve::fuzz {

template <class Reader>
void fuzz_log_rows(const uint8_t* data, size_t size, Reader& reader) {
  using namespace shellcarve::logs;
  if (size == 0) return;
  const size_t piece = 1 + data[0] % 64;
  ++data;
  --size;
  constexpr size_t kMaxLine = 256;
  uint64_t last_line = 0;
  LineReader lines(
      [&](const LogLine& line) {
        // UTF-16 decoding may grow 2 bytes into 3; never past the limit.
        if (line.text.size() > kMaxLine || line.file_offset > size || line.line_number <= last_line) std::abort();
        if (line.image_offset && *line.image_offset != 1'000'000 + line.file_offset) std::abort();
        last_line = line.line_number;
        reader.on_line(line);
      },
      kMaxLine);
  for (size_t at = 0; at < size; at += piece) {
    const size_t n = std::min(piece, size - at);
    if (data[at] == 0xEE && at > 0) lines.feed_zeros(n);
    else lines.feed(std::span<const std::byte>(reinterpret_cast<const std::byte*>(data + at), n), 1'000'000 + at);
  }
  lines.finish();
  if (lines.stats().bytes != size) std::abort();
}

inline void check_log_row(const shellcarve::logs::LogRow& row) {
  if (row.header == nullptr || row.values.size() != row.header->names().size()) std::abort();
  if (auto hit = shellcarve::logs::check_row(row); hit && hit->check.empty()) std::abort();
}

}  // namespace shellcarve::fuzz
