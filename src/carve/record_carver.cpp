// record_carver.cpp: FILE and INDX records at sector boundaries (see record_carver.h).
#include "carve/record_carver.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "common/byte_reader.h"
#include "logs/evtx/evtx_file.h"
#include "logs/evtx/evtx_layout.h"
#include "ntfs/fixup.h"
#include "ntfs/mft_record_parser.h"

namespace shellcarve::carve {
namespace {

using M = ntfs::MultiSectorHeaderLayout;
constexpr size_t kSector = M::kStride;
// The update sequence array follows the fixed header: at 0x28 in INDX records, 0x2A in
// NTFS 3.0 FILE records, 0x30 in 3.1 ones -- never before 0x28, always in the first sector.
constexpr size_t kMinUsaOffset = 0x28;

bool starts_with(std::span<const std::byte> bytes, size_t pos, const char (&signature)[5]) {
  return std::memcmp(bytes.data() + pos, signature, 4) == 0;
}

bool has_file_name_key(const std::vector<ntfs::IndexEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(), [](const auto& e) { return e.file_name.has_value(); });
}

}  // namespace

bool is_evtx_chunk_header(std::span<const std::byte> header) {
  namespace evtx = logs::evtx;
  if (header.size() < evtx::kChunkHeaderSize || std::memcmp(header.data(), "ElfChnk\0", 8) != 0) return false;
  const auto stored = ByteReader(header).u32(evtx::kChunkHeaderChecksum, "chunk header CRC32");
  const uint32_t computed = evtx::evtx_crc32(
      header.subspan(evtx::kChunkStringTable, evtx::kChunkHeaderSize - evtx::kChunkStringTable),
      evtx::evtx_crc32(header.first(evtx::kChunkFlags)));
  return stored && *stored == computed;
}

bool update_sequence_covers(std::span<const std::byte> record) {
  const ByteReader r(record);
  const auto offset = r.u16(M::kUsaOffset, "update sequence offset");
  const auto count = r.u16(M::kUsaCount, "update sequence count");
  if (!offset || !count || record.size() % kSector != 0) return false;
  return *count == 1 + record.size() / kSector && *offset >= kMinUsaOffset && *offset % 2 == 0 &&
         *offset + 2u * *count <= std::min(record.size(), kSector);
}

RecordCarver::RecordCarver(uint32_t mft_record_size, uint32_t index_record_size, const Limits& limits)
    : mft_record_size_(mft_record_size), index_record_size_(index_record_size), limits_(&limits) {}

template <class Tail>
void RecordCarver::scan_positions(std::span<const std::byte> bytes, uint64_t image_offset, size_t begin,
                                  size_t end, const std::string& region, Tail&& on_tail) {
  const uint64_t first = image_offset + begin;
  for (size_t pos = begin + (kSector - first % kSector) % kSector; pos < end && pos + 4 <= bytes.size();
       pos += kSector) {
    const bool file = starts_with(bytes, pos, "FILE");
    if (!file && !starts_with(bytes, pos, "INDX")) {
      if (starts_with(bytes, pos, "ElfC") && is_evtx_chunk_header(bytes.subspan(pos))) note_evtx_chunk(image_offset + pos);
      continue;
    }
    ++(file ? stats_.file_signatures : stats_.index_signatures);
    const size_t size = file ? mft_record_size_ : index_record_size_;
    if (size <= bytes.size() - pos)
      candidate(bytes.subspan(pos, size), image_offset + pos, region);
    else
      on_tail(pos, size);
  }
}

void RecordCarver::scan(std::span<const std::byte> bytes, uint64_t image_offset,
                        const std::string& region) {
  stats_.bytes_scanned += bytes.size();
  std::vector<Pending> unfinished;
  if (image_offset == next_offset_) {
    for (Pending& pending : pending_) {
      const size_t take = std::min(pending.size - pending.bytes.size(), bytes.size());
      pending.bytes.insert(pending.bytes.end(), bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(take));
      if (pending.bytes.size() == pending.size)
        candidate(pending.bytes, pending.image_offset, pending.region);
      else
        unfinished.push_back(std::move(pending));
    }
  }
  pending_ = std::move(unfinished);
  next_offset_ = image_offset + bytes.size();
  scan_positions(bytes, image_offset, 0, bytes.size(), region, [&](size_t pos, size_t size) {
    pending_.push_back({image_offset + pos, {bytes.begin() + static_cast<ptrdiff_t>(pos), bytes.end()}, size, region});
  });
}

