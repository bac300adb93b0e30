// volume_index_slack.cpp: the $I30 slack of every live directory (see volume_index_slack.h).
#include "ntfs/index/volume_index_slack.h"

#include <algorithm>
#include <set>

namespace shellcarve::ntfs {
namespace {

// fls's rule (see the header), after the rule of index_slack.h: keeps the first copy of
// each (name, MFT entry) pair that the record of that entry does not already give in this
// directory.
void drop_listed_copies(const FileCatalog& catalog, uint64_t directory,
                        std::vector<RecoveredIndexEntry>& entries, uint64_t& dropped) {
  std::set<std::pair<std::string, uint64_t>> seen;
  std::erase_if(entries, [&](const RecoveredIndexEntry& recovered) {
    const std::string& name = recovered.entry.file_name->name;
    const uint64_t target = recovered.entry.file_reference.entry;
    bool listed = !seen.emplace(name, target).second;
    if (const CatalogEntry* record = catalog.find(target); record && !listed)
      listed = std::any_of(record->file_names.begin(), record->file_names.end(),
                           [&](const FileNameAttribute& own) {
                             return own.parent.entry == directory && own.name == name;
                           });
    if (listed) ++dropped;
    return listed;
  });
}

}  // namespace

VolumeIndexSlackReader::VolumeIndexSlackReader(const NtfsVolume& volume,
                                               const FileCatalog& catalog)
    : volume_(volume), catalog_(catalog) {
  for (const CatalogEntry& entry : catalog.entries)
    if (entry.present && entry.is_base() && entry.in_use() && entry.is_directory())
      directories_.push_back(entry.entry);
  read_.resize(directories_.size());
}

void VolumeIndexSlackReader::work() {
  for (size_t i = next_++; i < directories_.size(); i = next_++)
    read_[i] = read_directory_index_slack(volume_, directories_[i]);
}

VolumeIndexSlack VolumeIndexSlackReader::take() {
  VolumeIndexSlack out;
  out.directories_read = directories_.size();
  for (size_t i = 0; i < directories_.size(); ++i) {
    DirectoryIndexSlack& slack = read_[i];
    out.dropped_live += slack.dropped_live;
    out.warnings.insert(out.warnings.end(), std::make_move_iterator(slack.warnings.begin()),
                        std::make_move_iterator(slack.warnings.end()));
    slack.warnings.clear();
    drop_listed_copies(catalog_, directories_[i], slack.entries, out.dropped_known);
    if (slack.entries.empty()) continue;
    out.names += slack.entries.size();
    out.directories.emplace_back(directories_[i], std::move(slack));
  }
  return out;
}

VolumeIndexSlack read_volume_index_slack(const NtfsVolume& volume,
                                         const FileCatalog& catalog) {
  VolumeIndexSlackReader reader(volume, catalog);
  reader.work();
  return reader.take();
}

std::optional<std::string> live_directory_path(const FileCatalog& catalog,
                                               const DirectoryTree& tree, uint64_t entry) {
  const CatalogEntry* directory = catalog.find(entry);
  if (!directory || !directory->in_use() || !directory->is_directory()) return std::nullopt;
  if (entry == kRootEntry) return std::string();
  const PlacedName* placed = tree.primary_name(entry);
  if (!placed || placed->deleted || placed->orphan) return std::nullopt;
  return std::string(placed->path);
}

}  // namespace shellcarve::ntfs
