// Stream content: the bytes of one attribute (a $DATA stream, an index allocation, an
// attribute list), resident or non-resident. Sparse runs and the part past the initialized
// size read as zeros; the content ends at the data size. Large streams are delivered in
// pieces so they are never loaded whole.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "common/result.h"
#include "ntfs/mft_entry.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::ntfs {

// Where one piece of a stream came from: its offset within the stream and, for bytes that
// are on disk, their image byte offset (none for sparse/uninitialised/resident zero fill).
struct StreamPiece {
  uint64_t stream_offset = 0;
  std::optional<uint64_t> image_offset;
  std::span<const std::byte> bytes;
  // Every byte is zero because the stream has no data there (a sparse run, an all-sparse
  // compression unit, bytes past the initialized size): a reader may skip them unread.
  bool zeros = false;
};

// Calls `sink` with consecutive pieces covering the stream from 0 to its size; stops early
// when `sink` returns false. Compressed streams are kUnsupported (message says so).
Status read_stream(const NtfsVolume& volume, const Attribute& attribute,
                   const std::function<bool(const StreamPiece&)>& sink);

// The whole stream in memory; kLimit when it is larger than `max_size`.
Result<std::vector<std::byte>> read_stream_bytes(const NtfsVolume& volume,
                                                 const Attribute& attribute,
                                                 uint64_t max_size);

}  // namespace shellcarve::ntfs
