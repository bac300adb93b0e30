#include "image/raw_image.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace shellcarve {
void RawImage::add_piece(uint64_t length, std::optional<size_t> segment, std::string missing) {
  if (length == 0) return;
  pieces_.push_back({size_, length, segment, std::move(missing)});
  starts_.push_back(size_);
  size_ += length;
}

// A split set is cut at one size, so every member but the last has that size (the largest
// of them: a member can lose bytes, a copy does not gain them) and the last is not longer.
// A short member or a missing one is not fatal: the examiner keeps the rest of the image.
// But nothing may move: a short member is taken to have lost its tail (a copy or a transfer
// cut off writes a file front to back), so the bytes after it stay at their offsets and the
// missing ones are a hole; a missing member is a hole of the common size. A hole reads as
// zeros and is reported as ReadDamage (as an EWF chunk failing its checksum is), so `scan`,
// `timeline` and `verify` say which media bytes were not there, and the open warning names
// the member. A last member longer than the others cannot be placed so: it is said, since the
// offsets from there on may be shifted (an earlier member short by as much, or a foreign file).
Result<std::unique_ptr<Image>> RawImage::open(const std::vector<SplitRawMember>& members) {
  if (members.empty()) return fail(ErrorCode::kInvalidArgument, "no image segments given");
  std::unique_ptr<RawImage> image(new RawImage());
  for (const auto& member : members) {
    SC_ASSIGN_OR_RETURN(FileSegment segment, FileSegment::open(member.path));
    image->segments_.push_back(std::move(segment));
  }
  uint64_t common = 0;  // the size every member but the last has
  for (size_t i = 0; i + 1 < image->segments_.size(); ++i) common = std::max(common, image->segments_[i].size());
  const std::string& first = members.front().path;

  size_t next_index = 0;  // the index the next member should have
  for (size_t i = 0; i < members.size(); ++i) {
    const SplitRawMember& member = members[i];
    if (member.index > next_index) {
      const uint64_t missing = member.index - next_index;
      const uint64_t start = image->size_;
      if (common != 0 && missing > (UINT64_MAX - start) / common)
        return fail(ErrorCode::kLimit, fmt::format("split raw set of '{}': {} missing segments of {} bytes do not "
                                                   "fit in 64-bit media offsets", first, missing, common));
      const std::string names =
          missing == 1 ? fmt::format("segment '{}' is", split_raw_name(first, next_index))
                       : fmt::format("segments '{}' to '{}' are", split_raw_name(first, next_index),
                                     split_raw_name(first, member.index - 1));
      const std::string what = fmt::format("split raw {} missing: media bytes {} to {} ({} bytes, the size of the "
                                           "other segments) are read as zeros",
                                           names, start, start + missing * common - 1, missing * common);
      image->add_open_warning(fmt::format("{}; '{}' and the segments after it are read at their places", what,
                                          member.path));
      image->add_piece(missing * common, std::nullopt, what);
    }
    next_index = member.index + 1;
    const uint64_t size = image->segments_[i].size();
    image->add_piece(size, i);
    const bool last = i + 1 == members.size();
    if (!last && size < common) {
      const uint64_t start = image->size_;
      const std::string what =
          fmt::format("split raw segment '{}' is {} bytes short ({} bytes; the other segments have {}): media bytes "
                      "{} to {}, where its tail belongs, are read as zeros",
                      member.path, common - size, size, common, start, start + (common - size) - 1);
      image->add_open_warning(what + "; the segments after it are read at their places");
      image->add_piece(common - size, std::nullopt, what);
    }
    if (last && i > 0 && size > common)
      image->add_open_warning(fmt::format(
          "split raw segment '{}' is the last but longer ({} bytes) than the others ({} bytes), which a split set's "
          "last segment never is: an earlier segment may be short by as much, or '{}' is not part of the set; media "
          "offsets from byte {} on may be shifted",
          member.path, size, common, member.path, image->size_ - size));
  }
  image->hole_reported_.assign(image->pieces_.size(), false);
  if (image->pieces_.empty())
    return fail(ErrorCode::kFormat, fmt::format("'{}' is empty (0 bytes): not an image we can read", first));
  return std::unique_ptr<Image>(std::move(image));
}

std::vector<std::string> RawImage::segments() const {
  std::vector<std::string> paths;
  for (const auto& segment : segments_) paths.push_back(segment.path());
  return paths;
}

void RawImage::read_hole(size_t piece, std::span<std::byte> out) {
  std::fill(out.begin(), out.end(), std::byte{0});
  std::lock_guard lock(holes_mutex_);
  if (hole_reported_[piece]) return;
  hole_reported_[piece] = true;  // once per hole, as libewf's checksum-error list is reported once
  record_damage(ReadDamage{pieces_[piece].start, pieces_[piece].length, pieces_[piece].missing});
}

Status RawImage::read(uint64_t offset, std::span<std::byte> out) {
  if (offset > size_ || out.size() > size_ - offset)
    return fail(ErrorCode::kTruncated,
                fmt::format("read of {} bytes at media offset {} runs past the end of the "
                            "image ({} bytes)",
                            out.size(), offset, size_));
  // The piece holding `offset`: the last one starting at or before it.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t index = static_cast<size_t>(it - starts_.begin()) - 1;
  size_t done = 0;
  while (done < out.size()) {
    const Piece& piece = pieces_[index];
    const uint64_t within = offset + done - piece.start;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(piece.length - within, out.size() - done));
    if (piece.segment) {
      SC_RETURN_IF_ERROR(segments_[*piece.segment].read(within, out.subspan(done, take)));
    } else {
      read_hole(index, out.subspan(done, take));
    }
    done += take;
    ++index;
  }
  return {};
}

}  // namespace shellcarve
