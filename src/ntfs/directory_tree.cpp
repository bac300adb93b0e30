#include "ntfs/directory_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace shellcarve::ntfs {
namespace {

struct Child {
  uint64_t entry;
  size_t name_index;
  const std::string* name;
};

bool shown_name(const FileNameAttribute& name) {
  // Every long name has a DOS 8.3 twin in its own attribute unless it already fits 8.3
  // (then one Win32&DOS attribute serves both); listing the twin would list the file twice.
  return name.name_space != FileNameNamespace::kDos;
}

// The sequence a child's parent reference must carry to belong to `dir`: NTFS increments
// the sequence when a record is freed, so a deleted directory's children still carry the
// sequence it had while in use.
uint16_t sequence_to_match(const CatalogEntry& dir) {
  if (dir.in_use()) return dir.sequence;
  return dir.sequence > 0 ? static_cast<uint16_t>(dir.sequence - 1) : 0;
}

class TreeBuilder {
 public:
  TreeBuilder(const FileCatalog& catalog, const Limits& limits)
      : catalog_(catalog), limits_(limits) {}

  DirectoryTree build() {
    tree_.orphan_directory_entry = catalog_.entries.size();
    index_children();
    placed_.assign(catalog_.entries.size(), false);
    entered_.assign(catalog_.entries.size(), false);
    if (const CatalogEntry* root = catalog_.find(kRootEntry)) {
      entered_[kRootEntry] = true;
      placed_[kRootEntry] = true;
      walk(*root, "", false, 1);
    } else {
      tree_.warnings.push_back("root directory (MFT entry 5) is missing: every name is an orphan");
    }
    place_orphans();
    tree_.first_name_of_entry.assign(catalog_.entries.size(), PlacedName::kNoName);
    for (size_t i = 0; i < tree_.names.size(); ++i) {
      auto& first = tree_.first_name_of_entry[tree_.names[i].entry];
      if (first == PlacedName::kNoName) first = i;
    }
    return std::move(tree_);
  }

 private:
  void index_children() {
    for (const CatalogEntry& entry : catalog_.entries) {
      if (!entry.present || !entry.is_base()) continue;
      for (size_t i = 0; i < entry.file_names.size(); ++i) {
        const FileNameAttribute& name = entry.file_names[i];
        if (!shown_name(name) || entry.entry == kRootEntry) continue;
        children_[name.parent.entry].push_back({entry.entry, i, &name.name});
      }
    }
    for (auto& [parent, list] : children_)
      std::sort(list.begin(), list.end(), [](const Child& a, const Child& b) {
        return std::tie(*a.name, a.entry, a.name_index) < std::tie(*b.name, b.entry, b.name_index);
      });
  }

  void walk(const CatalogEntry& dir, const std::string& dir_path, bool dir_deleted,
            uint32_t depth) {
    const auto found = children_.find(dir.entry);
    if (found == children_.end()) return;
    const uint16_t wanted_sequence = sequence_to_match(dir);
    for (const Child& child : found->second) {
      const CatalogEntry& entry = catalog_.entries[child.entry];
      const FileNameAttribute& name = entry.file_names[child.name_index];
      if (name.parent.sequence != wanted_sequence) continue;
      PlacedName placed;
      placed.entry = child.entry;
      placed.name_index = child.name_index;
      placed.path = dir_path + "/" + name.name;
      placed.deleted = dir_deleted || !entry.in_use();
      tree_.names.push_back(std::move(placed));
      placed_[child.entry] = true;
      if (!entry.is_directory()) continue;
      // The walk below appends to tree_.names, so keep this directory's path by value.
      const std::string dir_child_path = tree_.names.back().path;
      const bool dir_child_deleted = tree_.names.back().deleted;
      if (entered_[child.entry]) {
        tree_.warnings.push_back(fmt::format(
            "MFT entry {} is reached again through '{}': directory loop broken", child.entry,
            dir_child_path));
        continue;
      }
      if (dir_child_path.size() > limits_.max_path_bytes) {
        tree_.warnings.push_back(fmt::format(
            "MFT entry {}: path is {} bytes long (limit max_path_bytes): not descended",
            child.entry, dir_child_path.size()));
        continue;
      }
      if (depth >= limits_.max_path_depth) {
        tree_.warnings.push_back(fmt::format(
            "'{}' is {} directories deep (limit max_path_depth): not descended", dir_child_path,
            depth));
        continue;
      }
      entered_[child.entry] = true;
      walk(entry, dir_child_path, dir_child_deleted, depth + 1);
    }
  }

  bool parent_resolves(const FileNameAttribute& name) const {
    const CatalogEntry* parent = catalog_.find(name.parent.entry);
    return parent && parent->is_base() && parent->is_directory() &&
           name.parent.sequence == sequence_to_match(*parent);
  }

  // Places `entry` directly under /$OrphanFiles and descends into it when it is a directory.
  void place_as_orphan(const CatalogEntry& entry) {
    const std::string orphan_root = std::string("/") + kOrphanDirectoryName;
    std::string dir_path;
    for (size_t i = 0; i < entry.file_names.size(); ++i) {
      if (!shown_name(entry.file_names[i])) continue;
      const std::string path = orphan_root + "/" + entry.file_names[i].name;
      if (dir_path.empty()) dir_path = path;
      tree_.names.push_back({entry.entry, i, path, !entry.in_use(), true});
    }
    if (dir_path.empty())
      tree_.names.push_back({entry.entry, PlacedName::kNoName,
                             fmt::format("{}/OrphanFile-{}", orphan_root, entry.entry), true,
                             true});
    if (entry.in_use())
      tree_.warnings.push_back(fmt::format(
          "MFT entry {} is in use but no directory holds it: listed under /{}", entry.entry,
          kOrphanDirectoryName));
    placed_[entry.entry] = true;
    if (entry.is_directory() && !dir_path.empty() && !entered_[entry.entry]) {
      entered_[entry.entry] = true;
      walk(entry, dir_path, true, 2);
    }
  }

  // Records the walk did not reach. A deleted record whose directory was reused or is gone
  // (or a live one whose directory reference is broken) goes under /$OrphanFiles; one whose
  // directory is itself such an orphan is reached by descending into that directory. What
  // is left after that (directories that hold each other) is placed at the top as well.
  void place_orphans() {
    auto candidate = [&](const CatalogEntry& entry) {
      if (!entry.present || !entry.is_base() || placed_[entry.entry]) return false;
      const bool has_name = std::any_of(entry.file_names.begin(), entry.file_names.end(), shown_name);
      // Live records reach the listing only through a name. A free record that never held
      // an attribute (Windows formats MFT records ahead of use) is not a deleted file.
      return has_name || (!entry.in_use() && entry.standard_information.has_value());
    };
    for (const CatalogEntry& entry : catalog_.entries) {
      if (!candidate(entry)) continue;
      const bool reachable = std::any_of(
          entry.file_names.begin(), entry.file_names.end(),
          [&](const FileNameAttribute& name) { return shown_name(name) && parent_resolves(name); });
      if (!reachable) place_as_orphan(entry);
    }
    for (const CatalogEntry& entry : catalog_.entries)
      if (candidate(entry)) place_as_orphan(entry);
  }

  const FileCatalog& catalog_;
  const Limits& limits_;
  DirectoryTree tree_;
  std::unordered_map<uint64_t, std::vector<Child>> children_;
  std::vector<bool> placed_;
  std::vector<bool> entered_;
};

}  // namespace

DirectoryTree build_directory_tree(const FileCatalog& catalog, const Limits& limits) {
  return TreeBuilder(catalog, limits).build();
}

}  // namespace shellcarve::ntfs
