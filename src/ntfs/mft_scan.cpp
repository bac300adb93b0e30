#include "ntfs/mft_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "ntfs/mft_record_parser.h"

namespace shellcarve::ntfs {
namespace {

// One read: `count` consecutive records starting at `first_entry`.
struct ScanChunk {
  uint64_t first_entry;
  uint64_t count;
};

std::vector<ScanChunk> plan_chunks(const NtfsVolume& volume, uint64_t read_size) {
  std::vector<ScanChunk> chunks;
  const uint64_t per_chunk = std::max<uint64_t>(1, read_size / volume.record_size());
  for (uint64_t first = 0; first < volume.record_count(); first += per_chunk)
    chunks.push_back({first, std::min(per_chunk, volume.record_count() - first)});
  return chunks;
}

}  // namespace

Result<FileCatalog> scan_mft(const NtfsVolume& volume, const MftScanOptions& options) {
  FileCatalog catalog;
  catalog.entries.resize(volume.record_count());
  const auto chunks = plan_chunks(volume, options.read_size);
  const uint32_t record_size = volume.record_size();

  std::atomic<size_t> next{0};
  std::atomic<uint64_t> parsed{0}, damaged{0};
  std::mutex warnings_mutex;
  std::vector<std::pair<uint64_t, std::string>> damaged_records;  // (entry, line), capped below
  auto worker = [&] {
    std::vector<std::byte> buffer;
    MftEntry record;  // reused: its attribute list is allocated once per thread
    for (size_t index = next++; index < chunks.size(); index = next++) {
      const ScanChunk& chunk = chunks[index];
      buffer.resize(chunk.count * record_size);
      // One large read; when it fails (a truncated image, a bad region) fall back to one
      // read per record so every readable record is still parsed.
      const bool whole = volume.read_mft(chunk.first_entry * record_size, buffer).has_value();
      for (uint64_t i = 0; i < chunk.count; ++i) {
        const uint64_t entry = chunk.first_entry + i;
        const auto slot = std::span(buffer).subspan(i * record_size, record_size);
        if (!whole) {
          if (auto status = volume.read_mft(entry * record_size, slot); !status) {
            ++damaged;
            std::lock_guard lock(warnings_mutex);
            catalog.warnings.push_back(fmt::format("MFT entry {} unreadable: {}", entry,
                                                   status.error().message));
            continue;
          }
        }
        const uint64_t image_offset = volume.record_offset(entry).value_or(0);
        // The buffer is this worker's own: fixups go straight into it.
        auto parsed_record = parse_mft_record_into(slot, image_offset, entry, volume.limits(),
                                                   AttributeContent::kSizesOnly, record);
        if (!parsed_record) {
          // Not a FILE record (never used, or wiped): nothing to list. A corrupt header is
          // worth saying.
          if (parsed_record.error().code != ErrorCode::kFormat) {
            ++damaged;
            std::lock_guard lock(warnings_mutex);
            catalog.warnings.push_back(fmt::format("MFT entry {} at byte {}: {}", entry,
                                                   image_offset, parsed_record.error().message));
          }
          continue;
        }
        ++parsed;
        if (!record.fixup_valid || !record.damage.empty()) {
          // A damaged record is still used (what could be read of it), and said: which
          // entry, where, and each problem the parser found.
          ++damaged;
          std::string problems;
          for (const auto& problem : record.damage) problems += (problems.empty() ? "" : "; ") + problem;
          if (problems.empty()) problems = "update sequence (fixup) check failed";
          std::lock_guard lock(warnings_mutex);
          damaged_records.emplace_back(entry, fmt::format("MFT entry {} at byte {} is damaged: {}",
                                                          entry, image_offset, problems));
        }
        // summarize takes the names and lists it keeps; the next parse resets the rest.
        catalog.entries[entry] = summarize(std::move(record));
      }
    }
  };
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::clamp(threads, 1u, 64u);
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();
  catalog.records_parsed = parsed;
  catalog.records_damaged = damaged;
  std::sort(catalog.warnings.begin(), catalog.warnings.end());
  // In entry order, capped: a wiped or random MFT would otherwise bury every other warning.
  std::sort(damaged_records.begin(), damaged_records.end());
  const uint32_t listed = volume.limits().max_listed_damaged_records;
  for (size_t i = 0; i < damaged_records.size() && i < listed; ++i)
    catalog.warnings.push_back(std::move(damaged_records[i].second));
  if (damaged_records.size() > listed)
    catalog.warnings.push_back(fmt::format(
        "{} more damaged MFT records not listed (limit max_listed_damaged_records = {})",
        damaged_records.size() - listed, listed));

  // Fold extension records into their bases. The base reference carries a sequence number;
  // an extension whose base has since been reused belongs to no current file.
  for (auto& entry : catalog.entries) {
    if (!entry.present || entry.is_base()) continue;
    const uint64_t base_number = entry.base_record.entry;
    if (base_number >= catalog.entries.size() || !catalog.entries[base_number].present) continue;
    CatalogEntry& base = catalog.entries[base_number];
    if (base.sequence != entry.base_record.sequence || !base.is_base()) continue;
    merge_into_base(base, entry);
  }
  for (auto& entry : catalog.entries)
    if (entry.present && entry.is_base()) finish_merge(entry);
  return catalog;
}

}  // namespace shellcarve::ntfs
