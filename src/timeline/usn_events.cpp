#include "timeline/usn_events.h"

#include <fmt/format.h>

#include <set>

#include "common/filetime.h"
#include "ntfs/usn/usn_journal.h"
#include "ntfs/usn/usn_reasons.h"
#include "timeline/usn_path_replay.h"

namespace shellcarve {
namespace {

constexpr uint32_t kReasonFileCreate = 0x00000100;
constexpr uint32_t kReasonFileDelete = 0x00000200;
constexpr uint32_t kReasonDataMask = 0x00000077;  // (NAMED_)DATA_OVERWRITE/EXTEND/TRUNCATION

struct Key {
  uint64_t entry;
  uint16_t sequence;
};

std::string macb_of(uint32_t reason) {
  if (reason & kReasonFileCreate) return "...B";
  if (reason & kReasonDataMask) return "M...";
  return "..C.";
}

}  // namespace

UsnTimeline build_usn_events(const ntfs::NtfsVolume& volume, const ntfs::FileCatalog& catalog,
                             const ntfs::DirectoryTree& tree, const WebRootSelection& webroots) {
  UsnTimeline timeline;
  auto journal = ntfs::find_usn_journal(volume, catalog);
  if (!journal) {
    timeline.warnings.push_back("$UsnJrnl: " + journal.error().message);
    return timeline;
  }
  if (!*journal) return timeline;
  timeline.journal_present = true;
  // The files whose present name is in scope: their whole history is kept, also from
  // before they came into a web root (moved in) -- that is when they were written.
  std::set<std::pair<uint64_t, uint16_t>> in_scope;
  for (const auto& placed : tree.names)
    if (webroots.root_of(placed.path)) {
      const ntfs::CatalogEntry& entry = catalog.entries[placed.entry];
      in_scope.emplace(entry.entry, entry.sequence);
    }
  UsnPathReplay replay(catalog, tree);
  auto stats = ntfs::scan_usn_journal(volume, (*journal)->j_stream, [&](const ntfs::UsnRecord& record) {
    ++timeline.records;
    if (record.range_tracking || record.timestamp == 0) return true;
    const Key key{record.file_reference.entry, record.file_reference.sequence};
    if (!timeline.oldest_record_time || record.timestamp < *timeline.oldest_record_time)
      timeline.oldest_record_time = record.timestamp;
    if (in_scope.contains({key.entry, key.sequence}))
      timeline.history[{key.entry, key.sequence}].push_back(
          {record.timestamp, record.reason, record.parent_reference.entry, record.name, record.usn,
           record.image_offset.value_or(0)});
    if (record.reason & kReasonFileCreate) {
      auto [it, inserted] = timeline.first_create.emplace(std::pair{key.entry, key.sequence}, record.timestamp);
      if (!inserted && record.timestamp < it->second) it->second = record.timestamp;
    }
    const std::string path = replay.path_of(record.parent_reference, record.name);
    replay.learn(record.file_reference, record.parent_reference, record.name);
    const auto root = webroots.root_of(path);
    if (!root) return true;
    TimelineEvent event;
    event.filetime = record.timestamp;
    const std::string reasons = ntfs::usn_reasons_to_string(record.reason);
    event.timestamp_desc = "USN " + reasons;
    event.macb = macb_of(record.reason);
    event.path = path;
    event.mft_entry = key.entry;
    event.mft_sequence = key.sequence;
    const ntfs::CatalogEntry* now = catalog.find(key.entry);
    event.deleted = (record.reason & kReasonFileDelete) || !now || !now->in_use() ||
                    now->sequence != key.sequence;
    event.source = "USN";
    event.image_offset = record.image_offset.value_or(0);
    event.webroot = *root;
    event.message = fmt::format("USN {} usn={} {} (parent {}-{}, $J offset {})", reasons, record.usn,
                                path, record.parent_reference.entry,
                                record.parent_reference.sequence, record.offset);
    timeline.events.push_back(std::move(event));
    return true;
  });
  if (!stats) {
    timeline.warnings.push_back("$UsnJrnl:$J: " + stats.error().message);
    return timeline;
  }
  for (const auto& damage : stats->damage)
    timeline.warnings.push_back(fmt::format("$UsnJrnl:$J: {} bytes at offset {} unparseable: {}",
                                            damage.length, damage.offset, damage.reason));
  for (const auto& warning : stats->warnings) timeline.warnings.push_back("$UsnJrnl:$J: " + warning);
  return timeline;
}

}  // namespace shellcarve
