// index_slack.cpp: a directory's $I30 slack and unused INDX records (see index_slack.h).
#include "ntfs/index/index_slack.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "ntfs/index/directory_index.h"

namespace shellcarve::ntfs {
namespace {

using NameAndTimes = std::tuple<std::string, uint64_t, uint64_t, uint64_t, uint64_t>;
NameAndTimes name_and_times(const FileNameAttribute& name) {
  return {name.name, name.times.creation, name.times.modification, name.times.mft_modification,
          name.times.access};
}

}  // namespace

std::pair<uint64_t, uint64_t> drop_known_index_entries(std::vector<RecoveredIndexEntry>& recovered,
                                                       const std::vector<IndexEntry>& live) {
  // Most directories' slack holds nothing plausible: then there is nothing to compare.
  if (recovered.empty()) return {0, 0};
  std::set<NameAndTimes> live_keys;
  for (const IndexEntry& entry : live)
    if (entry.file_name) live_keys.insert(name_and_times(*entry.file_name));
  std::stable_sort(recovered.begin(), recovered.end(), [](const auto& a, const auto& b) {
    return a.entry.image_offset < b.entry.image_offset;
  });
  std::set<std::pair<NameAndTimes, uint64_t>> seen;
  uint64_t dropped_live = 0, dropped_repeats = 0;
  std::erase_if(recovered, [&](const RecoveredIndexEntry& r) {
    const NameAndTimes key = name_and_times(*r.entry.file_name);
    if (live_keys.contains(key)) return ++dropped_live, true;
    const uint64_t reference = (uint64_t{r.entry.file_reference.sequence} << 48) | r.entry.file_reference.entry;
    if (!seen.insert({key, reference}).second) return ++dropped_repeats, true;
    return false;
  });
  return {dropped_live, dropped_repeats};
}

DirectoryIndexSlack read_directory_index_slack(const NtfsVolume& volume,
                                               uint64_t directory_entry) {
  DirectoryIndex index =
      read_directory_index(volume, directory_entry, IndexEntries::kLiveAndRemoved);
  DirectoryIndexSlack out;
  out.index_records = index.index_records;
  out.warnings = std::move(index.warnings);
  std::vector<RecoveredIndexEntry> recovered;
  recovered.reserve(index.removed.size());
  for (RemovedIndexEntry& removed : index.removed)
    recovered.push_back({std::move(removed.entry), directory_entry, removed.node_vcn, removed.unused_node});
  std::tie(out.dropped_live, out.dropped_repeats) = drop_known_index_entries(recovered, index.live);
  out.entries = std::move(recovered);
  return out;
}

}  // namespace shellcarve::ntfs
