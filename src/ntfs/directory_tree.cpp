#include "ntfs/directory_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <tuple>

namespace shellcarve::ntfs {
namespace {

// A name as the walk needs it, copied out of the catalog so that walking a directory reads
// one contiguous array instead of chasing every child's CatalogEntry: the first bytes of
// the name packed big-endian (most comparisons end there), the parent reference's
// sequence, and the child record's own flags.
struct Child {
  uint64_t name_prefix;
  std::string_view name;
  uint32_t entry;
  uint16_t name_index;
  uint16_t parent_sequence;
  bool in_use;
  bool is_directory;
};

uint64_t name_prefix_of(std::string_view name) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i)
    prefix = (prefix << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
  return prefix;
}

// Byte order of the names (what std::string's operator< gives), then entry and name.
bool child_before(const Child& a, const Child& b) {
  if (a.name_prefix != b.name_prefix) return a.name_prefix < b.name_prefix;
  if (const int order = a.name.compare(b.name); order != 0) return order < 0;
  return std::tie(a.entry, a.name_index) < std::tie(b.entry, b.name_index);
}

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
  TreeBuilder(const FileCatalog& catalog, const Limits& limits,
              const std::vector<IndexedParent>& indexed_parents)
      : catalog_(catalog), limits_(limits), indexed_parents_(indexed_parents) {}

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
  // Children grouped by parent entry in one array (counted, then filled: no per-directory
  // allocation), each group sorted by name. A name whose parent number lies past the
  // catalog is never reached by the walk and is left out here; place_orphans finds it.
  void index_children() {
    const size_t count = catalog_.entries.size();
    if (count > UINT32_MAX) return;  // entry numbers are 48 bits, but no MFT holds 2^32 records
    first_child_.assign(count + 1, 0);
    std::vector<size_t> name_bytes(count + 1, 0);  // then: where each directory's names start
    auto for_each_child_name = [&](auto&& visit) {
      for (const CatalogEntry& entry : catalog_.entries) {
        if (!entry.present || !entry.is_base() || entry.entry == kRootEntry) continue;
        for (size_t i = 0; i < entry.file_names.size() && i <= UINT16_MAX; ++i) {
          const FileNameAttribute& name = entry.file_names[i];
          if (!shown_name(name)) continue;
          const FileReference parent = parent_of(entry, i);
          if (parent.entry < count) visit(entry, i, name, parent);
        }
      }
    };
    for_each_child_name([&](const CatalogEntry&, size_t, const FileNameAttribute& name, FileReference parent) {
      ++first_child_[parent.entry + 1];
      name_bytes[parent.entry + 1] += name.name.size();
    });
    for (size_t i = 1; i <= count; ++i) {
      first_child_[i] += first_child_[i - 1];
      name_bytes[i] += name_bytes[i - 1];
    }
    children_.resize(first_child_[count]);
    // The names are copied next to their siblings' (the catalog's own strings lie wherever
    // the scan threads allocated them): sorting a directory and walking it then read one
    // contiguous run of bytes instead of missing the cache once per name.
    child_names_ = std::make_unique_for_overwrite<char[]>(std::max<size_t>(1, name_bytes[count]));
    std::vector<size_t> fill(first_child_.begin(), first_child_.end() - 1);
    for_each_child_name([&](const CatalogEntry& entry, size_t i, const FileNameAttribute& name,
                            FileReference parent) {
      char* const copy = child_names_.get() + name_bytes[parent.entry];
      name_bytes[parent.entry] += name.name.size();
      std::copy(name.name.begin(), name.name.end(), copy);
      children_[fill[parent.entry]++] = {name_prefix_of(name.name),
                                         std::string_view(copy, name.name.size()),
                                         static_cast<uint32_t>(entry.entry),
                                         static_cast<uint16_t>(i), parent.sequence,
                                         entry.in_use(), entry.is_directory()};
    });
    for (size_t parent = 0; parent < count; ++parent)
      std::sort(children_.begin() + first_child_[parent],
                children_.begin() + first_child_[parent + 1], child_before);
    tree_.names.reserve(children_.size() + 64);
  }