void RecordCarver::scan_block(std::span<const std::byte> bytes, uint64_t image_offset, size_t owned_begin,
                              size_t owned_end, const std::string& region) {
  stats_.bytes_scanned += owned_end - owned_begin;
  scan_positions(bytes, image_offset, owned_begin, owned_end, region, [](size_t, size_t) {});
}

void RecordCarver::absorb(RecordCarver&& other) {
  std::move(other.files_.begin(), other.files_.end(), std::back_inserter(files_));
  std::move(other.indexes_.begin(), other.indexes_.end(), std::back_inserter(indexes_));
  stats_.bytes_scanned += other.stats_.bytes_scanned;
  stats_.file_signatures += other.stats_.file_signatures;
  stats_.index_signatures += other.stats_.index_signatures;
  stats_.rejected += other.stats_.rejected;
  stats_.over_limit += other.stats_.over_limit;
  stats_.evtx_chunks_over_limit += other.stats_.evtx_chunks_over_limit;
  evtx_chunks_.insert(evtx_chunks_.end(), other.evtx_chunks_.begin(), other.evtx_chunks_.end());
  other.files_.clear();
  other.indexes_.clear();
  other.evtx_chunks_.clear();
}

void RecordCarver::candidate(std::span<const std::byte> record, uint64_t image_offset,
                             const std::string& region) {
  if (!update_sequence_covers(record)) {
    ++stats_.rejected;
    return;
  }
  if (starts_with(record, 0, "FILE")) {
    // A carved record's number is the one it carries (NTFS 3.1 header, offset 0x2C), not
    // a position in $MFT; 3.0 records carry none (usa offset before 0x30).
    const ByteReader r(record);
    uint64_t number = 0;
    if (*r.u16(M::kUsaOffset, "update sequence offset") >= ntfs::MftRecordHeaderLayout::kV31HeaderSize)
      number = r.u32(ntfs::MftRecordHeaderLayout::kEntryNumber, "record number").value_or(0);
    auto parsed = ntfs::parse_mft_record(record, image_offset, number, *limits_);
    if (!parsed || !parsed->fixup_valid || parsed->baad ||
        (!parsed->standard_information && parsed->file_names.empty())) {
      ++stats_.rejected;
      return;
    }
    files_.push_back({std::move(*parsed), region, ""});
    if (files_.size() + indexes_.size() > 2 * limits_->max_carved_records) keep_lowest();
    return;
  }
  auto parsed = ntfs::parse_index_record(record, image_offset, true);
  if (!parsed || !parsed->fixup_valid ||
      (!has_file_name_key(parsed->node.entries) && !has_file_name_key(parsed->node.slack_entries))) {
    ++stats_.rejected;
    return;
  }
  indexes_.push_back({std::move(*parsed), image_offset, region});
  if (files_.size() + indexes_.size() > 2 * limits_->max_carved_records) keep_lowest();
}

void RecordCarver::note_evtx_chunk(uint64_t image_offset) {
  evtx_chunks_.push_back(image_offset);
  if (evtx_chunks_.size() > 2 * kMaxCarvedEvtxChunks) keep_lowest();
}

void RecordCarver::keep_lowest() {
  std::sort(evtx_chunks_.begin(), evtx_chunks_.end());
  evtx_chunks_.erase(std::unique(evtx_chunks_.begin(), evtx_chunks_.end()), evtx_chunks_.end());
  if (evtx_chunks_.size() > kMaxCarvedEvtxChunks) {
    stats_.evtx_chunks_over_limit += evtx_chunks_.size() - kMaxCarvedEvtxChunks;
    evtx_chunks_.resize(kMaxCarvedEvtxChunks);
  }
  const uint64_t limit = limits_->max_carved_records;
  if (files_.size() + indexes_.size() <= limit) return;
  std::sort(files_.begin(), files_.end(),
            [](const auto& a, const auto& b) { return a.record.image_offset < b.record.image_offset; });
  std::sort(indexes_.begin(), indexes_.end(),
            [](const auto& a, const auto& b) { return a.image_offset < b.image_offset; });
  size_t f = 0, i = 0;
  while (f + i < limit) {
    if (i == indexes_.size() || (f < files_.size() && files_[f].record.image_offset < indexes_[i].image_offset))
      ++f;
    else
      ++i;
  }
  stats_.over_limit += (files_.size() - f) + (indexes_.size() - i);
  files_.erase(files_.begin() + static_cast<ptrdiff_t>(f), files_.end());
  indexes_.erase(indexes_.begin() + static_cast<ptrdiff_t>(i), indexes_.end());
}

}  // namespace shellcarve::carve
