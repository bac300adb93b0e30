// index_paths.cpp: names placed where the directory indexes list them (see index_paths.h).
#include "ntfs/index_paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_set>

#include "common/text.h"
#include "ntfs/index/directory_index.h"

namespace shellcarve::ntfs {
namespace {

bool shown_name(const FileNameAttribute& name) { return name.name_space != FileNameNamespace::kDos; }

bool same_name(const IndexedParent& a, const IndexedParent& b) {
  return a.entry == b.entry && a.name_index == b.name_index;
}
bool name_before(const IndexedParent& a, const IndexedParent& b) {
  return std::tie(a.entry, a.name_index) < std::tie(b.entry, b.name_index);
}

class IndexWalk {
 public:
  IndexWalk(const NtfsVolume& volume, const FileCatalog& catalog, const DescendInto& descend)
      : volume_(volume), catalog_(catalog), descend_(descend) {}

  IndexPathCheck run() {
    check_.walked = true;
    const CatalogEntry* root = catalog_.find(kRootEntry);
    if (!root || !root->is_directory()) {
      check_.warnings.push_back("directory indexes not walked: the root directory (MFT entry 5) is missing");
      return std::move(check_);
    }
    entered_.insert(kRootEntry);
    visit(*root, "", 1);
    return std::move(check_);
  }

 private:
  void visit(const CatalogEntry& dir, const std::string& dir_path, uint32_t depth) {
    DirectoryIndex index = read_directory_index(volume_, dir.entry);
    ++check_.directories_read;
    for (auto& warning : index.warnings) check_.warnings.push_back(std::move(warning));
    for (const IndexEntry& listed : index.live) {
      if (!listed.file_name || !shown_name(*listed.file_name)) continue;  // the "last" entry has no key
      const FileReference reference = listed.file_reference;
      if (reference.entry == dir.entry) continue;  // the root lists itself as "."
      const std::string& name = listed.file_name->name;
      const CatalogEntry* child = catalog_.find(reference.entry);
      if (!child || !child->is_base() || child->sequence != reference.sequence) {
        check_.warnings.push_back(fmt::format(
            "the $I30 index of directory entry {} lists '{}' as MFT entry {} sequence {} (index entry at "
            "offset {}), but that record {}: not followed",
            dir.entry, name, reference.entry, reference.sequence, listed.image_offset,
            child ? fmt::format("has sequence {}", child->sequence) : std::string("is not in the $MFT")));
        continue;
      }
      compare_with_file_names(dir, *child, listed);
      if (!child->is_directory() || !child->in_use()) continue;
      const std::string path = dir_path + "/" + name;
      if (!descend_(ascii_lower(path))) continue;
      if (!entered_.insert(child->entry).second) {
        check_.warnings.push_back(fmt::format(
            "directory indexes: MFT entry {} is listed again at '{}': not walked twice", child->entry, path));
        continue;
      }
      const Limits& limits = volume_.limits();
      if (depth >= limits.max_path_depth || path.size() > limits.max_path_bytes) {
        check_.warnings.push_back(fmt::format(
            "directory indexes: '{}' is past max_path_depth or max_path_bytes: its index is not read", path));
        continue;
      }
      visit(*child, path, depth + 1);
    }
  }

  // The $FILE_NAME the index entry stands for (same name; the one pointing here when
  // several do): a disagreement when it points elsewhere.
  void compare_with_file_names(const CatalogEntry& dir, const CatalogEntry& child, const IndexEntry& listed) {
    const std::string& name = listed.file_name->name;
    size_t match = PlacedName::kNoName;
    for (size_t i = 0; i < child.file_names.size(); ++i) {
      const FileNameAttribute& fn = child.file_names[i];
      if (!shown_name(fn) || fn.name != name) continue;
      if (fn.parent.entry == dir.entry && fn.parent.sequence == dir.sequence) return;
      if (match == PlacedName::kNoName) match = i;
    }
    if (match == PlacedName::kNoName) {
      check_.warnings.push_back(fmt::format(
          "the $I30 index of directory entry {} lists MFT entry {} as '{}' (index entry at offset {}), a name "
          "its record does not hold",
          dir.entry, child.entry, name, listed.image_offset));
      return;
    }
    const FileNameAttribute& fn = child.file_names[match];
    IndexPathDisagreement disagreement;
    disagreement.entry = child.entry;
    disagreement.sequence = child.sequence;
    disagreement.name_index = match;
    disagreement.name = name;
    disagreement.fn_parent = fn.parent;
    disagreement.fn_offset = fn.image_offset;
    disagreement.index_directory = {dir.entry, dir.sequence};
    disagreement.index_entry_offset = listed.image_offset;
    check_.disagreements.push_back(std::move(disagreement));
  }

