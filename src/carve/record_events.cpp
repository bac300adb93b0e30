// record_events.cpp: carved records as timeline rows (see record_events.h).
#include "carve/record_events.h"

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "carve/index_events.h"
#include "timeline/event_builder.h"

namespace shellcarve::carve {
namespace {

bool same_times(const ntfs::NtfsTimes& a, const ntfs::NtfsTimes& b) {
  return a.creation == b.creation && a.modification == b.modification &&
         a.mft_modification == b.mft_modification && a.access == b.access;
}

bool same_name(const ntfs::FileNameAttribute& a, const ntfs::FileNameAttribute& b) {
  return a.name == b.name && a.parent == b.parent && same_times(a.times, b.times);
}

bool live_record_says_the_same(const ntfs::FileCatalog& catalog, const ntfs::MftEntry& carved) {
  const ntfs::CatalogEntry* live = catalog.find(carved.header_entry_number.value_or(0));
  if (!live || !carved.header_entry_number || live->sequence != carved.sequence) return false;
  if (live->standard_information.has_value() != carved.standard_information.has_value()) return false;
  return !live->standard_information ||
         same_times(live->standard_information->times, carved.standard_information->times);
}

bool live_record_has_name(const ntfs::FileCatalog& catalog, const ntfs::IndexEntry& entry) {
  const ntfs::CatalogEntry* live = catalog.find(entry.file_reference.entry);
  if (!live || live->sequence != entry.file_reference.sequence) return false;
  for (const auto& name : live->file_names)
    if (same_name(name, *entry.file_name)) return true;
  return false;
}

const ntfs::FileNameAttribute* primary_file_name(const ntfs::MftEntry& record) {
  const ntfs::FileNameAttribute* found = nullptr;
  for (const auto& name : record.file_names) {
    if (name.name_space != ntfs::FileNameNamespace::kDos) return &name;
    if (!found) found = &name;
  }
  return found;
}

uint64_t unnamed_data_size(const ntfs::MftEntry& record) {
  for (const auto& attribute : record.attributes)
    if (attribute.type == ntfs::AttributeType::kData && attribute.name.empty() && attribute.lowest_vcn == 0)
      return attribute.size();
  return 0;
}

void file_record_events(const CarvedFileRecord& carved, const ntfs::FileCatalog& catalog,
                        const ntfs::DirectoryTree& tree, const WebRootSelection& webroots,
                        std::vector<TimelineEvent>& events) {
  const ntfs::MftEntry& record = carved.record;
  TimelineEvent base;
  base.mft_entry = record.header_entry_number.value_or(0);
  base.mft_sequence = record.sequence;
  base.deleted = true;
  base.source = kSourceCarvedMft;
  const std::string note = fmt::format("; carved FILE record at offset {} ({}){}", record.image_offset,
                                       carved.region, record.in_use() ? ", marked in use" : "");
  if (record.standard_information) {
    if (const auto root = webroots.root_of(carved.path)) {
      TimelineEvent si = base;
      si.path = carved.path;
      si.webroot = *root;
      si.size = unnamed_data_size(record);
      si.image_offset = record.standard_information->image_offset;
      append_time_events(events, si, record.standard_information->times, "$SI", note);
    }
  }
  for (const auto& name : record.file_names) {
    if (name.name_space == ntfs::FileNameNamespace::kDos) continue;
    TimelineEvent fn = base;
    fn.path = carved_name_path(catalog, tree, name.parent, name.name);
    const auto root = webroots.root_of(fn.path);
    if (!root) continue;
    fn.webroot = *root;
    fn.size = name.real_size;
    fn.image_offset = name.image_offset;
    append_time_events(events, fn, name.times, "$FN", note);
  }
}

}  // namespace

std::string carved_name_path(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                             ntfs::FileReference parent, const std::string& name) {
  const ntfs::CatalogEntry* directory = catalog.find(parent.entry);
  const bool same = directory && directory->is_directory() &&
                    (directory->sequence == parent.sequence ||
                     (!directory->in_use() && directory->sequence == parent.sequence + 1));
  if (same && parent.entry == ntfs::kRootEntry) return "/" + name;
  if (same)
    if (const ntfs::PlacedName* placed = tree.primary_name(parent.entry)) return std::string(placed->path) + "/" + name;
  return fmt::format("/{}/{}", ntfs::kOrphanDirectoryName, name);
}

RecordEventCounts append_carved_record_events(std::vector<CarvedFileRecord>& files,
                                              const std::vector<CarvedIndexRecord>& indexes,
                                              const ntfs::FileCatalog& catalog,
                                              const ntfs::DirectoryTree& tree,
                                              const WebRootSelection& webroots,
                                              std::vector<TimelineEvent>& events) {
  RecordEventCounts counts;
  std::erase_if(files, [&](const CarvedFileRecord& carved) {
    return live_record_says_the_same(catalog, carved.record) ? (++counts.file_records_live, true) : false;
  });
  for (CarvedFileRecord& carved : files) {
    const ntfs::FileNameAttribute* name = primary_file_name(carved.record);
    carved.path = name ? carved_name_path(catalog, tree, name->parent, name->name)
                       : fmt::format("/[carved]/FILE-{}", carved.record.header_entry_number.value_or(0));
    file_record_events(carved, catalog, tree, webroots, events);
    ++counts.file_records;
  }
  // Live entries of every carved node first: a slack copy of the same entry has lost its
  // file reference (overwritten by the entry moved over it), the live one has it.
  using Key = std::tuple<std::string, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t>;
  std::set<Key> seen;
  for (const bool slack : {false, true}) {
    for (const CarvedIndexRecord& carved : indexes) {
      for (const ntfs::IndexEntry& entry : slack ? carved.record.node.slack_entries : carved.record.node.entries) {
        if (!entry.file_name || entry.file_name->name_space == ntfs::FileNameNamespace::kDos) continue;
        const ntfs::FileNameAttribute& name = *entry.file_name;
        if (live_record_has_name(catalog, entry)) {
          ++counts.index_entries_live;
          continue;
        }
        const uint64_t parent = (uint64_t{name.parent.sequence} << 48) | name.parent.entry;
        if (!seen.insert({name.name, parent, name.times.creation, name.times.modification,
                          name.times.mft_modification, name.times.access})
                 .second) {
          ++counts.index_entries_repeats;
          continue;
        }
        ++counts.index_entries;
        const std::string path = carved_name_path(catalog, tree, name.parent, name.name);
        const auto root = webroots.root_of(path);
        if (!root) continue;
        append_index_entry_events(
            events, entry, path, kSourceI30Carved, *root,
            fmt::format("; from a carved INDX record (VCN {}) at offset {} ({}){}", carved.record.vcn,
                        carved.image_offset, carved.region, slack ? ", in its slack" : ""));
      }
    }
  }
  return counts;
}

}  // namespace shellcarve::carve
