// RawImage: a single raw file or a split raw set (.001/.002..., .aa/.ab...) read as one
// media by concatenating the segments in order. The segments of a split set are checked
// against each other: every one but the last has the same size (split(1), dd and FTK Imager
// cut at a fixed size) and the last is not longer. A short or missing segment keeps every
// later segment at its place; the bytes it lacks are read as zeros and reported as damage,
// and an open warning names it.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "image/file_segment.h"
#include "image/image.h"
#include "image/split_raw_set.h"

namespace shellcarve {

class RawImage final : public Image {
 public:
  // `members` in media order (split_raw_members); one member is a plain raw image.
  static Result<std::unique_ptr<Image>> open(const std::vector<SplitRawMember>& members);

  Status read(uint64_t offset, std::span<std::byte> out) override;
  uint64_t size() const override { return size_; }
  std::string format() const override { return segments_.size() == 1 && pieces_.size() <= 1 ? "raw" : "split-raw"; }
  std::vector<std::string> segments() const override;

 private:
  // A stretch of the media: bytes of one segment file, or a hole where a segment (or the
  // tail of a short one) is missing.
  struct Piece {
    uint64_t start = 0;   // media offset
    uint64_t length = 0;
    std::optional<size_t> segment;  // index into segments_; none for a hole
    std::string missing;            // for a hole: what is missing, for the damage report
  };

  RawImage() = default;
  void add_piece(uint64_t length, std::optional<size_t> segment, std::string missing = {});
  void read_hole(size_t piece, std::span<std::byte> out);

  std::vector<FileSegment> segments_;
  std::vector<Piece> pieces_;
  std::vector<uint64_t> starts_;  // pieces_[i].start, for the search
  uint64_t size_ = 0;
  std::mutex holes_mutex_;
  std::vector<bool> hole_reported_;  // per piece
};

}  // namespace shellcarve
