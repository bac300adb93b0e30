// usn_journal.h: walking the change journal's data stream ($Extend/$UsnJrnl:$J).
//
// $J is a sparse stream as large as every USN ever issued: Windows frees its oldest part
// by making it sparse, so the first gigabytes usually read as zeros and only the tail
// holds records. Records are 8-byte aligned and padded with zeros to the end of each
// journal page. The scanner therefore:
//   - never reads sparse runs (they cannot hold records) and skips zero words quickly;
//   - takes the stream in pieces of any size, carrying an incomplete record (at most
//     kUsnMaxRecordLength bytes) over to the next piece;
//   - on bytes that are not a record, steps 8 bytes and tries again, counting the damaged
//     region (offset, length, first reason) instead of giving up: the journal of a seized
//     server is often partly overwritten.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "common/result.h"
#include "ntfs/file_catalog.h"
#include "ntfs/mft_entry.h"
#include "ntfs/ntfs_volume.h"
#include "ntfs/usn/usn_record.h"

namespace shellcarve::ntfs {

// A run of bytes that held no valid record, merged from consecutive 8-byte steps.
struct UsnDamage {
  uint64_t offset = 0;  // within $J
  uint64_t length = 0;
  std::string reason;   // why the first step failed
};

struct UsnScanStats {
  uint64_t records = 0;
  uint64_t records_v2 = 0;
  uint64_t records_v3 = 0;
  uint64_t records_v4 = 0;
  uint64_t zero_bytes = 0;     // zero words skipped in bytes that were read
  uint64_t sparse_bytes = 0;   // stream bytes never read (sparse runs)
  uint64_t damaged_bytes = 0;  // bytes in damage regions
  std::vector<UsnDamage> damage;  // at most kMaxDamageEntries; damaged_bytes counts all
  bool damage_truncated = false;  // more regions than kMaxDamageEntries
  std::vector<std::string> warnings;  // limits hit, unreadable stream parts
  static constexpr size_t kMaxDamageEntries = 10000;
};

// Called per record in stream order; return false to stop the scan.
using UsnRecordSink = std::function<bool(const UsnRecord&)>;

// The incremental scanner. Feed consecutive pieces with their $J offsets; a piece that
// starts past the end of the previous one (a sparse hole) ends any incomplete record as
// damage. Call finish() after the last piece. Not thread-safe; one per stream.
class UsnScanner {
 public:
  explicit UsnScanner(UsnRecordSink sink) : sink_(std::move(sink)) {}

  // `offset`: $J offset of bytes[0] (8-byte aligned in a real stream); `image_offset`:
  // where bytes[0] lies in the image, when known, for the records' provenance.
  void feed(uint64_t offset, std::span<const std::byte> bytes,
            std::optional<uint64_t> image_offset = std::nullopt);
  // Declares [offset, offset + length) sparse: skipped unread, counted in sparse_bytes.
  void skip_sparse(uint64_t offset, uint64_t length);
  void finish();

  bool stopped() const { return stopped_; }
  const UsnScanStats& stats() const { return stats_; }
  UsnScanStats& stats() { return stats_; }

 private:
  // Scans records starting in data[0, stop_at); returns where it stopped: stop_at (or
  // past it, after a record that began before it), or earlier when a record needs bytes
  // beyond the data and `at_end` is false.
  size_t scan(std::span<const std::byte> data, uint64_t base, std::optional<uint64_t> image_base,
              size_t stop_at, bool at_end);
  void flush_carry();
  void add_damage(uint64_t offset, uint64_t length, const std::string& reason);
  // True when damage at `offset` would join the last region (so needs no reason).
  bool extends_damage(uint64_t offset) const;

  UsnRecordSink sink_;
  UsnScanStats stats_;
  std::vector<std::byte> carry_;  // an incomplete record from the previous piece
  uint64_t carry_offset_ = 0;
  std::optional<uint64_t> carry_image_offset_;
  uint64_t next_offset_ = 0;  // where the next piece should start
  bool stopped_ = false;
};

// Scans a buffer holding $J content (or a carved or extracted part of it) whose first
// byte is at $J offset `base_offset`.
UsnScanStats scan_usn_bytes(std::span<const std::byte> bytes, uint64_t base_offset,
                            const UsnRecordSink& sink);

// The journal of a volume: the $UsnJrnl file and its $J and $Max streams.
struct UsnJournalStreams {
  uint64_t mft_entry = 0;
  uint16_t sequence = 0;
  Attribute j_stream;
  std::optional<Attribute> max_stream;
};

// Finds $Extend/$UsnJrnl (an in-use base record named "$UsnJrnl" whose parent is entry 11,
// $Extend) in `catalog` and reads its record through NtfsVolume::read_file. nullopt when
// the volume has no journal (never enabled, as on volumes made by ntfs-3g) or the file has
// no $J stream; an error only when the record cannot be read.
Result<std::optional<UsnJournalStreams>> find_usn_journal(const NtfsVolume& volume,
                                                          const FileCatalog& catalog);

// Walks `j_stream` (the $J $DATA attribute) with ntfs::read_stream, never reading its
// sparse runs, and calls `sink` per record. Stops after volume.limits().max_usn_journal_size
// bytes of stream with a warning. Errors: a compressed stream (kUnsupported) or a read
// failure; records found before the failure have been delivered.
Result<UsnScanStats> scan_usn_journal(const NtfsVolume& volume, const Attribute& j_stream,
                                      const UsnRecordSink& sink);

}  // namespace shellcarve::ntfs
