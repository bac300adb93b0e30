#include "ntfs/stream_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "ntfs/lznt1.h"

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kChunkSize = 1024 * 1024;
// Compression units larger than this are not NTFS (it uses 16 clusters, at most 64 KiB).
constexpr uint64_t kMaxCompressionUnitBytes = 4u << 20;

// The LCN of each cluster of the compression unit starting at `first_vcn` (nullopt =
// sparse or not mapped).
std::vector<std::optional<uint64_t>> unit_clusters(const Attribute& attribute, uint64_t first_vcn,
                                                   uint64_t count) {
  std::vector<std::optional<uint64_t>> lcns(count);
  for (const DataRun& run : attribute.runs) {
    if (!run.lcn) continue;
    const uint64_t begin = std::max(run.vcn, first_vcn);
    const uint64_t end = std::min(run.vcn + run.length, first_vcn + count);
    for (uint64_t vcn = begin; vcn < end; ++vcn) lcns[vcn - first_vcn] = *run.lcn + (vcn - run.vcn);
  }
  return lcns;
}

// A compressed attribute is stored in compression units of 2^compression_unit clusters. A
// unit whose clusters are all allocated holds its data raw; one with some allocated and the
// rest sparse holds LZNT1 data in the allocated clusters; an all-sparse unit is zeros.
Status read_compressed_stream(const NtfsVolume& volume, const Attribute& attribute,
                              const std::function<bool(const StreamPiece&)>& sink) {
  const uint64_t cluster_size = volume.cluster_size();
  const uint64_t unit_clusters_count = uint64_t{1} << std::min<uint16_t>(attribute.compression_unit, 16);
  const uint64_t unit_bytes = unit_clusters_count * cluster_size;
  if (unit_bytes > kMaxCompressionUnitBytes)
    return fail(ErrorCode::kCorrupt,
                fmt::format("MFT entry {}: compression unit of {} bytes is impossible",
                            attribute.mft_entry, unit_bytes));
  const uint64_t size = attribute.data_size;
  std::vector<std::byte> stored, plain;
  for (uint64_t position = 0; position < size; position += unit_bytes) {
    const uint64_t first_vcn = position / cluster_size;
    const auto lcns = unit_clusters(attribute, first_vcn, unit_clusters_count);
    size_t allocated = 0;
    while (allocated < lcns.size() && lcns[allocated]) ++allocated;
    stored.assign(allocated * cluster_size, std::byte{0});
    for (size_t i = 0; i < allocated; ++i) {
      if (*lcns[i] >= volume.cluster_count())
        return fail(ErrorCode::kCorrupt,
                    fmt::format("MFT entry {}: compressed data at cluster {} lies past the end "
                                "of the volume",
                                attribute.mft_entry, *lcns[i]));
      SC_RETURN_IF_ERROR(volume.read_bytes(volume.cluster_offset(*lcns[i]),
                                           std::span(stored).subspan(i * cluster_size, cluster_size)));
    }
    const uint64_t take = std::min(unit_bytes, size - position);
    std::optional<uint64_t> image_offset;
    if (allocated == unit_clusters_count) {
      plain = stored;
      image_offset = volume.cluster_offset(*lcns[0]);
    } else {
      plain.clear();
      if (allocated > 0)
        if (auto status = lznt1_decompress(stored, plain, unit_bytes); !status)
          return fail(status.error().code, fmt::format("MFT entry {}: compression unit at VCN {}: {}",
                                                       attribute.mft_entry, first_vcn,
                                                       status.error().message));
    }
    plain.resize(static_cast<size_t>(take), std::byte{0});
    if (!sink(StreamPiece{position, image_offset, plain, allocated == 0})) return {};
  }
  return {};
}

}  // namespace

