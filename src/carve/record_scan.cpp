// record_scan.cpp: the record-carving pass (see record_scan.h).
#include "carve/record_scan.h"

#include <fmt/format.h>

#include <algorithm>

#include "carve/free_space.h"
#include "ntfs/index/index_slack.h"
#include "ntfs/cluster_allocation.h"
#include "ntfs/index/directory_index.h"

namespace shellcarve::carve {
namespace {

constexpr uint64_t kReadSize = 4u << 20;

// Feeds [image_offset, image_offset + length) to the carver in large reads; an unreadable
// read is a warning and the pass goes on after it.
uint64_t scan_range(const ntfs::NtfsVolume& volume, RecordCarver& carver, uint64_t image_offset,
                    uint64_t length, const std::string& region, std::vector<std::string>& warnings) {
  std::vector<std::byte> buffer(static_cast<size_t>(std::min(length, kReadSize)));
  uint64_t done = 0;
  while (done < length) {
    const auto piece = std::span(buffer).first(static_cast<size_t>(std::min(length - done, kReadSize)));
    if (auto status = volume.read_bytes(image_offset + done, piece); !status)
      warnings.push_back(fmt::format("{}: {} bytes at offset {} unreadable: {}", region, piece.size(),
                                     image_offset + done, status.error().message));
    else
      carver.scan(piece, image_offset + done, region);
    done += piece.size();
  }
  return length;
}

// $MFT's clusters between its data size and its allocated size.
uint64_t scan_mft_slack(const ntfs::NtfsVolume& volume, RecordCarver& carver,
                        std::vector<std::string>& warnings) {
  auto mft = volume.read_file(0);
  if (!mft) {
    warnings.push_back("$MFT slack not carved: " + mft.error().message);
    return 0;
  }
  const ntfs::Attribute* data = nullptr;
  for (const auto& attribute : mft->attributes)
    if (attribute.type == ntfs::AttributeType::kData && attribute.name.empty() && attribute.lowest_vcn == 0)
      data = &attribute;
  if (!data || data->resident) return 0;
  const uint64_t cluster = volume.cluster_size();
  uint64_t scanned = 0;
  for (const ntfs::DataRun& run : data->runs) {
    if (!run.lcn) continue;
    const uint64_t begin = std::max(run.vcn * cluster, data->data_size);
    const uint64_t end = std::min((run.vcn + run.length) * cluster, data->allocated_size);
    if (begin >= end) continue;
    scanned += scan_range(volume, carver, volume.cluster_offset(*run.lcn) + (begin - run.vcn * cluster),
                          end - begin, "$MFT slack", warnings);
  }
  return scanned;
}

// The unallocated clusters, through the free-space walker on every core: one carver per
// worker (merged afterwards, then sorted by offset, since blocks arrive in any order), the
// lookahead one record long so a record starting near a block's end is seen whole.
uint64_t scan_unallocated(const ntfs::NtfsVolume& volume, RecordCarver& carver, uint32_t index_record_size,
                          std::vector<std::string>& warnings) {
  auto bitmap = ntfs::ClusterBitmap::load(volume);
  if (!bitmap) {
    warnings.push_back("unallocated clusters not carved for records: $Bitmap: " + bitmap.error().message);
    return 0;
  }
  std::vector<RecordCarver> carvers;
  std::vector<FreeSpaceVisitor> visitors;
  const unsigned workers = default_worker_count();
  for (unsigned i = 0; i < workers; ++i)
    carvers.emplace_back(volume.record_size(), index_record_size, volume.limits());
  for (unsigned i = 0; i < workers; ++i)
    visitors.emplace_back([&carver = carvers[i]](const ClusterBlock& block) {
      carver.scan_block(block.bytes, block.image_offset, block.owned_begin, block.owned_end, "unallocated");
    });
  FreeSpaceOptions options;
  options.lookahead = std::max<size_t>(volume.record_size(), index_record_size);
  auto stats = walk_free_space(volume, *bitmap, visitors, options);
  if (!stats) {
    warnings.push_back("unallocated clusters not carved for records: " + stats.error().message);
    return 0;
  }
  for (const auto& warning : stats->warnings) warnings.push_back("record carving: " + warning);
  for (RecordCarver& worker : carvers) carver.absorb(std::move(worker));
  return stats->bytes_scanned;
}

}  // namespace

RecordCarving carve_records(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                            const ntfs::DirectoryTree& tree, const WebRootSelection& webroots) {
  RecordCarving out;
  const uint32_t index_record_size = ntfs::volume_index_record_size(volume);
  RecordCarver carver(volume.record_size(), index_record_size, volume.limits());
  out.mft_slack_bytes = scan_mft_slack(volume, carver, out.warnings);
  out.unallocated_bytes = scan_unallocated(volume, carver, index_record_size, out.warnings);
  carver.keep_lowest();
  out.stats = carver.stats();
  if (out.stats.over_limit > 0)
    out.warnings.push_back(fmt::format("record carving: {} more intact FILE/INDX records not kept "
                                       "(limit max_carved_records = {})",
                                       out.stats.over_limit, volume.limits().max_carved_records));
  if (out.stats.evtx_chunks_over_limit > 0)
    out.warnings.push_back(fmt::format("record carving: {} more intact EVTX chunks in free clusters not kept "
                                       "(limit {})",
                                       out.stats.evtx_chunks_over_limit, kMaxCarvedEvtxChunks));
  out.evtx_chunks = std::move(carver.evtx_chunks());
  out.files = std::move(carver.file_records());
  out.indexes = std::move(carver.index_records());
  std::stable_sort(out.files.begin(), out.files.end(), [](const auto& a, const auto& b) {
    return a.record.image_offset < b.record.image_offset;
  });
  std::stable_sort(out.indexes.begin(), out.indexes.end(),
                   [](const auto& a, const auto& b) { return a.image_offset < b.image_offset; });
  out.counts = append_carved_record_events(out.files, out.indexes, catalog, tree, webroots, out.events);
  return out;
}

}  // namespace shellcarve::carve
