#include "carve/index_slack_listing.h"

#include <algorithm>
#include <set>

#include "carve/index_events.h"

namespace shellcarve::carve {
namespace {

// $FILE_NAME flags (the file's attributes as the key saw them): 0x10000000 marks a
// directory (Russon, "NTFS Documentation", $FILE_NAME flags).
constexpr uint32_t kFileNameFlagDirectory = 0x10000000;

// fls's rule (see the header), after the rule of index_slack.h: keeps the first copy of
// each (name, MFT entry) pair that the record of that entry does not already give in this
// directory.
void drop_listed_copies(const ntfs::FileCatalog& catalog, uint64_t directory,
                        std::vector<RecoveredIndexEntry>& entries, uint64_t& dropped) {
  std::set<std::pair<std::string, uint64_t>> seen;
  std::erase_if(entries, [&](const RecoveredIndexEntry& recovered) {
    const std::string& name = recovered.entry.file_name->name;
    const uint64_t target = recovered.entry.file_reference.entry;
    bool listed = !seen.emplace(name, target).second;
    if (const ntfs::CatalogEntry* record = catalog.find(target); record && !listed)
      listed = std::any_of(record->file_names.begin(), record->file_names.end(),
                           [&](const ntfs::FileNameAttribute& own) {
                             return own.parent.entry == directory && own.name == name;
                           });
    if (listed) ++dropped;
    return listed;
  });
}

}  // namespace

VolumeIndexSlackReader::VolumeIndexSlackReader(const ntfs::NtfsVolume& volume,
                                               const ntfs::FileCatalog& catalog)
    : volume_(volume), catalog_(catalog) {
  for (const ntfs::CatalogEntry& entry : catalog.entries)
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

VolumeIndexSlack read_volume_index_slack(const ntfs::NtfsVolume& volume,
                                         const ntfs::FileCatalog& catalog) {
  VolumeIndexSlackReader reader(volume, catalog);
  reader.work();
  return reader.take();
}

void for_each_index_slack_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                              const VolumeIndexSlack& slack,
                              const std::function<void(const ListingRow&)>& sink) {
  // Directories in the order their paths appear in the listing (the root, not a placed
  // name, first).
  struct Placed {
    size_t position;
    std::string path;
    const DirectoryIndexSlack* slack;
  };
  std::vector<Placed> order;
  for (const auto& [entry, directory_slack] : slack.directories) {
    auto directory_path = live_directory_path(catalog, tree, entry);
    if (!directory_path) continue;
    const size_t position = entry == ntfs::kRootEntry ? 0 : tree.first_name_of_entry[entry] + 1;
    order.push_back({position, std::move(*directory_path), &directory_slack});
  }
  std::sort(order.begin(), order.end(),
            [](const Placed& a, const Placed& b) { return a.position < b.position; });

  ListingRow row;
  std::string path;
  for (const Placed& directory : order) {
    for (const RecoveredIndexEntry& recovered : directory.slack->entries) {
      const ntfs::FileNameAttribute& key = *recovered.entry.file_name;
      path.assign(directory.path).append("/").append(key.name);
      row = ListingRow{};
      row.path = path;
      row.deleted = true;
      row.entry = recovered.entry.file_reference.entry;
      row.sequence = recovered.entry.file_reference.sequence;
      row.name_type = (key.file_attributes & kFileNameFlagDirectory) ? 'd' : 'r';
      row.meta_type = '-';
      row.permissions = "---------";
      row.size = key.real_size;
      row.times = key.times;
      row.image_offset = recovered.entry.image_offset;
      sink(row);
    }
  }
}

}  // namespace shellcarve::carve