Status read_stream(const NtfsVolume& volume, const Attribute& attribute,
                   const std::function<bool(const StreamPiece&)>& sink) {
  if (attribute.resident) {
    sink(StreamPiece{0, attribute.image_offset, attribute.resident_data});
    return {};
  }
  if (attribute.compressed() && attribute.compression_unit != 0)
    return read_compressed_stream(volume, attribute, sink);
  const uint64_t cluster_size = volume.cluster_size();
  const uint64_t size = attribute.data_size;
  // Bytes past the initialized size are defined to read as zeros (the file system never
  // wrote them); on disk they may hold stale data.
  const uint64_t initialized = std::min(attribute.initialized_size, size);
  std::vector<std::byte> buffer(static_cast<size_t>(std::min(kChunkSize, std::max<uint64_t>(size, 1))));
  // The buffer is all zeros from its allocation until the first read: a sparse run of GiBs
  // is then handed out without clearing 1 MiB per piece.
  bool buffer_zeroed = true;
  uint64_t position = 0;
  for (const DataRun& run : attribute.runs) {
    if (position >= size) break;
    // A crafted run's VCN or length may be anything up to 2^64 clusters; its byte range
    // must be computed without wrapping, or a run at VCN 2^52 (4 KiB clusters) would read
    // as VCN 0 and hand out another run's clusters as this stream's start.
    uint64_t run_start = 0, run_bytes = 0, run_end_unclamped = 0;
    if (__builtin_mul_overflow(run.vcn, cluster_size, &run_start) ||
        __builtin_mul_overflow(run.length, cluster_size, &run_bytes) ||
        __builtin_add_overflow(run_start, run_bytes, &run_end_unclamped))
      return fail(ErrorCode::kCorrupt,
                  fmt::format("MFT entry {}: {} stream '{}' has a data run at VCN {} of {} "
                              "clusters whose byte range ({} bytes per cluster) overflows 64 bits",
                              attribute.mft_entry, attribute_type_name(attribute.type),
                              attribute.name, run.vcn, run.length, cluster_size));
    if (run_start > position) {
      // A gap in the runs (a damaged or partial list): the missing part is unknown.
      return fail(ErrorCode::kCorrupt,
                  fmt::format("MFT entry {}: {} stream '{}' has no data run for bytes {}..{}",
                              attribute.mft_entry, attribute_type_name(attribute.type),
                              attribute.name, position, run_start));
    }
    const uint64_t run_end = std::min(run_end_unclamped, size);
    while (position < run_end) {
      const auto take = static_cast<size_t>(std::min<uint64_t>(run_end - position, buffer.size()));
      const auto out = std::span(buffer).first(take);
      std::optional<uint64_t> image_offset;
      if (run.lcn && position < initialized) {
        const uint64_t on_disk = std::min<uint64_t>(take, initialized - position);
        // Checked before the LCN is turned into a byte offset, which could wrap otherwise.
        if (run.length > volume.cluster_count() ||
            *run.lcn > volume.cluster_count() - run.length)
          return fail(ErrorCode::kCorrupt,
                      fmt::format("MFT entry {}: data run at cluster {} (+{}) of {} stream "
                                  "'{}' lies past the end of the volume ({} clusters)",
                                  attribute.mft_entry, *run.lcn, run.length,
                                  attribute_type_name(attribute.type), attribute.name,
                                  volume.cluster_count()));
        image_offset = volume.cluster_offset(*run.lcn) + (position - run_start);
        SC_RETURN_IF_ERROR(volume.read_bytes(*image_offset, out.first(on_disk)));
        std::fill(out.begin() + static_cast<ptrdiff_t>(on_disk), out.end(), std::byte{0});
        buffer_zeroed = false;
      } else if (!buffer_zeroed) {
        std::fill(buffer.begin(), buffer.end(), std::byte{0});
        buffer_zeroed = true;
      }
      if (!sink(StreamPiece{position, image_offset, out, !image_offset})) return {};
      position += take;
    }
  }
  if (position < size)
    return fail(ErrorCode::kCorrupt,
                fmt::format("MFT entry {}: {} stream '{}' runs cover {} of {} bytes",
                            attribute.mft_entry, attribute_type_name(attribute.type),
                            attribute.name, position, size));
  return {};
}

Result<std::vector<std::byte>> read_stream_bytes(const NtfsVolume& volume,
                                                 const Attribute& attribute,
                                                 uint64_t max_size) {
  if (attribute.size() > max_size)
    return fail(ErrorCode::kLimit,
                fmt::format("MFT entry {}: stream '{}' of {} bytes exceeds the in-memory limit "
                            "of {} bytes",
                            attribute.mft_entry, attribute.name, attribute.size(), max_size));
  std::vector<std::byte> content;
  content.reserve(static_cast<size_t>(attribute.size()));
  SC_RETURN_IF_ERROR(read_stream(volume, attribute, [&](const StreamPiece& piece) {
    content.insert(content.end(), piece.bytes.begin(), piece.bytes.end());
    return true;
  }));
  return content;
}

}  // namespace shellcarve::ntfs