  const NtfsVolume& volume_;
  const FileCatalog& catalog_;
  const DescendInto& descend_;
  IndexPathCheck check_;
  std::unordered_set<uint64_t> entered_;
};

// Each name's path in `tree`, for the names of `disagreements` only.
template <typename Field>
void fill_paths(const DirectoryTree& tree, std::vector<IndexPathDisagreement>& disagreements, Field field) {
  std::map<std::pair<uint64_t, size_t>, std::string*> wanted;
  for (auto& d : disagreements) wanted[{d.entry, d.name_index}] = &(d.*field);
  for (const PlacedName& placed : tree.names)
    if (const auto it = wanted.find({placed.entry, placed.name_index}); it != wanted.end() && it->second->empty())
      *it->second = std::string(placed.path);
}

}  // namespace

IndexPathCheck reconcile_paths_with_indexes(const NtfsVolume& volume, const FileCatalog& catalog,
                                            DirectoryTree& tree, const DescendInto& descend) {
  IndexPathCheck check = IndexWalk(volume, catalog, descend).run();
  if (check.disagreements.empty()) return check;
  std::vector<IndexedParent> parents;
  for (const auto& d : check.disagreements) parents.push_back({d.entry, d.name_index, d.index_directory});
  // A name listed by two indexes (only a damaged or forged volume does that) stays where
  // the first one met puts it; stable_sort keeps walk order among equals.
  std::stable_sort(parents.begin(), parents.end(), name_before);
  parents.erase(std::unique(parents.begin(), parents.end(), same_name), parents.end());
  fill_paths(tree, check.disagreements, &IndexPathDisagreement::fn_path);
  tree = build_directory_tree(catalog, volume.limits(), parents);
  fill_paths(tree, check.disagreements, &IndexPathDisagreement::index_path);
  return check;
}

bool index_walk_warranted(const NtfsVolume& volume, const FileCatalog& catalog, const DirectoryTree& tree) {
  for (const PlacedName& placed : tree.names)
    if (placed.orphan && !placed.deleted) return true;
  const CatalogEntry* root = catalog.find(kRootEntry);
  if (!root) return false;
  const DirectoryIndex index = read_directory_index(volume, kRootEntry);
  std::unordered_set<uint64_t> listed;
  for (const IndexEntry& entry : index.live) listed.insert(entry.file_reference.entry);
  for (const CatalogEntry& entry : catalog.entries) {
    if (!entry.present || !entry.is_base() || !entry.in_use() || entry.entry == kRootEntry) continue;
    for (const FileNameAttribute& name : entry.file_names)
      if (shown_name(name) && name.parent.entry == kRootEntry && name.parent.sequence == root->sequence &&
          !listed.contains(entry.entry))
        return true;
  }
  return false;
}

std::string describe_disagreement(const IndexPathDisagreement& d) {
  return fmt::format(
      "MFT entry {} (sequence {}) '{}': the $I30 index of directory entry {} (index entry at image offset {}) "
      "lists it at '{}', but its $FILE_NAME (at image offset {}) names parent entry {} sequence {}{}: "
      "placed where the index puts it (a rewritten parent reference is a sign of tampering)",
      d.entry, d.sequence, d.name, d.index_directory.entry, d.index_entry_offset, d.index_path, d.fn_offset,
      d.fn_parent.entry, d.fn_parent.sequence,
      d.fn_path.empty() ? std::string() : fmt::format(" (path by $FILE_NAME: '{}')", d.fn_path));
}

}  // namespace shellcarve::ntfs
