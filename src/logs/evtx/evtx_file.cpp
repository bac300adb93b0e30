#include "logs/evtx/evtx_file.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "logs/evtx/binxml.h"
#include "logs/evtx/evtx_layout.h"

namespace shellcarve::logs::evtx {
namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

bool has_signature(std::span<const std::byte> bytes, std::string_view signature) {
  return bytes.size() >= signature.size() &&
         std::memcmp(bytes.data(), signature.data(), signature.size()) == 0;
}

uint32_t u32_at(std::span<const std::byte> bytes, size_t offset) {
  return static_cast<uint32_t>(load_le(bytes.subspan(offset, 4)));
}
uint64_t u64_at(std::span<const std::byte> bytes, size_t offset) {
  return load_le(bytes.subspan(offset, 8));
}

class FileWalker {
 public:
  FileWalker(std::span<const std::byte> file, const Limits& limits, const EvtxEventSink& sink)
      : file_(file), limits_(limits), sink_(sink) {}

  EvtxFileCoverage run() {
    read_header();
    for (uint64_t at = kFileHeaderBlockSize; at < file_.size(); at += kChunkSize) {
      read_chunk(at, file_.subspan(at, std::min<uint64_t>(kChunkSize, file_.size() - at)));
    }
    emit_slack_records();
    return std::move(coverage_);
  }

 private:
  void warn(std::string kind, uint64_t offset, std::string message) {
    coverage_.warnings.push_back({std::move(kind), offset, std::move(message)});
  }

  void read_header() {
    const auto header = file_.first(std::min<size_t>(file_.size(), 128));
    if (!has_signature(header, std::string_view("ElfFile\0", 8)) || header.size() < 128) {
      warn("evtx_file_signature", 0, "no ElfFile header: chunks are searched anyway");
      return;
    }
    coverage_.header_chunk_count = static_cast<uint16_t>(load_le(header.subspan(kFileHeaderChunkCount, 2)));
    coverage_.header_flags = u32_at(header, kFileHeaderFlags);
    const uint32_t stored = u32_at(header, kFileHeaderChecksum);
    const uint32_t computed = evtx_crc32(header.first(kFileHeaderChecksummed));
    if (stored != computed) {
      warn("evtx_file_header_checksum", kFileHeaderChecksum,
           fmt::format("file header CRC32 {:08x}, computed {:08x}", stored, computed));
      return;
    }
    coverage_.header_valid = true;
  }

  void read_chunk(uint64_t at, std::span<const std::byte> chunk) {
    if (!has_signature(chunk, std::string_view("ElfChnk\0", 8))) {
      if (std::all_of(chunk.begin(), chunk.end(), [](std::byte b) { return b == std::byte{0}; })) {
        ++coverage_.chunks_empty;
      } else {
        ++coverage_.chunks_skipped;
        warn("evtx_chunk_signature", at, "64 KiB block without the ElfChnk signature: skipped");
      }
      return;
    }
    if (chunk.size() < kChunkSize) {
      warn("evtx_chunk_truncated", at,
           fmt::format("file ends {} bytes into the chunk", chunk.size()));
      if (chunk.size() < kChunkHeaderSize) {
        ++coverage_.chunks_skipped;
        return;
      }
    }
    ++coverage_.chunks_read;
    const uint32_t stored_header = u32_at(chunk, kChunkHeaderChecksum);
    const uint32_t computed_header = evtx_crc32(
        chunk.subspan(kChunkStringTable, kChunkHeaderSize - kChunkStringTable),
        evtx_crc32(chunk.first(kChunkFlags)));
    if (stored_header != computed_header)
      warn("evtx_chunk_header_checksum", at + kChunkHeaderChecksum,
           fmt::format("chunk header CRC32 {:08x}, computed {:08x}", stored_header, computed_header));

    uint32_t free_space = u32_at(chunk, kChunkFreeSpaceOffset);
    if (free_space < kChunkHeaderSize || free_space > chunk.size()) {
      warn("evtx_chunk_free_space", at + kChunkFreeSpaceOffset,
           fmt::format("free space offset {} outside the chunk", free_space));
      free_space = static_cast<uint32_t>(chunk.size());
    } else {
      const uint32_t stored_records = u32_at(chunk, kChunkRecordsChecksum);
      const uint32_t computed_records =
          evtx_crc32(chunk.subspan(kChunkHeaderSize, free_space - kChunkHeaderSize));
      if (stored_records != computed_records)
        warn("evtx_chunk_records_checksum", at + kChunkRecordsChecksum,
             fmt::format("event records CRC32 {:08x}, computed {:08x}", stored_records, computed_records));
    }
    BinXmlChunk binxml(chunk, at, limits_);
    read_records(at, chunk, free_space, binxml);
    read_slack(at, chunk, free_space, binxml);
  }

  // Records past the free-space offset belong to an older use of the chunk (a log that
  // wrapped or was cleared reuses chunks without zeroing them). Windows pads records to 8
  // bytes, but other writers need not, so every offset is tried: the signature, a size that
  // fits and its trailing copy must agree before the BinXML is parsed, and only records whose
  // BinXML parses whole (BinXmlChunk::set_trusted_floor) are kept, marked in_chunk_slack.
  void read_slack(uint64_t at, std::span<const std::byte> chunk, uint32_t free_space, BinXmlChunk& binxml) {
    binxml.set_trusted_floor(free_space);
    size_t pos = free_space;
    while (pos + kRecordMinSize <= chunk.size()) {
      if (chunk[pos] != std::byte{'*'} || u32_at(chunk, pos) != kRecordSignature) {
        ++pos;
        continue;
      }
      const uint32_t size = u32_at(chunk, pos + kRecordSize);
      if (size < kRecordMinSize || size > chunk.size() - pos || u32_at(chunk, pos + size - 4) != size) {
        ++pos;
        continue;
      }
      std::optional<EvtxEvent> event = build_record(at + pos, chunk, static_cast<uint32_t>(pos), size, binxml, true);
      if (!event) {
        ++coverage_.slack_records_unreadable;
        ++pos;
        continue;
      }
      slack_.push_back(std::move(*event));
      pos += size;
    }
  }

