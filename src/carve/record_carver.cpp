// record_carver.cpp: FILE and INDX records at sector boundaries (see record_carver.h).
#include "carve/record_carver.h"

#include <algorithm>
#include <cstring>

#include "common/byte_reader.h"
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
  for (size_t pos = (kSector - image_offset % kSector) % kSector; pos + 4 <= bytes.size(); pos += kSector) {
    const bool file = starts_with(bytes, pos, "FILE");
    if (!file && !starts_with(bytes, pos, "INDX")) continue;
    ++(file ? stats_.file_signatures : stats_.index_signatures);
    const size_t size = file ? mft_record_size_ : index_record_size_;
    if (size <= bytes.size() - pos)
      candidate(bytes.subspan(pos, size), image_offset + pos, region);
    else
      pending_.push_back({image_offset + pos, {bytes.begin() + static_cast<ptrdiff_t>(pos), bytes.end()}, size, region});
  }
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
    return;
  }
  auto parsed = ntfs::parse_index_record(record, image_offset, true);
  if (!parsed || !parsed->fixup_valid ||
      (!has_file_name_key(parsed->node.entries) && !has_file_name_key(parsed->node.slack_entries))) {
    ++stats_.rejected;
    return;
  }
  indexes_.push_back({std::move(*parsed), image_offset, region});
}

}  // namespace shellcarve::carve
