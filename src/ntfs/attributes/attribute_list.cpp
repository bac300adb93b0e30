// attribute_list.cpp (attributes/): $ATTRIBUTE_LIST content (see attribute_list.h).
#include "ntfs/attributes/attribute_list.h"

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "common/utf16.h"

namespace shellcarve::ntfs {
namespace {

using L = AttributeListEntryLayout;

Result<AttributeListEntry> parse_entry(const ByteReader& e) {
  AttributeListEntry entry;
  SC_ASSIGN_OR_RETURN(const uint32_t type, e.u32(L::kType, "attribute list entry type"));
  entry.type = static_cast<AttributeType>(type);
  SC_ASSIGN_OR_RETURN(const uint8_t name_length, e.u8(L::kNameLength, "attribute list name length"));
  SC_ASSIGN_OR_RETURN(const uint8_t name_offset, e.u8(L::kNameOffset, "attribute list name offset"));
  SC_ASSIGN_OR_RETURN(entry.lowest_vcn, e.u64(L::kLowestVcn, "attribute list lowest VCN"));
  SC_ASSIGN_OR_RETURN(const uint64_t record, e.u64(L::kRecord, "attribute list record reference"));
  entry.record = FileReference::from_raw(record);
  SC_ASSIGN_OR_RETURN(entry.attribute_id, e.u16(L::kAttributeId, "attribute list attribute id"));
  if (name_length > 0) {
    SC_ASSIGN_OR_RETURN(const auto name, e.bytes(name_offset, size_t{name_length} * 2, "attribute list name"));
    entry.name = utf16le_to_utf8(name).utf8;
  }
  return entry;
}

}  // namespace

AttributeListDecoding parse_attribute_list(std::span<const std::byte> content, uint64_t origin,
                                           const Limits& limits) {
  AttributeListDecoding out;
  if (content.size() > limits.max_attribute_list_size) {
    out.damage.push_back(fmt::format(
        "$ATTRIBUTE_LIST at offset {}: {} bytes exceed limit max_attribute_list_size ({}); "
        "only the first {} bytes decoded",
        origin, content.size(), limits.max_attribute_list_size, limits.max_attribute_list_size));
    content = content.first(static_cast<size_t>(limits.max_attribute_list_size));
  }
  const ByteReader reader(content, origin);
  size_t pos = 0;
  while (pos < content.size()) {
    auto length = reader.u16(pos + L::kLength, "attribute list entry length");
    if (!length) {
      out.damage.push_back(length.error().message);
      break;
    }
    if (*length < L::kMinSize || !reader.contains(pos, *length)) {
      out.damage.push_back(fmt::format(
          "$ATTRIBUTE_LIST entry at offset {}: length {} is below {} or past the list end ({})",
          origin + pos, *length, L::kMinSize, origin + content.size()));
      break;
    }
    auto sub = reader.sub(pos, *length, "attribute list entry");
    if (!sub) {
      out.damage.push_back(sub.error().message);
      break;
    }
    auto entry = parse_entry(*sub);
    if (!entry) {
      out.damage.push_back(entry.error().message);
      break;
    }
    out.entries.push_back(std::move(*entry));
    pos += *length;
  }
  return out;
}

}  // namespace shellcarve::ntfs
