// evtx_file.h: reads a whole .evtx file -- file header, 64 KiB chunks, event records -- and
// hands every record it can build to a callback, in file order. Damage never stops the
// walk: a bad checksum, signature, size or BinXML token is a warning of a named kind with
// its file offset, and the reader goes on with the next record or chunk. What was skipped
// is counted in EvtxFileCoverage, so a caller can say how much of the log it saw.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "logs/evtx/evtx_event.h"

namespace shellcarve::logs::evtx {

// Warning kinds (EvtxWarning::kind):
//   evtx_file_signature         the first 8 bytes are not "ElfFile\0" (chunks are still read)
//   evtx_file_header_checksum   CRC32 of the header's first 120 bytes differs
//   evtx_chunk_signature        a 64 KiB block that is neither a chunk nor all zeros: skipped
//   evtx_chunk_header_checksum  CRC32 of the chunk header differs (records still read)
//   evtx_chunk_records_checksum CRC32 of the chunk's records differs (records still read)
//   evtx_chunk_free_space       the free-space offset is outside the chunk (chunk end used)
//   evtx_chunk_truncated        the file ends inside a chunk (its complete records are read)
//   evtx_record_signature       no "**\0\0" where a record should start: resynchronised
//   evtx_record_size            a size that leaves the chunk or disagrees with its copy
//   evtx_record_binxml          the record's BinXML could not be read: record skipped
//   evtx_slack_records          records recovered past chunks' free-space offsets (one
//                               warning per file, with the counts); they come after the
//                               log's own records
struct EvtxWarning {
  std::string kind;
  uint64_t file_offset = 0;
  std::string message;
};

struct EvtxFileCoverage {
  bool header_valid = false;          // "ElfFile\0" with a matching checksum
  uint16_t header_chunk_count = 0;    // as the header states it
  uint32_t header_flags = 0;          // 1 dirty, 2 full
  uint64_t chunks_read = 0;
  uint64_t chunks_empty = 0;          // all-zero blocks: never used, not damage
  uint64_t chunks_skipped = 0;
  uint64_t records = 0;               // records handed to the callback
  uint64_t records_skipped = 0;
  uint64_t records_in_slack = 0;      // of `records`: recovered past a chunk's free space
  uint64_t slack_records_unreadable = 0;  // slack records whose BinXML no longer parses
  uint64_t slack_copies_of_live = 0;  // slack records the log also holds (same id and time): dropped
  std::optional<uint64_t> first_time;  // smallest and largest written time (FILETIME)
  std::optional<uint64_t> last_time;
  std::optional<uint64_t> first_record_id;
  std::optional<uint64_t> last_record_id;
  std::vector<EvtxWarning> warnings;  // in file order
};

using EvtxEventSink = std::function<void(EvtxEvent&&)>;

// `file` is the whole .evtx file; offsets in events and warnings are relative to its start.
EvtxFileCoverage read_evtx(std::span<const std::byte> file, const Limits& limits,
                           const EvtxEventSink& on_event);

// CRC32 (the reflected 0xEDB88320 polynomial of zlib and EVTX) over `bytes`, continuing `crc`.
uint32_t evtx_crc32(std::span<const std::byte> bytes, uint32_t crc = 0);

}  // namespace shellcarve::logs::evtx
