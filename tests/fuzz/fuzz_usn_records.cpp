// Fuzz target: a $UsnJrnl:$J byte stream. The input is parsed as one record
// (parse_usn_record), scanned whole (scan_usn_bytes), and scanned again fed in pieces
// whose size the first input byte chooses -- as scan_usn_journal feeds the scanner one
// read at a time. Both scans must find the same records at the same offsets; a difference
// means the carry of a record split between pieces lost or invented one, so it aborts.
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "fuzz_target.h"
#include "ntfs/usn/usn_journal.h"
#include "ntfs/usn/usn_reasons.h"

SHELLCARVE_FUZZ_TARGET(usn_records) {
  using namespace shellcarve::ntfs;
  if (size == 0) return 0;
  const size_t piece = 1 + static_cast<size_t>(data[0]) * 8 + data[0] % 7;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + 1), size - 1);

  if (auto record = parse_usn_record(bytes, 0)) {
    (void)usn_reasons_to_string(record->reason);
    (void)usn_source_info_to_string(record->source_info);
  }

  // The $J offset of the first byte: 8-byte aligned as in a real stream.
  const uint64_t base = 0x10000;
  std::vector<uint64_t> whole;
  const UsnScanStats whole_stats = scan_usn_bytes(bytes, base, [&](const UsnRecord& record) {
    whole.push_back(record.offset);
    return true;
  });

  std::vector<uint64_t> pieces;
  UsnScanner scanner([&](const UsnRecord& record) {
    pieces.push_back(record.offset);
    return true;
  });
  for (size_t at = 0; at < bytes.size(); at += piece)
    scanner.feed(base + at, bytes.subspan(at, std::min(piece, bytes.size() - at)), 0x400000 + at);
  scanner.finish();

  if (whole != pieces || whole_stats.records != scanner.stats().records) std::abort();
  return 0;
}
