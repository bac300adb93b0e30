// FileSegment: one file of evidence opened O_RDONLY and read with pread, so several threads
// may read at once. Used by raw and split-raw images.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/result.h"

namespace shellcarve {

class FileSegment {
 public:
  static Result<FileSegment> open(const std::string& path);
  FileSegment(FileSegment&& other) noexcept;
  FileSegment& operator=(FileSegment&& other) noexcept;
  FileSegment(const FileSegment&) = delete;
  FileSegment& operator=(const FileSegment&) = delete;
  ~FileSegment();

  // Reads exactly out.size() bytes at `offset` within this file.
  Status read(uint64_t offset, std::span<std::byte> out) const;
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  FileSegment(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string path_;
};

}  // namespace shellcarve
