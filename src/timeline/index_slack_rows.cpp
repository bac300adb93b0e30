// index_slack_rows.cpp: listing rows of $I30 slack names (see index_slack_rows.h).
#include "timeline/index_slack_rows.h"

#include <algorithm>

namespace shellcarve {
namespace {

// $FILE_NAME flags (the file's attributes as the key saw them): 0x10000000 marks a
// directory (Russon, "NTFS Documentation", $FILE_NAME flags).
constexpr uint32_t kFileNameFlagDirectory = 0x10000000;

}  // namespace

void for_each_index_slack_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                              const ntfs::VolumeIndexSlack& slack,
                              const std::function<void(const ListingRow&)>& sink) {
  // Directories in the order their paths appear in the listing (the root, not a placed
  // name, first).
  struct Placed {
    size_t position;
    std::string path;
    const ntfs::DirectoryIndexSlack* slack;
  };
  std::vector<Placed> order;
  for (const auto& [entry, directory_slack] : slack.directories) {
    auto directory_path = ntfs::live_directory_path(catalog, tree, entry);
    if (!directory_path) continue;
    const size_t position = entry == ntfs::kRootEntry ? 0 : tree.first_name_of_entry[entry] + 1;
    order.push_back({position, std::move(*directory_path), &directory_slack});
  }
  std::sort(order.begin(), order.end(),
            [](const Placed& a, const Placed& b) { return a.position < b.position; });

  ListingRow row;
  std::string path;
  for (const Placed& directory : order) {
    for (const ntfs::RecoveredIndexEntry& recovered : directory.slack->entries) {
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

}  // namespace shellcarve