  // Slack records once every chunk is read: one the log still holds elsewhere (Windows
  // leaves a copy of the records it moved on to the next chunk) is a copy, counted and
  // dropped; the rest are handed on, marked, after the log's own records.
  void emit_slack_records() {
    if (slack_.empty()) return;
    uint64_t copies = 0, recovered = 0;
    std::optional<uint64_t> first_offset;
    std::sort(live_.begin(), live_.end());
    for (EvtxEvent& event : slack_) {
      if (std::binary_search(live_.begin(), live_.end(), std::pair{event.record_id, event.written_time})) {
        ++copies;
        continue;
      }
      if (!first_offset) first_offset = event.file_offset;
      ++recovered;
      ++coverage_.records_in_slack;
      emit(std::move(event));
    }
    coverage_.slack_copies_of_live = copies;
    if (recovered > 0)
      warn("evtx_slack_records", *first_offset,
           fmt::format("{} record(s) recovered past chunks' free-space offsets, which the log no longer counts "
                       "(the first at this offset); {} more there were copies of records the log holds",
                       recovered, copies));
    slack_.clear();
  }

  void read_records(uint64_t at, std::span<const std::byte> chunk, uint32_t end, BinXmlChunk& binxml) {
    size_t pos = kChunkHeaderSize;
    bool resyncing = false;
    while (pos + kRecordMinSize <= end) {
      if (u32_at(chunk, pos) != kRecordSignature) {
        if (!resyncing) {
          warn("evtx_record_signature", at + pos, "no record signature: looking for the next record");
          ++coverage_.records_skipped;
          resyncing = true;
        }
        ++pos;
        continue;
      }
      resyncing = false;
      const uint32_t size = u32_at(chunk, pos + kRecordSize);
      if (size < kRecordMinSize || size > end - pos || u32_at(chunk, pos + size - 4) != size) {
        warn("evtx_record_size", at + pos,
             fmt::format("record size {} leaves the chunk or disagrees with its copy", size));
        ++coverage_.records_skipped;
        pos += 4;
        resyncing = true;
        continue;
      }
      if (std::optional<EvtxEvent> event = build_record(at + pos, chunk, static_cast<uint32_t>(pos), size, binxml)) {
        live_.emplace_back(event->record_id, event->written_time);
        emit(std::move(*event));
      }
      pos += size;
    }
  }

  // Nothing when the record could not be built (counted and warned unless it is in slack,
  // where a record overwritten in part is expected rather than damage).
  std::optional<EvtxEvent> build_record(uint64_t file_offset, std::span<const std::byte> chunk, uint32_t pos,
                                        uint32_t size, BinXmlChunk& binxml, bool in_slack = false) {
    EvtxEvent event;
    event.in_chunk_slack = in_slack;
    event.record_id = u64_at(chunk, pos + kRecordId);
    event.written_time = u64_at(chunk, pos + kRecordWritten);
    event.file_offset = file_offset;
    auto fragment = binxml.parse(pos + static_cast<uint32_t>(kRecordBinXml), pos + size - 4, 0);
    Result<XmlElement> tree = fragment ? build_event_tree(binxml, *fragment, event.lossless)
                                       : Result<XmlElement>(std::unexpected(fragment.error()));
    if (!tree) {
      if (in_slack) return std::nullopt;
      warn("evtx_record_binxml", file_offset,
           fmt::format("record {}: {}", event.record_id, tree.error().message));
      ++coverage_.records_skipped;
      return std::nullopt;
    }
    fill_event_fields(*tree, limits_, event);
    return event;
  }

  void emit(EvtxEvent&& event) {
    ++coverage_.records;
    auto widen = [](std::optional<uint64_t>& low, std::optional<uint64_t>& high, uint64_t v) {
      if (!low || v < *low) low = v;
      if (!high || v > *high) high = v;
    };
    widen(coverage_.first_time, coverage_.last_time, event.written_time);
    widen(coverage_.first_record_id, coverage_.last_record_id, event.record_id);
    sink_(std::move(event));
  }

  std::span<const std::byte> file_;
  const Limits& limits_;
  const EvtxEventSink& sink_;
  EvtxFileCoverage coverage_;
  // (record id, written time) of the log's records: 16 bytes each, sorted once at the end.
  std::vector<std::pair<uint64_t, uint64_t>> live_;
  std::vector<EvtxEvent> slack_;                  // recovered, not yet handed on
};

}  // namespace

uint32_t evtx_crc32(std::span<const std::byte> bytes, uint32_t crc) {
  crc = ~crc;
  for (std::byte b : bytes) crc = kCrcTable[(crc ^ std::to_integer<uint32_t>(b)) & 0xff] ^ (crc >> 8);
  return ~crc;
}

EvtxFileCoverage read_evtx(std::span<const std::byte> file, const Limits& limits,
                           const EvtxEventSink& on_event) {
  return FileWalker(file, limits, on_event).run();
}

}  // namespace shellcarve::logs::evtx
