// attribute_list.cpp: merging extension records and joining attribute pieces (see
// attribute_list.h). Pieces are matched on (type, name) as Windows does when it reads an
// attribute through $ATTRIBUTE_LIST; the sizes only mean something in the first piece
// (libfsntfs fsntfs_mft_attribute_list.c; omerbenamram/mft src/entry.rs).
#include "ntfs/attribute_list.h"

#include "ntfs/moved_attribute_ids.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace shellcarve::ntfs {

void merge_extension_record(MftEntry& base, const MftEntry& extension, const Limits& limits) {
  const FileReference expected{base.entry_number, base.sequence};
  if (!(extension.base_record == expected)) {
    base.damage.push_back(fmt::format(
        "extension record {} (offset {}) names base {}-{}, not this record {}-{}; not merged",
        extension.entry_number, extension.image_offset, extension.base_record.entry,
        extension.base_record.sequence, base.entry_number, base.sequence));
    return;
  }
  if (std::find(base.extension_records.begin(), base.extension_records.end(),
                extension.entry_number) != base.extension_records.end()) {
    base.damage.push_back(fmt::format("extension record {} listed twice; merged once",
                                      extension.entry_number));
    return;
  }
  if (base.extension_records.size() >= limits.max_extension_records) {
    base.damage.push_back(fmt::format(
        "limit max_extension_records ({}) reached; extension record {} not merged",
        limits.max_extension_records, extension.entry_number));
    return;
  }
  base.extension_records.push_back(extension.entry_number);
  base.attributes.insert(base.attributes.end(), extension.attributes.begin(),
                         extension.attributes.end());
  base.file_names.insert(base.file_names.end(), extension.file_names.begin(),
                         extension.file_names.end());
  if (!base.standard_information && extension.standard_information)
    base.standard_information = extension.standard_information;
  if (!base.object_id && extension.object_id) base.object_id = extension.object_id;
  for (const auto& d : extension.damage)
    base.damage.push_back(fmt::format("extension record {}: {}", extension.entry_number, d));
}

namespace {

void note(MftEntry& entry, Attribute& a, const std::string& message) {
  if (!a.damage.empty()) a.damage += "; ";
  a.damage += message;
  entry.damage.push_back(fmt::format("{} \"{}\": {}", attribute_type_name(a.type), a.name, message));
}

}  // namespace

void number_moved_attributes(MftEntry& entry) {
  std::vector<uint16_t> in_use;
  for (const Attribute& a : entry.attributes) in_use.push_back(a.id);
  MovedAttributeIds ids(std::move(in_use));
  auto moved = [&](const Attribute& a) { return a.mft_entry != entry.entry_number; };
  // Names first, as the catalog does (file_catalog.cpp, finish_merge).
  for (Attribute& a : entry.attributes) {
    if (a.type != AttributeType::kFileName || !moved(a)) continue;
    const uint16_t id = ids.file_name_id(a.id);
    for (FileNameAttribute& name : entry.file_names)
      if (name.mft_entry == a.mft_entry && name.attribute_id == a.id) name.attribute_id = id;
    a.id = id;
  }
  // Then the streams the catalog lists ($DATA, $INDEX_ROOT), in record order, pieces of one
  // attribute once (the piece at VCN 0 names it).
  for (Attribute& a : entry.attributes) {
    if ((a.type != AttributeType::kData && a.type != AttributeType::kIndexRoot) || !moved(a)) continue;
    if (!a.resident && a.lowest_vcn != 0) continue;
    const uint16_t old_id = a.id;
    a.id = ids.stream_id(old_id);
    for (Attribute& piece : entry.attributes)
      if (&piece != &a && piece.type == a.type && piece.name == a.name && !piece.resident &&
          piece.id == old_id && moved(piece))
        piece.id = a.id;
  }
}

void finalize_attributes(MftEntry& entry) {
  // Indexes of the non-resident pieces of each (type, name), in record order.
  std::map<std::pair<uint32_t, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < entry.attributes.size(); ++i) {
    const Attribute& a = entry.attributes[i];
    if (!a.resident) groups[{static_cast<uint32_t>(a.type), a.name}].push_back(i);
  }
  std::vector<bool> remove(entry.attributes.size(), false);
  for (auto& [key, indexes] : groups) {
    if (indexes.size() < 2) continue;
    std::vector<Attribute*> pieces;
    for (size_t i : indexes) pieces.push_back(&entry.attributes[i]);
    std::stable_sort(pieces.begin(), pieces.end(), [](const Attribute* x, const Attribute* y) {
      return x->lowest_vcn < y->lowest_vcn;
    });
    Attribute joined = *pieces.front();
    if (joined.lowest_vcn != 0)
      note(entry, joined, fmt::format("no piece starts at VCN 0 (first at {}); sizes unknown",
                                      joined.lowest_vcn));
    for (size_t p = 1; p < pieces.size(); ++p) {
      const Attribute& piece = *pieces[p];
      if (piece.lowest_vcn != joined.highest_vcn + 1) {
        note(entry, joined,
             fmt::format("piece in record {} starts at VCN {}, expected {}{}", piece.mft_entry,
                         piece.lowest_vcn, joined.highest_vcn + 1,
                         piece.lowest_vcn <= joined.highest_vcn ? "; overlapping piece skipped"
                                                                : ""));
        if (piece.lowest_vcn <= joined.highest_vcn) continue;
      }
      joined.runs.insert(joined.runs.end(), piece.runs.begin(), piece.runs.end());
      joined.highest_vcn = piece.highest_vcn;
      if (!piece.damage.empty()) {
        if (!joined.damage.empty()) joined.damage += "; ";
        joined.damage += piece.damage;
      }
    }
    const size_t first = indexes.front();
    entry.attributes[first] = std::move(joined);
    for (size_t k = 1; k < indexes.size(); ++k) remove[indexes[k]] = true;
  }
  std::vector<Attribute> kept;
  kept.reserve(entry.attributes.size());
  for (size_t i = 0; i < entry.attributes.size(); ++i)
    if (!remove[i]) kept.push_back(std::move(entry.attributes[i]));
  entry.attributes = std::move(kept);
}

}  // namespace shellcarve::ntfs
