// Chunks with overlap over a stream of pieces (see chunk_window.h).
#include "detect/chunk_window.h"

#include <algorithm>
#include <array>

namespace shellcarve::detect {
namespace {

constexpr size_t kZeroBlock = 64 * 1024;
const std::array<std::byte, kZeroBlock> kZeros{};

}  // namespace

ChunkWindow::ChunkWindow(size_t chunk_size, size_t overlap, Flush flush)
    : chunk_size_(std::max<size_t>(chunk_size, 2)),
      overlap_(overlap < chunk_size_ ? overlap : chunk_size_ / 2),
      flush_(std::move(flush)) {}

void ChunkWindow::add(std::span<const std::byte> bytes) { append(bytes, true); }

void ChunkWindow::append(std::span<const std::byte> bytes, bool data) {
  while (!bytes.empty()) {
    const size_t take = std::min(chunk_size_ - buffer_.size(), bytes.size());
    const auto part = bytes.first(take);
    // Grown in steps, never past one chunk (vector's own doubling could reach twice that).
    if (buffer_.capacity() < buffer_.size() + take)
      buffer_.reserve(std::min(chunk_size_, std::max(buffer_.capacity() * 2, buffer_.size() + take)));
    buffer_.insert(buffer_.end(), part.begin(), part.end());
    const auto last = std::find_if(part.rbegin(), part.rend(), [](std::byte b) { return b != std::byte{0}; });
    trailing_zeros_ = last == part.rend() ? trailing_zeros_ + take : static_cast<uint64_t>(last - part.rbegin());
    dirty_ = dirty_ || data;
    size_ += take;
    bytes = bytes.subspan(take);
    if (buffer_.size() == chunk_size_) slide();
  }
}

void ChunkWindow::append_zeros(uint64_t count) {
  while (count > 0) {
    const auto take = static_cast<size_t>(std::min<uint64_t>(count, kZeroBlock));
    append(std::span(kZeros).first(take), false);
    count -= take;
  }
}

void ChunkWindow::add_zeros(uint64_t count) {
  // Zeros right after data are scanned with it: a match may end in them.
  const uint64_t needed = overlap_ > trailing_zeros_ ? overlap_ - trailing_zeros_ : 0;
  const uint64_t kept = std::min(count, needed);
  append_zeros(kept);
  count -= kept;
  if (count == 0) return;
  if (dirty_) flush_now();
  // The rest is skipped: the window moves on, holding the run's last `overlap` zeros as the
  // context the next data is scanned with.
  const uint64_t end = base_ + buffer_.size() + count;
  const uint64_t flushed_end = base_ + carried_;
  const auto keep = static_cast<size_t>(std::min<uint64_t>(overlap_, buffer_.size() + count));
  buffer_.assign(keep, std::byte{0});
  base_ = end - keep;
  // Of the zeros kept, those not in a chunk yet are scanned (and counted) with the data
  // that follows.
  carried_ = flushed_end > base_ ? static_cast<size_t>(flushed_end - base_) : 0;
  trailing_zeros_ = keep;
  size_ += count;
}

void ChunkWindow::flush_now() {
  flush_(buffer_, base_);
  ++chunks_;
  bytes_scanned_ += buffer_.size() - carried_;
  carried_ = buffer_.size();
  dirty_ = false;
}

void ChunkWindow::slide() {
  if (dirty_) flush_now();
  const size_t keep = std::min(overlap_, buffer_.size());
  const size_t dropped = buffer_.size() - keep;
  base_ += dropped;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(dropped));
  carried_ = carried_ > dropped ? carried_ - dropped : 0;
  trailing_zeros_ = std::min<uint64_t>(trailing_zeros_, keep);
}

void ChunkWindow::finish() {
  if (dirty_ || chunks_ == 0) flush_now();
}

}  // namespace shellcarve::detect