  void walk(const CatalogEntry& dir, std::string_view dir_path, bool dir_deleted,
            uint32_t depth) {
    if (first_child_.empty()) return;
    const uint16_t wanted_sequence = sequence_to_match(dir);
    for (size_t c = first_child_[dir.entry]; c < first_child_[dir.entry + 1]; ++c) {
      const Child& child = children_[c];
      if (child.parent_sequence != wanted_sequence) continue;
      PlacedName& placed = tree_.names.emplace_back();
      placed.entry = child.entry;
      placed.name_index = child.name_index;
      placed.path = tree_.paths.join(dir_path, child.name);
      placed.deleted = dir_deleted || !child.in_use;
      placed_[child.entry] = true;
      if (!child.is_directory) continue;
      const CatalogEntry& entry = catalog_.entries[child.entry];
      // The walk below appends to tree_.names (moving it): keep what it needs by value.
      const std::string_view dir_child_path = placed.path;
      const bool dir_child_deleted = placed.deleted;
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

  // The parent a name is placed under: the directory whose index lists it when that was
  // given, else its $FILE_NAME's reference. Most volumes give none: one test per name.
  FileReference parent_of(const CatalogEntry& entry, size_t name_index) const {
    if (!indexed_parents_.empty()) {
      const IndexedParent key{entry.entry, name_index, {}};
      const auto it = std::lower_bound(indexed_parents_.begin(), indexed_parents_.end(), key,
                                       [](const IndexedParent& a, const IndexedParent& b) {
                                         return std::tie(a.entry, a.name_index) < std::tie(b.entry, b.name_index);
                                       });
      if (it != indexed_parents_.end() && it->entry == entry.entry && it->name_index == name_index)
        return it->directory;
    }
    return entry.file_names[name_index].parent;
  }

  bool parent_resolves(const CatalogEntry& entry, size_t name_index) const {
    const FileReference reference = parent_of(entry, name_index);
    const CatalogEntry* parent = catalog_.find(reference.entry);
    return parent && parent->is_base() && parent->is_directory() &&
           reference.sequence == sequence_to_match(*parent);
  }

  // Places `entry` directly under /$OrphanFiles and descends into it when it is a directory.
  void place_as_orphan(const CatalogEntry& entry) {
    const std::string_view orphan_root = kOrphanDirectoryPath;
    std::string_view dir_path;
    for (size_t i = 0; i < entry.file_names.size(); ++i) {
      if (!shown_name(entry.file_names[i])) continue;
      const std::string_view path = tree_.paths.join(orphan_root, entry.file_names[i].name);
      if (dir_path.empty()) dir_path = path;
      tree_.names.push_back({entry.entry, i, path, !entry.in_use(), true});
    }
    if (dir_path.empty())
      tree_.names.push_back({entry.entry, PlacedName::kNoName,
                             tree_.paths.join(orphan_root, fmt::format("OrphanFile-{}", entry.entry)),
                             true, true});
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
      bool reachable = false;
      for (size_t i = 0; i < entry.file_names.size() && !reachable; ++i)
        reachable = shown_name(entry.file_names[i]) && parent_resolves(entry, i);
      if (!reachable) place_as_orphan(entry);
    }
    for (const CatalogEntry& entry : catalog_.entries)
      if (candidate(entry)) place_as_orphan(entry);
  }

  const FileCatalog& catalog_;
  const Limits& limits_;
  const std::vector<IndexedParent>& indexed_parents_;
  DirectoryTree tree_;
  std::vector<size_t> first_child_;  // children of entry e: [first_child_[e], first_child_[e+1])
  std::vector<Child> children_;
  std::unique_ptr<char[]> child_names_;  // what children_[i].name views, by directory
  std::vector<bool> placed_;
  std::vector<bool> entered_;
};

}  // namespace

DirectoryTree build_directory_tree(const FileCatalog& catalog, const Limits& limits,
                                   const std::vector<IndexedParent>& indexed_parents) {
  return TreeBuilder(catalog, limits, indexed_parents).build();
}

}  // namespace shellcarve::ntfs
