#include "logs/evtx/evtx_file.h"

#include <algorithm>
#include <array>
#include <cstring>

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
      read_record(at + pos, chunk, static_cast<uint32_t>(pos), size, binxml);
      pos += size;
    }
  }

  void read_record(uint64_t file_offset, std::span<const std::byte> chunk, uint32_t pos, uint32_t size,
                   BinXmlChunk& binxml) {
    EvtxEvent event;
    event.record_id = u64_at(chunk, pos + kRecordId);
    event.written_time = u64_at(chunk, pos + kRecordWritten);
    event.file_offset = file_offset;
    auto fragment = binxml.parse(pos + static_cast<uint32_t>(kRecordBinXml), pos + size - 4, 0);
    Result<XmlElement> tree = fragment ? build_event_tree(binxml, *fragment, event.lossless)
                                       : Result<XmlElement>(std::unexpected(fragment.error()));
    if (!tree) {
      warn("evtx_record_binxml", file_offset,
           fmt::format("record {}: {}", event.record_id, tree.error().message));
      ++coverage_.records_skipped;
      return;
    }
    fill_event_fields(*tree, limits_, event);
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
