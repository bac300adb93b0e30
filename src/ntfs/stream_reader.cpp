#include "ntfs/stream_reader.h"

#include <fmt/format.h>

#include <algorithm>

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kChunkSize = 1024 * 1024;

}  // namespace

Status read_stream(const NtfsVolume& volume, const Attribute& attribute,
                   const std::function<bool(const StreamPiece&)>& sink) {
  if (attribute.resident) {
    sink(StreamPiece{0, attribute.image_offset, attribute.resident_data});
    return {};
  }
  if (attribute.compressed())
    return fail(ErrorCode::kUnsupported,
                fmt::format("MFT entry {}: {} stream '{}' is LZNT1-compressed; reading "
                            "compressed streams is not supported yet",
                            attribute.mft_entry, attribute_type_name(attribute.type),
                            attribute.name));
  const uint64_t cluster_size = volume.cluster_size();
  const uint64_t size = attribute.data_size;
  // Bytes past the initialized size are defined to read as zeros (the file system never
  // wrote them); on disk they may hold stale data.
  const uint64_t initialized = std::min(attribute.initialized_size, size);
  std::vector<std::byte> buffer(static_cast<size_t>(std::min(kChunkSize, std::max<uint64_t>(size, 1))));
  uint64_t position = 0;
  for (const DataRun& run : attribute.runs) {
    if (position >= size) break;
    const uint64_t run_start = run.vcn * cluster_size;
    if (run_start > position) {
      // A gap in the runs (a damaged or partial list): the missing part is unknown.
      return fail(ErrorCode::kCorrupt,
                  fmt::format("MFT entry {}: {} stream '{}' has no data run for bytes {}..{}",
                              attribute.mft_entry, attribute_type_name(attribute.type),
                              attribute.name, position, run_start));
    }
    const uint64_t run_bytes = run.length * cluster_size;
    const uint64_t run_end = std::min(run_start + run_bytes, size);
    while (position < run_end) {
      const auto take = static_cast<size_t>(std::min<uint64_t>(run_end - position, buffer.size()));
      const auto out = std::span(buffer).first(take);
      std::optional<uint64_t> image_offset;
      if (run.lcn && position < initialized) {
        const uint64_t on_disk = std::min<uint64_t>(take, initialized - position);
        image_offset = volume.cluster_offset(*run.lcn) + (position - run_start);
        if (run.length > volume.cluster_count() ||
            *run.lcn > volume.cluster_count() - run.length)
          return fail(ErrorCode::kCorrupt,
                      fmt::format("MFT entry {}: data run at cluster {} (+{}) lies past the "
                                  "end of the volume ({} clusters)",
                                  attribute.mft_entry, *run.lcn, run.length,
                                  volume.cluster_count()));
        SC_RETURN_IF_ERROR(volume.read_bytes(*image_offset, out.first(on_disk)));
        std::fill(out.begin() + static_cast<ptrdiff_t>(on_disk), out.end(), std::byte{0});
      } else {
        std::fill(out.begin(), out.end(), std::byte{0});
      }
      if (!sink(StreamPiece{position, image_offset, out})) return {};
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
