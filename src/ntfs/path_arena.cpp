#include "ntfs/path_arena.h"

#include <algorithm>

namespace shellcarve::ntfs {

std::string_view PathArena::join(std::string_view directory, std::string_view name) {
  return join_parts(directory, name, true);
}

std::string_view PathArena::join_parts(std::string_view first, std::string_view second,
                                       bool slash) {
  const size_t length = first.size() + (slash ? 1 : 0) + second.size();
  if (length > left_) {
    // A path longer than a block (Limits::max_path_bytes allows it) gets a block of its own.
    const size_t size = std::max(kBlockSize, length);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    cursor_ = blocks_.back().get();
    left_ = size;
  }
  char* const start = cursor_;
  char* out = std::copy(first.begin(), first.end(), start);
  if (slash) *out++ = '/';
  out = std::copy(second.begin(), second.end(), out);
  cursor_ = out;
  left_ -= length;
  return {start, length};
}

}  // namespace shellcarve::ntfs
