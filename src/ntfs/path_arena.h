// PathArena: the full paths of a DirectoryTree, stored end to end in large blocks that never
// move, so that a million names cost a few allocations instead of a million, and a path is
// a string_view that stays valid as long as the tree (blocks are owned by unique_ptr, so
// moving the tree keeps every view valid; copying is not allowed).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace shellcarve::ntfs {

class PathArena {
 public:
  PathArena() = default;
  PathArena(PathArena&&) = default;
  PathArena& operator=(PathArena&&) = default;
  PathArena(const PathArena&) = delete;
  PathArena& operator=(const PathArena&) = delete;

  // Stores `directory` + '/' + `name` and returns a view of it.
  std::string_view join(std::string_view directory, std::string_view name);
  // Stores `text` as it is.
  std::string_view store(std::string_view text) { return join_parts(text, {}, false); }

 private:
  std::string_view join_parts(std::string_view first, std::string_view second, bool slash);

  static constexpr size_t kBlockSize = 1u << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  size_t left_ = 0;
};

}  // namespace shellcarve::ntfs
