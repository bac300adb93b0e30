// index_events.cpp: recovered $I30 entries as timeline rows (see index_events.h).
#include "carve/index_events.h"

#include <fmt/format.h>

#include "ntfs/index/volume_index_slack.h"
#include "timeline/event_builder.h"

namespace shellcarve::carve {

void append_index_entry_events(std::vector<TimelineEvent>& events, const ntfs::IndexEntry& entry,
                               const std::string& path, const std::string& source,
                               const std::string& webroot, const std::string& note) {
  const ntfs::FileNameAttribute& name = *entry.file_name;
  TimelineEvent base;
  base.path = path;
  base.mft_entry = entry.file_reference.entry;
  base.mft_sequence = entry.file_reference.sequence;
  base.deleted = true;
  base.source = source;
  base.size = name.real_size;
  base.image_offset = entry.image_offset;
  base.webroot = webroot;
  append_time_events(events, base, name.times, "$I30 $FN", note);
}

IndexSlackTimeline build_index_slack_timeline(const ntfs::NtfsVolume& volume,
                                              const ntfs::FileCatalog& catalog,
                                              const ntfs::DirectoryTree& tree,
                                              const WebRootSelection& webroots) {
  IndexSlackTimeline timeline;
  for (const ntfs::CatalogEntry& candidate : catalog.entries) {
    if (!candidate.present || !candidate.is_base()) continue;
    const auto directory_path = ntfs::live_directory_path(catalog, tree, candidate.entry);
    if (!directory_path || !webroots.root_of(*directory_path + "/")) continue;
    ntfs::DirectoryIndexSlack slack = ntfs::read_directory_index_slack(volume, candidate.entry);
    ++timeline.directories;
    timeline.index_records += slack.index_records;
    timeline.dropped_live += slack.dropped_live;
    timeline.dropped_repeats += slack.dropped_repeats;
    timeline.warnings.insert(timeline.warnings.end(), slack.warnings.begin(), slack.warnings.end());
    for (const ntfs::RecoveredIndexEntry& recovered : slack.entries) {
      const std::string path = *directory_path + "/" + recovered.entry.file_name->name;
      const auto root = webroots.root_of(path);
      if (!root) continue;
      const std::string where =
          !recovered.node_vcn ? std::string("its $INDEX_ROOT")
          : recovered.unused_node ? fmt::format("unused INDX record VCN {}", *recovered.node_vcn)
                                  : fmt::format("INDX record VCN {}", *recovered.node_vcn);
      append_index_entry_events(
          timeline.events, recovered.entry, path, kSourceI30Slack, *root,
          fmt::format("; from the $I30 slack of directory entry {} ({}), at offset {}",
                      candidate.entry, where, recovered.entry.image_offset));
      ++timeline.names;
    }
  }
  return timeline;
}

}  // namespace shellcarve::carve
