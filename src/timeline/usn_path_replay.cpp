#include "timeline/usn_path_replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace shellcarve {

void UsnPathReplay::learn(ntfs::FileReference file, ntfs::FileReference parent,
                          const std::string& name) {
  known_[{file.entry, file.sequence}] = {parent, name};
}

std::string UsnPathReplay::path_of(ntfs::FileReference parent, const std::string& name) const {
  // Components from the innermost outwards; joined once at the end, because prepending per
  // step costs the square of the path length (a crafted chain of 255-character names made
  // every record of a journal copy megabytes).
  std::vector<const std::string*> components{&name};
  std::vector<Key> visited;
  std::string prefix;
  for (int depth = 0;; ++depth) {
    if (parent.entry == ntfs::kRootEntry) break;
    const Key key{parent.entry, parent.sequence};
    if (std::find(visited.begin(), visited.end(), key) != visited.end()) {
      prefix = fmt::format("/$Loop({}-{})", parent.entry, parent.sequence);
      break;
    }
    if (depth >= kMaxDepth) {
      prefix = "/$Deep";
      break;
    }
    visited.push_back(key);
    if (const auto it = known_.find(key); it != known_.end()) {
      components.push_back(&it->second.name);
      parent = it->second.parent;
      continue;
    }
    const ntfs::CatalogEntry* entry = catalog_.find(parent.entry);
    const ntfs::PlacedName* placed = tree_.primary_name(parent.entry);
    if (entry && placed && entry->sequence == parent.sequence && !placed->orphan)
      prefix = placed->path;
    else
      prefix = fmt::format("/$Unknown({}-{})", parent.entry, parent.sequence);
    break;
  }
  std::string path = std::move(prefix);
  for (auto it = components.rbegin(); it != components.rend(); ++it) {
    path += '/';
    path += **it;
  }
  return path;
}

}  // namespace shellcarve
