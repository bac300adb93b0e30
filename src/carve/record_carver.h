// record_carver.h: FILE and INDX records found in bytes the live file system does not
// describe (free clusters, $MFT slack). NTFS writes both as multi-sector records whose
// update sequence protects every 512-byte sector, and they are laid out sector-aligned
// (FILE records at record-size multiples inside $MFT, INDX records at cluster starts), so a
// copy that survives elsewhere still starts on a 512-byte boundary of the image: the
// carver looks at those positions only. A candidate is kept when its signature is right,
// its update sequence array covers exactly the record size, every sector's fixup matches
// (a torn or partly overwritten record fails here), and the parsed record holds what a
// used record holds (a FILE record: $STANDARD_INFORMATION or $FILE_NAME; an INDX record: at
// least one $FILE_NAME key). Parsing is the NTFS engine's own (parse_mft_record,
// parse_index_record), so carved records read exactly as live ones.
//
// The same walk notes EVTX chunks (event log pages of 64 KiB: "ElfChnk\0" and a header
// whose CRC32 matches): a deleted or cleared event log's chunks that survive in free
// clusters. A chunk starts a multiple of 64 KiB after its file's 4 KiB header, so on a
// sector boundary too. Only their image offsets are kept; the log step reads them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "ntfs/index/index_record.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::carve {

struct CarvedFileRecord {
  ntfs::MftEntry record;  // record.image_offset: where it was found
  std::string region;     // "unallocated", "$MFT slack"
  std::string path;       // resolved later (record_events.h)
};

struct CarvedIndexRecord {
  ntfs::IndexRecord record;
  uint64_t image_offset = 0;
  std::string region;
};

struct RecordCarverStats {
  uint64_t bytes_scanned = 0;
  uint64_t file_signatures = 0;  // positions starting with FILE
  uint64_t index_signatures = 0;  // positions starting with INDX
  uint64_t rejected = 0;          // signature right, record not intact or empty
  uint64_t over_limit = 0;        // intact records dropped: past Limits::max_carved_records
  uint64_t evtx_chunks_over_limit = 0;  // intact EVTX chunks past kMaxCarvedEvtxChunks
};

// EVTX chunks kept per volume (the lowest image offsets): 1 GiB of event log pages.
inline constexpr size_t kMaxCarvedEvtxChunks = 16384;

// True when `header` (at least 512 bytes) is an EVTX chunk header whose CRC32 matches.
bool is_evtx_chunk_header(std::span<const std::byte> header);

class RecordCarver {
 public:
  // `mft_record_size` and `index_record_size` are the volume's (boot sector; root's
  // $INDEX_ROOT), each a multiple of 512.
  RecordCarver(uint32_t mft_record_size, uint32_t index_record_size,
               const Limits& limits = default_limits());

  // Scans `bytes`, whose first byte lies at `image_offset` (512-aligned positions are those
  // whose image offset is a multiple of 512). A record that runs past the end is completed
  // when the next call continues at the following byte; otherwise it is dropped.
  void scan(std::span<const std::byte> bytes, uint64_t image_offset, const std::string& region);
  // Scans only records that start in bytes[owned_begin, owned_end) (a block of the
  // free-space walker, whose margins repeat its neighbours' bytes); a record may run on into
  // the bytes after owned_end, and one that runs past the end of `bytes` is dropped.
  void scan_block(std::span<const std::byte> bytes, uint64_t image_offset, size_t owned_begin,
                  size_t owned_end, const std::string& region);
  // Takes over another carver's records and counts (workers' carvers into one).
  void absorb(RecordCarver&& other);
  // Keeps the Limits::max_carved_records records at the lowest offsets, counting the others
  // in stats().over_limit -- the same ones whatever order the bytes came in. Called as the
  // records pile up (at twice the limit) and once at the end.
  void keep_lowest();

  std::vector<CarvedFileRecord>& file_records() { return files_; }
  std::vector<CarvedIndexRecord>& index_records() { return indexes_; }
  // Image offsets of the intact EVTX chunk headers seen (unsorted until keep_lowest()).
  std::vector<uint64_t>& evtx_chunks() { return evtx_chunks_; }
  const RecordCarverStats& stats() const { return stats_; }

 private:
  struct Pending {
    uint64_t image_offset = 0;
    std::vector<std::byte> bytes;  // the part seen so far
    size_t size = 0;               // the record's full size
    std::string region;
  };
  void candidate(std::span<const std::byte> record, uint64_t image_offset, const std::string& region);
  void note_evtx_chunk(uint64_t image_offset);
  // Looks at the 512-aligned positions of bytes[begin, end); a candidate that runs past the
  // end of `bytes` goes to on_tail(position, record size).
  template <class Tail>
  void scan_positions(std::span<const std::byte> bytes, uint64_t image_offset, size_t begin,
                      size_t end, const std::string& region, Tail&& on_tail);

  uint32_t mft_record_size_;
  uint32_t index_record_size_;
  const Limits* limits_;
  std::vector<uint64_t> evtx_chunks_;
  std::vector<Pending> pending_;
  uint64_t next_offset_ = 0;
  std::vector<CarvedFileRecord> files_;
  std::vector<CarvedIndexRecord> indexes_;
  RecordCarverStats stats_;
};

// True when `record` (one multi-sector record of its full size) has an update sequence
// array that covers exactly its sectors: count = 1 + size / 512, array inside the header.
bool update_sequence_covers(std::span<const std::byte> record);

}  // namespace shellcarve::carve
