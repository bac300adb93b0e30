#include "ntfs/file_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "ntfs/moved_attribute_ids.h"

namespace shellcarve::ntfs {
namespace {

bool lists_as_stream(const Attribute& attribute) {
  return attribute.type == AttributeType::kData || attribute.type == AttributeType::kIndexRoot;
}

}  // namespace

CatalogEntry summarize(MftEntry&& entry) {
  CatalogEntry summary;
  summary.present = true;
  summary.entry = entry.entry_number;
  summary.sequence = entry.sequence;
  summary.flags = entry.flags;
  summary.link_count = entry.link_count;
  summary.base_record = entry.base_record;
  summary.fixup_valid = entry.fixup_valid;
  summary.baad = entry.baad;
  summary.standard_information = entry.standard_information;
  summary.file_names = std::move(entry.file_names);
  for (auto& name : summary.file_names) name.mft_entry = entry.entry_number;
  summary.damage = std::move(entry.damage);
  summary.attribute_list = std::move(entry.attribute_list);
  summary.attribute_ids.reserve(entry.attributes.size());
  summary.image_offset = entry.image_offset;
  for (const auto& attribute : entry.attributes) {
    summary.attribute_ids.push_back(attribute.id);
    summary.reparse_point |= attribute.type == AttributeType::kReparsePoint;
    if (!lists_as_stream(attribute)) continue;
    // A non-resident attribute continued in another record has lowest_vcn > 0; its size
    // fields are meaningful only in the first piece.
    if (!attribute.resident && attribute.lowest_vcn != 0) {
      summary.streams.push_back({attribute.type, attribute.id, attribute.name, 0, false,
                                 attribute.flags, attribute.image_offset, attribute.mft_entry});
      summary.streams.back().size = UINT64_MAX;  // unknown until merged with the first piece
      continue;
    }
    summary.streams.push_back({attribute.type, attribute.id, attribute.name, attribute.size(),
                               attribute.resident, attribute.flags, attribute.image_offset,
                               attribute.mft_entry});
  }
  return summary;
}

void merge_into_base(CatalogEntry& base, const CatalogEntry& extension) {
  for (const auto& name : extension.file_names) base.file_names.push_back(name);
  for (CatalogStream stream : extension.streams) {
    // The file's own identifier for an attribute moved to an extension record is the one
    // its $ATTRIBUTE_LIST entry gives (the copy in the extension record may differ); this
    // is the id fls prints in "entry-type-id".
    for (const auto& item : base.attribute_list)
      if (item.type == stream.type && item.name == stream.name &&
          item.record.entry == extension.entry && item.lowest_vcn == 0)
        stream.id = item.attribute_id;
    stream.moved = true;
    auto same = std::find_if(base.streams.begin(), base.streams.end(), [&](const auto& s) {
      return s.type == stream.type && s.name == stream.name;
    });
    if (same == base.streams.end()) {
      base.streams.push_back(stream);
    } else if (same->size == UINT64_MAX && stream.size != UINT64_MAX) {
      *same = stream;
    }
  }
  base.reparse_point |= extension.reparse_point;
  base.attribute_ids.insert(base.attribute_ids.end(), extension.attribute_ids.begin(),
                            extension.attribute_ids.end());
  if (!base.standard_information && extension.standard_information)
    base.standard_information = extension.standard_information;
}

void finish_merge(CatalogEntry& entry) {
  MovedAttributeIds ids(entry.attribute_ids);
  for (auto& name : entry.file_names)
    if (name.mft_entry != entry.entry) name.attribute_id = ids.file_name_id(name.attribute_id);
  for (auto& stream : entry.streams) {
    if (stream.size == UINT64_MAX) {
      stream.size = 0;
      entry.damage.push_back(fmt::format("{} '{}': first piece of the attribute not found",
                                         attribute_type_name(stream.type), stream.name));
    }
    if (stream.moved) stream.id = ids.stream_id(stream.id);
  }
}

}  // namespace shellcarve::ntfs
