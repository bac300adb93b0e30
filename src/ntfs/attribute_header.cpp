// attribute_header.cpp: one attribute record to an Attribute (see attribute_header.h).
#include "ntfs/attribute_header.h"

#include <fmt/format.h>

#include "common/utf16.h"
#include "ntfs/data_run.h"

namespace shellcarve::ntfs {
namespace {

using L = AttributeHeaderLayout;

void add_damage(Attribute& a, const std::string& message) {
  if (!a.damage.empty()) a.damage += "; ";
  a.damage += message;
}

Status parse_resident(const ByteReader& attr, Attribute& a, AttributeContent content) {
  auto value = resident_value(attr);
  if (!value) {
    if (value.error().code != ErrorCode::kTruncated || !attr.contains(0, L::kResidentSize))
      return std::unexpected(value.error());
    add_damage(a, value.error().message);
    return {};
  }
  if (content == AttributeContent::kSizesOnly) {
    a.content_kept = false;
    a.data_size = value->size();
  } else {
    a.resident_data.assign(value->data().begin(), value->data().end());
  }
  return {};
}

Status parse_non_resident(const ByteReader& attr, Attribute& a, const Limits& limits) {
  SC_ASSIGN_OR_RETURN(a.lowest_vcn, attr.u64(L::kLowestVcn, "lowest VCN"));
  SC_ASSIGN_OR_RETURN(a.highest_vcn, attr.u64(L::kHighestVcn, "highest VCN"));
  SC_ASSIGN_OR_RETURN(const uint16_t pairs_offset, attr.u16(L::kMappingPairsOffset, "mapping pairs offset"));
  SC_ASSIGN_OR_RETURN(a.compression_unit, attr.u16(L::kCompressionUnit, "compression unit"));
  SC_ASSIGN_OR_RETURN(a.allocated_size, attr.u64(L::kAllocatedSize, "allocated size"));
  SC_ASSIGN_OR_RETURN(a.data_size, attr.u64(L::kDataSize, "data size"));
  SC_ASSIGN_OR_RETURN(a.initialized_size, attr.u64(L::kInitializedSize, "initialized size"));
  if (pairs_offset < L::kNonResidentSize || pairs_offset > attr.size()) {
    add_damage(a, fmt::format("attribute at offset {}: mapping pairs offset {} outside 64..{}",
                              attr.origin(), pairs_offset, attr.size()));
    return {};
  }
  SC_ASSIGN_OR_RETURN(const auto pairs,
                      attr.bytes(pairs_offset, attr.size() - pairs_offset, "mapping pairs"));
  DataRunDecoding decoded = decode_data_runs(pairs, attr.origin() + pairs_offset,
                                             a.lowest_vcn, limits);
  a.runs = std::move(decoded.runs);
  if (!decoded.damage.empty()) add_damage(a, decoded.damage);
  return {};
}

}  // namespace

Result<ByteReader> resident_value(const ByteReader& attr) {
  SC_ASSIGN_OR_RETURN(const uint32_t value_length, attr.u32(L::kValueLength, "resident value length"));
  SC_ASSIGN_OR_RETURN(const uint16_t value_offset, attr.u16(L::kValueOffset, "resident value offset"));
  return attr.sub(value_offset, value_length, "resident attribute value");
}

Result<Attribute> parse_attribute(const ByteReader& attr, uint64_t mft_entry,
                                  const Limits& limits, AttributeContent content) {
  Attribute a;
  a.mft_entry = mft_entry;
  a.image_offset = attr.origin();
  SC_ASSIGN_OR_RETURN(const uint32_t type, attr.u32(L::kType, "attribute type"));
  a.type = static_cast<AttributeType>(type);
  SC_ASSIGN_OR_RETURN(const uint8_t non_resident, attr.u8(L::kNonResident, "non-resident flag"));
  SC_ASSIGN_OR_RETURN(const uint8_t name_length, attr.u8(L::kNameLength, "attribute name length"));
  SC_ASSIGN_OR_RETURN(const uint16_t name_offset, attr.u16(L::kNameOffset, "attribute name offset"));
  SC_ASSIGN_OR_RETURN(a.flags, attr.u16(L::kFlags, "attribute flags"));
  SC_ASSIGN_OR_RETURN(a.id, attr.u16(L::kId, "attribute id"));
  a.resident = non_resident == 0;
  if (name_length > 0) {
    auto name = attr.bytes(name_offset, size_t{name_length} * 2, "attribute name");
    if (name) {
      a.name = utf16le_to_utf8(*name).utf8;
    } else {
      add_damage(a, name.error().message);
    }
  }
  if (a.resident) {
    SC_RETURN_IF_ERROR(parse_resident(attr, a, content));
  } else {
    SC_RETURN_IF_ERROR(parse_non_resident(attr, a, limits));
  }
  return a;
}

}  // namespace shellcarve::ntfs
