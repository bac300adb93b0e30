// RawImage: a single raw file or a split raw set (.001/.002..., .aa/.ab...) read as one
// media by concatenating the segments in order.
#pragma once

#include <vector>

#include "image/file_segment.h"
#include "image/image.h"

namespace shellcarve {

class RawImage final : public Image {
 public:
  // `paths` in media order; one path is a plain raw image.
  static Result<std::unique_ptr<Image>> open(const std::vector<std::string>& paths);

  Status read(uint64_t offset, std::span<std::byte> out) override;
  uint64_t size() const override { return size_; }
  std::string format() const override { return segments_.size() == 1 ? "raw" : "split-raw"; }
  std::vector<std::string> segments() const override;

 private:
  explicit RawImage(std::vector<FileSegment> segments);
  std::vector<FileSegment> segments_;
  std::vector<uint64_t> starts_;  // media offset where each segment begins
  uint64_t size_ = 0;
};

// The other members of a split set whose first segment is `first` (e.g. x.001 -> x.002,
// x.003...; x.aa -> x.ab...), in order, stopping at the first name that does not exist.
// Returns just {first} when the name is not a split-set name.
std::vector<std::string> split_raw_segments(const std::string& first);

}  // namespace shellcarve
