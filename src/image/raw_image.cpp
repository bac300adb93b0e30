#include "image/raw_image.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace shellcarve {

RawImage::RawImage(std::vector<FileSegment> segments) : segments_(std::move(segments)) {
  for (const auto& segment : segments_) {
    starts_.push_back(size_);
    size_ += segment.size();
  }
}

Result<std::unique_ptr<Image>> RawImage::open(const std::vector<std::string>& paths) {
  std::vector<FileSegment> segments;
  for (const auto& path : paths) {
    auto segment = FileSegment::open(path);
    if (!segment) return std::unexpected(segment.error());
    segments.push_back(std::move(*segment));
  }
  if (segments.empty()) return fail(ErrorCode::kInvalidArgument, "no image segments given");
  return std::unique_ptr<Image>(new RawImage(std::move(segments)));
}

std::vector<std::string> RawImage::segments() const {
  std::vector<std::string> paths;
  for (const auto& segment : segments_) paths.push_back(segment.path());
  return paths;
}

Status RawImage::read(uint64_t offset, std::span<std::byte> out) {
  if (offset > size_ || out.size() > size_ - offset)
    return fail(ErrorCode::kTruncated,
                fmt::format("read of {} bytes at media offset {} runs past the end of the "
                            "image ({} bytes)",
                            out.size(), offset, size_));
  // The segment holding `offset`: the last one starting at or before it.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t index = static_cast<size_t>(it - starts_.begin()) - 1;
  size_t done = 0;
  while (done < out.size()) {
    const uint64_t within = offset + done - starts_[index];
    const uint64_t available = segments_[index].size() - within;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(available, out.size() - done));
    if (auto status = segments_[index].read(within, out.subspan(done, take)); !status)
      return status;
    done += take;
    ++index;
  }
  return {};
}

std::vector<std::string> split_raw_segments(const std::string& first) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths{first};
  const fs::path path(first);
  const std::string ext = path.extension().string();
  const std::string stem = (path.parent_path() / path.stem()).string();
  auto collect = [&](auto next_name) {
    for (unsigned n = 1; n < 100000; ++n) {
      const std::string candidate = next_name(n);
      if (candidate.empty() || !fs::exists(candidate)) break;
      paths.push_back(candidate);
    }
  };
  // Numeric sets: .001, .002 ... (also .000 as a first segment is unusual; we accept 001).
  if (ext.size() >= 4 && std::all_of(ext.begin() + 1, ext.end(), ::isdigit) &&
      std::stoul(ext.substr(1)) == 1) {
    const size_t width = ext.size() - 1;
    collect([&](unsigned n) { return fmt::format("{}.{:0{}}", stem, n + 1, width); });
  } else if (ext == ".aa") {
    collect([&](unsigned n) -> std::string {
      if (n >= 26 * 26) return {};
      return fmt::format("{}.{}{}", stem, static_cast<char>('a' + n / 26),
                         static_cast<char>('a' + n % 26));
    });
  }
  return paths;
}

}  // namespace shellcarve
