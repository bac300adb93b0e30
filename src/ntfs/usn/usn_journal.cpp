#include "ntfs/usn/usn_journal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "ntfs/stream_reader.h"

namespace shellcarve::ntfs {
namespace {

constexpr size_t kWord = 8;  // records start on 8-byte boundaries

uint64_t load_word(const std::byte* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// The extended-file directory's fixed entry number (NTFS 3.0+).
constexpr uint64_t kExtendEntry = 11;

}  // namespace

bool UsnScanner::extends_damage(uint64_t offset) const {
  if (stats_.damage_truncated) return true;  // further regions are counted, not kept
  return !stats_.damage.empty() && stats_.damage.back().offset + stats_.damage.back().length == offset;
}

void UsnScanner::add_damage(uint64_t offset, uint64_t length, const std::string& reason) {
  stats_.damaged_bytes += length;
  if (!stats_.damage.empty()) {
    UsnDamage& last = stats_.damage.back();
    if (last.offset + last.length == offset) {
      last.length += length;
      return;
    }
  }
  if (stats_.damage.size() >= UsnScanStats::kMaxDamageEntries) {
    stats_.damage_truncated = true;
    return;
  }
  stats_.damage.push_back({offset, length, reason});
}

size_t UsnScanner::scan(std::span<const std::byte> data, uint64_t base,
                        std::optional<uint64_t> image_base, size_t stop_at, bool at_end) {
  const size_t size = data.size();
  size_t pos = 0;
  while (pos < stop_at && !stopped_) {
    const size_t remaining = size - pos;
    if (remaining < kWord) {
      if (!at_end) return pos;
      const auto tail = data.subspan(pos);
      if (std::all_of(tail.begin(), tail.end(), [](std::byte b) { return b == std::byte{0}; }))
        stats_.zero_bytes += remaining;
      else
        add_damage(base + pos, remaining,
                   fmt::format("$J offset {}: {} trailing bytes, too few for a record header",
                               base + pos, remaining));
      return size;
    }
    if (load_word(data.data() + pos) == 0) {
      // Page padding and freed space: the bulk of a journal's allocated bytes.
      size_t end = pos + kWord;
      while (end + kWord <= size && load_word(data.data() + end) == 0) end += kWord;
      stats_.zero_bytes += end - pos;
      pos = end;
      continue;
    }
    const auto length = plausible_usn_record_length(data.subspan(pos, kWord));
    if (!length) {
      // The reason is spelled out only for the first step of a damage region.
      add_damage(base + pos, kWord,
                 extends_damage(base + pos)
                     ? std::string()
                     : check_usn_record_header(data.subspan(pos, kWord), base + pos).error().message);
      pos += kWord;
      continue;
    }
    if (*length > remaining) {
      if (!at_end) return pos;  // the rest arrives with the next piece
      add_damage(base + pos, kWord,
                 fmt::format("USN record at $J offset {}: {} bytes long, only {} before the end "
                             "of the data read",
                             base + pos, *length, remaining));
      pos += kWord;
      continue;
    }
    auto record = parse_usn_record(data.subspan(pos, *length), base + pos);
    if (!record) {
      add_damage(base + pos, kWord, record.error().message);
      pos += kWord;
      continue;
    }
    if (image_base) record->image_offset = *image_base + pos;
    ++stats_.records;
    switch (record->major_version) {
      case 2: ++stats_.records_v2; break;
      case 3: ++stats_.records_v3; break;
      default: ++stats_.records_v4; break;
    }
    if (!sink_(*record)) stopped_ = true;
    pos += *length;
  }
  return pos;
}

void UsnScanner::flush_carry() {
  if (!carry_.empty() && !stopped_)
    scan(carry_, carry_offset_, carry_image_offset_, carry_.size(), /*at_end=*/true);
  carry_.clear();
}

void UsnScanner::feed(uint64_t offset, std::span<const std::byte> bytes,
                      std::optional<uint64_t> image_offset) {
  if (stopped_) return;
  if (offset != next_offset_) flush_carry();  // a hole or a restart: the carry has no tail
  next_offset_ = offset + bytes.size();
  size_t start = 0;
  if (!carry_.empty()) {
    // Complete the carried record with the head of this piece. A record needs at most
    // kUsnMaxRecordLength bytes from its start, so that many always suffice.
    const size_t old = carry_.size();
    const size_t take = std::min<size_t>(bytes.size(), kUsnMaxRecordLength);
    carry_.insert(carry_.end(), bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(take));
    if (carry_image_offset_ && image_offset != *carry_image_offset_ + old)
      carry_image_offset_.reset();  // not contiguous on disk: only carry starts stay exact
    const size_t pos = scan(carry_, carry_offset_, carry_image_offset_, old, /*at_end=*/false);
    if (stopped_) {
      carry_.clear();
      return;
    }
    if (pos < old) {
      // Still incomplete: the whole (small) piece went into the carry.
      carry_.erase(carry_.begin(), carry_.begin() + static_cast<ptrdiff_t>(pos));
      carry_.insert(carry_.end(), bytes.begin() + static_cast<ptrdiff_t>(take), bytes.end());
      carry_offset_ += pos;
      if (carry_image_offset_) *carry_image_offset_ += pos;
      return;
    }
    start = pos - old;
    carry_.clear();
  }
  if (start >= bytes.size()) return;
  const auto rest = bytes.subspan(start);
  const std::optional<uint64_t> rest_image =
      image_offset ? std::optional<uint64_t>(*image_offset + start) : std::nullopt;
  const size_t pos = scan(rest, offset + start, rest_image, rest.size(), /*at_end=*/false);
  if (stopped_ || pos >= rest.size()) return;
  carry_.assign(rest.begin() + static_cast<ptrdiff_t>(pos), rest.end());
  carry_offset_ = offset + start + pos;
  carry_image_offset_ = rest_image ? std::optional<uint64_t>(*rest_image + pos) : std::nullopt;
}

void UsnScanner::skip_sparse(uint64_t offset, uint64_t length) {
  flush_carry();
  stats_.sparse_bytes += length;
  next_offset_ = offset + length;
}

void UsnScanner::finish() { flush_carry(); }

UsnScanStats scan_usn_bytes(std::span<const std::byte> bytes, uint64_t base_offset,
                            const UsnRecordSink& sink) {
  UsnScanner scanner(sink);
  scanner.feed(base_offset, bytes);
  scanner.finish();
  return scanner.stats();
}

Result<std::optional<UsnJournalStreams>> find_usn_journal(const NtfsVolume& volume,
                                                          const FileCatalog& catalog) {
  std::optional<uint64_t> entry;
  for (const CatalogEntry& candidate : catalog.entries) {
    if (!candidate.present || !candidate.in_use() || !candidate.is_base()) continue;
    for (const FileNameAttribute& name : candidate.file_names)
      if (name.parent.entry == kExtendEntry && name.name == "$UsnJrnl") entry = candidate.entry;
    if (entry) break;
  }
  if (!entry) return std::nullopt;
  SC_ASSIGN_OR_RETURN(MftEntry file, volume.read_file(*entry));
  UsnJournalStreams journal;
  journal.mft_entry = file.entry_number;
  journal.sequence = file.sequence;
  bool have_j = false;
  for (Attribute& attribute : file.attributes) {
    // After the attribute-list merge a stream is one attribute whose first piece starts at
    // VCN 0; a leftover piece elsewhere is not the stream's start.
    if (attribute.type != AttributeType::kData || attribute.lowest_vcn != 0) continue;
    if (attribute.name == "$J" && !have_j) {
      journal.j_stream = std::move(attribute);
      have_j = true;
    } else if (attribute.name == "$Max" && !journal.max_stream) {
      journal.max_stream = std::move(attribute);
    }
  }
  if (!have_j) return std::nullopt;
  return journal;
}

Result<UsnScanStats> scan_usn_journal(const NtfsVolume& volume, const Attribute& j_stream,
                                      const UsnRecordSink& sink) {
  UsnScanner scanner(sink);
  UsnScanStats& stats = scanner.stats();
  const uint64_t limit = volume.limits().max_usn_journal_size;
  if (j_stream.size() > limit)
    stats.warnings.push_back(fmt::format(
        "max_usn_journal_size: $J of MFT entry {} holds {} bytes; only the first {} were "
        "scanned",
        j_stream.mft_entry, j_stream.size(), limit));
  if (j_stream.resident) {
    const auto data = std::span(j_stream.resident_data)
                          .first(static_cast<size_t>(std::min<uint64_t>(j_stream.size(), limit)));
    scanner.feed(0, data);
    scanner.finish();
    return scanner.stats();
  }
  const uint64_t size = std::min(j_stream.data_size, limit);
  const uint64_t cluster_size = volume.cluster_size();
  const auto& runs = j_stream.runs;
  // Byte offset of `vcn` clusters, or nullopt on overflow (a damaged run list).
  auto bytes_at = [&](uint64_t vcn) -> std::optional<uint64_t> {
    uint64_t bytes = 0;
    if (__builtin_mul_overflow(vcn, cluster_size, &bytes)) return std::nullopt;
    return bytes;
  };
  uint64_t position = 0;
  size_t i = 0;
  while (i < runs.size() && position < size && !scanner.stopped()) {
    const auto run_start = bytes_at(runs[i].vcn);
    const auto run_end = bytes_at(runs[i].vcn + runs[i].length);
    if (!run_start || !run_end || *run_start != position || runs[i].vcn + runs[i].length < runs[i].vcn) {
      stats.warnings.push_back(fmt::format(
          "MFT entry {}: $J data run {} (VCN {}) does not continue the stream at byte {}; "
          "the rest of the stream is not scanned",
          j_stream.mft_entry, i, runs[i].vcn, position));
      break;
    }
    if (!runs[i].lcn) {
      // A sparse run: freed journal space, zeros by definition. Never read it.
      const uint64_t end = std::min(*run_end, size);
      scanner.skip_sparse(position, end - position);
      position = end;
      ++i;
      continue;
    }
    // A stretch of allocated runs, read through read_stream as a stream of its own whose
    // VCNs start at 0.
    size_t j = i + 1;
    while (j < runs.size() && runs[j].lcn && runs[j].vcn == runs[j - 1].vcn + runs[j - 1].length)
      ++j;
    const uint64_t first_vcn = runs[i].vcn;
    const auto stretch_end_bytes = bytes_at(runs[j - 1].vcn + runs[j - 1].length);
    if (!stretch_end_bytes) break;
    const uint64_t stretch_end = std::min(*stretch_end_bytes, size);
    Attribute stretch;
    stretch.type = j_stream.type;
    stretch.id = j_stream.id;
    stretch.name = j_stream.name;
    stretch.flags = j_stream.flags;
    stretch.resident = false;
    stretch.compression_unit = j_stream.compression_unit;
    stretch.mft_entry = j_stream.mft_entry;
    stretch.image_offset = j_stream.image_offset;
    stretch.allocated_size = *stretch_end_bytes - position;
    stretch.data_size = stretch_end - position;
    stretch.initialized_size =
        j_stream.initialized_size > position
            ? std::min(j_stream.initialized_size - position, stretch.data_size)
            : 0;
    for (size_t k = i; k < j; ++k)
      stretch.runs.push_back({runs[k].vcn - first_vcn, runs[k].length, runs[k].lcn});
    const uint64_t stretch_start = position;
    auto status = read_stream(volume, stretch, [&](const StreamPiece& piece) {
      scanner.feed(stretch_start + piece.stream_offset, piece.bytes, piece.image_offset);
      return !scanner.stopped();
    });
    if (!status) {
      if (status.error().code == ErrorCode::kUnsupported) return std::unexpected(status.error());
      // An unreadable stretch is a hole; the journal goes on after it.
      stats.warnings.push_back(fmt::format("$J bytes {}..{} unreadable: {}", stretch_start,
                                           stretch_end, status.error().message));
    }
    position = stretch_end;
    i = j;
  }
  if (position < size && !scanner.stopped() && i >= runs.size())
    stats.warnings.push_back(fmt::format("MFT entry {}: $J runs cover {} of {} bytes",
                                         j_stream.mft_entry, position, size));
  scanner.finish();
  return scanner.stats();
}

}  // namespace shellcarve::ntfs
