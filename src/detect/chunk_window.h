// ChunkWindow: turns a stream of any size, given in pieces of any size, into chunks of at
// most `chunk_size` bytes for the detectors, each beginning with the last `overlap` bytes
// of the one before, so memory stays bounded whatever the stream's size (issue "Nothing
// silent", item 1: content past 64 MiB was never examined).
//
// Runs of zeros (sparse runs, bytes past the initialized size) are added by count and are
// not materialised: the window keeps `overlap` zeros after the last data byte (a match may
// end in them) and `overlap` zeros before the next one (or start in them), and skips the
// rest without handing a chunk of zeros alone to the detectors -- except once, when the
// whole stream is zeros, so every stream is looked at.
//
// What can be missed: a match longer than `overlap` that crosses a chunk boundary, and a
// rule condition or heuristic that needs content further apart than one chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace shellcarve::detect {

class ChunkWindow {
 public:
  // Called with each chunk and the offset of its first byte in the stream.
  using Flush = std::function<void(std::span<const std::byte> chunk, uint64_t base)>;

  // overlap < chunk_size (an overlap of at least chunk_size is cut to chunk_size / 2).
  ChunkWindow(size_t chunk_size, size_t overlap, Flush flush);

  void add(std::span<const std::byte> bytes);
  void add_zeros(uint64_t count);
  // The end of the stream: the last chunk is flushed.
  void finish();

  uint64_t size() const { return size_; }                    // bytes added, zeros included
  uint64_t chunks() const { return chunks_; }                // chunks flushed
  uint64_t bytes_scanned() const { return bytes_scanned_; }  // stream bytes in some chunk

 private:
  void append(std::span<const std::byte> bytes, bool data);
  void append_zeros(uint64_t count);
  void slide();
  void flush_now();

  size_t chunk_size_;
  size_t overlap_;
  Flush flush_;
  std::vector<std::byte> buffer_;  // stream bytes [base_, base_ + buffer_.size())
  uint64_t base_ = 0;
  size_t carried_ = 0;         // leading bytes of buffer_ already flushed
  uint64_t trailing_zeros_ = 0;  // zero bytes at the end of buffer_
  bool dirty_ = false;         // buffer_ holds data bytes not flushed yet
  uint64_t size_ = 0;
  uint64_t chunks_ = 0;
  uint64_t bytes_scanned_ = 0;
};

}  // namespace shellcarve::detect
