// reparse_roots.cpp: following junctions and symbolic links of the web roots (see
// reparse_roots.h).
#include "timeline/reparse_roots.h"

#include <fmt/format.h>

#include <optional>
#include <unordered_map>

#include "common/text.h"
#include "ntfs/attributes/reparse_point.h"

namespace shellcarve {
namespace {

class ReparseFollower {
 public:
  ReparseFollower(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                  const ntfs::DirectoryTree& tree, WebRootSelection& selection)
      : volume_(volume), catalog_(catalog), tree_(tree), selection_(selection) {}

  ReparseScope run() {
    std::vector<size_t> candidates;
    for (size_t i = 0; i < tree_.names.size(); ++i) {
      const ntfs::PlacedName& placed = tree_.names[i];
      if (!placed.deleted && catalog_.entries[placed.entry].reparse_point) candidates.push_back(i);
    }
    if (candidates.empty()) return std::move(scope_);  // the usual case: nothing more to read
    // Each round follows the links inside the roots known so far; a new root can hold
    // links of its own. Every candidate is handled at most once, so this ends.
    std::vector<bool> handled(candidates.size(), false);
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t c = 0; c < candidates.size(); ++c) {
        if (handled[c] || !selection_.root_of(tree_.names[candidates[c]].path)) continue;
        handled[c] = progress = true;
        follow(tree_.names[candidates[c]]);
      }
    }
    return std::move(scope_);
  }

 private:
  void follow(const ntfs::PlacedName& placed) {
    ReparseLink link;
    link.path = std::string(placed.path);
    link.mft_entry = placed.entry;
    if (const auto point = read_point(link)) {
      link.kind = ntfs::reparse_tag_name(point->tag);
      link.substitute_name = point->substitute_name;
      if (!point->is_mount_point() && !point->is_symlink()) {
        link.outcome = "not followed: only junctions and symbolic links are";
      } else {
        std::string how;
        link.resolved = ntfs::resolve_reparse_target(link.path, point->substitute_name, point->relative, how);
        if (link.resolved.empty()) link.outcome = "not followed: " + how;
        else add_root(link, how);
      }
    }
    if (!link.followed)
      scope_.warnings.push_back(fmt::format("{} '{}' (MFT entry {}, $REPARSE_POINT at offset {}) -> '{}': {}",
                                            link.kind.empty() ? "reparse point" : link.kind, link.path,
                                            link.mft_entry, link.image_offset, link.substitute_name, link.outcome));
    scope_.links.push_back(std::move(link));
  }

  std::optional<ntfs::ReparsePoint> read_point(ReparseLink& link) {
    auto file = volume_.read_file(link.mft_entry);
    if (!file) {
      link.outcome = "not followed: record unreadable: " + file.error().message;
      return std::nullopt;
    }
    for (const auto& attribute : file->attributes) {
      if (attribute.type != ntfs::AttributeType::kReparsePoint) continue;
      link.image_offset = attribute.image_offset;
      if (!attribute.resident) {
        link.outcome = "not followed: $REPARSE_POINT is non-resident (it must be resident)";
        return std::nullopt;
      }
      auto point = ntfs::parse_reparse_point(ByteReader(attribute.resident_data));
      if (!point) {
        link.outcome = "not followed: " + point.error().message;
        return std::nullopt;
      }
      return *point;
    }
    link.outcome = "not followed: the $REPARSE_POINT attribute is gone from the record";
    return std::nullopt;
  }

  void add_root(ReparseLink& link, const std::string& how) {
    const ntfs::PlacedName* target = find(link.resolved);
    if (!target) {
      link.outcome = fmt::format("not followed: '{}' is missing on this volume ({})", link.resolved, how);
      return;
    }
    link.resolved = std::string(target->path);  // as the volume spells it
    if (const auto root = selection_.root_of(link.resolved)) {
      link.outcome = fmt::format("already in scope (in web root '{}'; {})", *root, how);
      return;
    }
    link.followed = true;
    link.outcome = fmt::format("followed: '{}' examined as part of the web root ({})", link.resolved, how);
    selection_.roots.push_back(
        {link.resolved, "reparse point",
         fmt::format("{} '{}' -> '{}'", link.kind, link.path, link.substitute_name)});
  }

  // The live name at `path` (case-insensitive), from a map built on first use: only
  // volumes with reparse points in their web roots pay for it.
  const ntfs::PlacedName* find(const std::string& path) {
    if (!by_path_) {
      by_path_.emplace();
      for (const auto& placed : tree_.names)
        if (!placed.deleted && !placed.orphan) by_path_->try_emplace(ascii_lower(placed.path), &placed);
    }
    const auto it = by_path_->find(ascii_lower(path));
    return it == by_path_->end() ? nullptr : it->second;
  }

  const ntfs::NtfsVolume& volume_;
  const ntfs::FileCatalog& catalog_;
  const ntfs::DirectoryTree& tree_;
  WebRootSelection& selection_;
  ReparseScope scope_;
  std::optional<std::unordered_map<std::string, const ntfs::PlacedName*>> by_path_;
};

}  // namespace

ReparseScope follow_reparse_points(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                                   const ntfs::DirectoryTree& tree, WebRootSelection& selection) {
  return ReparseFollower(volume, catalog, tree, selection).run();
}

}  // namespace shellcarve
