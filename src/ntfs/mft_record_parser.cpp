// mft_record_parser.cpp: one FILE record from bytes (see mft_record_parser.h). Fixups run
// on a private copy (or in place, when the caller's buffer is its own); the attribute walk
// is bounded by the used size and always advances.
#include "ntfs/mft_record_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "common/byte_reader.h"
#include "ntfs/attribute_header.h"
#include "ntfs/attributes/attribute_list.h"
#include "ntfs/attributes/file_name.h"
#include "ntfs/attributes/object_id.h"
#include "ntfs/attributes/standard_information.h"
#include "ntfs/attributes/volume_name.h"
#include "ntfs/fixup.h"

namespace shellcarve::ntfs {
namespace {

using L = MftRecordHeaderLayout;

constexpr std::array<std::byte, 4> kFileSignature{std::byte{'F'}, std::byte{'I'}, std::byte{'L'},
                                                  std::byte{'E'}};
constexpr std::array<std::byte, 4> kBaadSignature{std::byte{'B'}, std::byte{'A'}, std::byte{'A'},
                                                  std::byte{'D'}};

bool equal4(std::span<const std::byte> a, const std::array<std::byte, 4>& b) {
  return a.size() == 4 && std::equal(a.begin(), a.end(), b.begin());
}

Status read_header(const ByteReader& r, MftEntry& e) {
  SC_ASSIGN_OR_RETURN(e.lsn, r.u64(L::kLsn, "MFT record LSN"));
  SC_ASSIGN_OR_RETURN(e.sequence, r.u16(L::kSequence, "MFT record sequence"));
  SC_ASSIGN_OR_RETURN(e.link_count, r.u16(L::kLinkCount, "MFT record link count"));
  SC_ASSIGN_OR_RETURN(e.flags, r.u16(L::kFlags, "MFT record flags"));
  SC_ASSIGN_OR_RETURN(e.used_size, r.u32(L::kUsedSize, "MFT record used size"));
  SC_ASSIGN_OR_RETURN(e.allocated_size, r.u32(L::kAllocatedSize, "MFT record allocated size"));
  SC_ASSIGN_OR_RETURN(const uint64_t base, r.u64(L::kBaseRecord, "MFT record base reference"));
  e.base_record = FileReference::from_raw(base);
  return {};
}

// Typed decoding of a resident attribute's value into the entry's fields.
void decode_typed(const ByteReader& attr, const Attribute& a, MftEntry& e, const Limits& limits) {
  const char* type_name = attribute_type_name(a.type);
  const bool typed = a.type == AttributeType::kStandardInformation ||
                     a.type == AttributeType::kFileName || a.type == AttributeType::kAttributeList ||
                     a.type == AttributeType::kObjectId || a.type == AttributeType::kVolumeName;
  if (!typed) return;
  if (!a.resident) {
    // Only $ATTRIBUTE_LIST may be non-resident; the MFT reader fetches it via its runs.
    if (a.type != AttributeType::kAttributeList)
      e.damage.push_back(fmt::format("{} at offset {} is non-resident; it must be resident",
                                     type_name, a.image_offset));
    return;
  }
  auto value = resident_value(attr);
  if (!value) return;  // already recorded as the attribute's damage
  auto note = [&](const Error& error) {
    e.damage.push_back(fmt::format("{} at offset {}: {}", type_name, a.image_offset, error.message));
  };
  switch (a.type) {
    case AttributeType::kStandardInformation: {
      auto si = parse_standard_information(*value);
      if (!si) return note(si.error());
      if (!e.standard_information) e.standard_information = std::move(*si);
      return;
    }
    case AttributeType::kFileName: {
      auto fn = parse_file_name(*value);
      if (!fn) return note(fn.error());
      fn->attribute_id = a.id;
      fn->mft_entry = e.entry_number;
      e.file_names.push_back(std::move(*fn));
      return;
    }
    case AttributeType::kAttributeList: {
      AttributeListDecoding list = parse_attribute_list(value->data(), value->origin(), limits);
      for (auto& entry : list.entries) e.attribute_list.push_back(std::move(entry));
      for (auto& d : list.damage) e.damage.push_back(std::move(d));
      return;
    }
    case AttributeType::kObjectId: {
      auto id = parse_object_id(*value);
      if (!id) return note(id.error());
      e.object_id = std::move(*id);
      return;
    }
    case AttributeType::kVolumeName:
      e.volume_name = parse_volume_name(*value);
      return;
    default:
      return;
  }
}

void walk_attributes(const ByteReader& record, size_t first, size_t end, MftEntry& e,
                     const Limits& limits, AttributeContent content) {
  size_t pos = first;
  while (true) {
    if (pos + 4 > end) {
      e.damage.push_back(fmt::format("MFT record at offset {}: attributes reach the used size "
                                     "({}) without an end marker",
                                     e.image_offset, end));
      return;
    }
    auto type = record.u32(pos, "attribute type");
    if (!type) return e.damage.push_back(type.error().message);
    if (*type == static_cast<uint32_t>(AttributeType::kEnd)) return;
    auto length = record.u32(pos + 4, "attribute length");
    if (!length || *length < AttributeHeaderLayout::kCommonSize || *length > end - pos) {
      e.damage.push_back(fmt::format(
          "MFT record at offset {}: attribute {:#x} at offset {} has length {}, outside "
          "{}..{}; attribute walk stopped",
          e.image_offset, *type, record.origin() + pos, length ? *length : 0,
          AttributeHeaderLayout::kCommonSize, end - pos));
      return;
    }
    auto attr_reader = record.sub(pos, *length, "attribute");
    if (!attr_reader) return e.damage.push_back(attr_reader.error().message);
    auto attr = parse_attribute(*attr_reader, e.entry_number, limits, content);
    if (!attr) {
      e.damage.push_back(fmt::format("MFT record at offset {}: attribute {:#x} at offset {}: {}",
                                     e.image_offset, *type, attr_reader->origin(),
                                     attr.error().message));
    } else {
      if (!attr->damage.empty())
        e.damage.push_back(fmt::format("{}: {}", attribute_type_name(attr->type), attr->damage));
      decode_typed(*attr_reader, *attr, e, limits);
      e.attributes.push_back(std::move(*attr));
    }
    pos += *length;
  }
}

}  // namespace

namespace {

// What every record must show before anything else is read: a size within the limit, the
// FILE or BAAD signature, and room for the header.
Status check_record_start(std::span<const std::byte> record, uint64_t image_offset,
                          const Limits& limits) {
  if (record.size() > limits.max_mft_record_size)
    return fail(ErrorCode::kLimit,
                fmt::format("MFT record at offset {}: {} bytes exceed limit max_mft_record_size "
                            "({})",
                            image_offset, record.size(), limits.max_mft_record_size));
  const ByteReader raw(record, image_offset);
  SC_ASSIGN_OR_RETURN(const auto signature, raw.bytes(L::kSignature, 4, "MFT record signature"));
  if (!equal4(signature, kBaadSignature) && !equal4(signature, kFileSignature))
    return fail(ErrorCode::kFormat,
                fmt::format("MFT record at offset {}: signature is not FILE or BAAD", image_offset));
  if (record.size() < L::kMinSize)
    return fail(ErrorCode::kTruncated,
                fmt::format("MFT record at offset {}: {} bytes, the header needs {}",
                            image_offset, record.size(), L::kMinSize));
  return {};
}

Status parse_checked_record(std::span<std::byte> record, uint64_t image_offset,
                            uint64_t entry_number, const Limits& limits, AttributeContent content,
                            MftEntry& e);

}  // namespace

Result<MftEntry> parse_mft_record(std::span<const std::byte> record, uint64_t image_offset,
                                  uint64_t entry_number, const Limits& limits,
                                  AttributeContent content) {
  SC_RETURN_IF_ERROR(check_record_start(record, image_offset, limits));
  // Fixups are applied to a copy (the caller's bytes may be a view of evidence); the buffer
  // is kept per thread, since nothing parsed refers back to it.
  thread_local std::vector<std::byte> copy;
  copy.assign(record.begin(), record.end());
  MftEntry entry;
  SC_RETURN_IF_ERROR(parse_checked_record(copy, image_offset, entry_number, limits, content, entry));
  return entry;
}

Result<MftEntry> parse_mft_record_in_place(std::span<std::byte> record, uint64_t image_offset,
                                           uint64_t entry_number, const Limits& limits,
                                           AttributeContent content) {
  MftEntry entry;
  SC_RETURN_IF_ERROR(parse_mft_record_into(record, image_offset, entry_number, limits, content, entry));
  return entry;
}

Status parse_mft_record_into(std::span<std::byte> record, uint64_t image_offset,
                             uint64_t entry_number, const Limits& limits,
                             AttributeContent content, MftEntry& entry) {
  SC_RETURN_IF_ERROR(check_record_start(record, image_offset, limits));
  return parse_checked_record(record, image_offset, entry_number, limits, content, entry);
}

namespace {

// The record after check_record_start passed: fixups applied in place, header, attributes.
Status parse_checked_record(std::span<std::byte> record, uint64_t image_offset,
                            uint64_t entry_number, const Limits& limits, AttributeContent content,
                            MftEntry& e) {
  std::vector<Attribute> attributes = std::move(e.attributes);
  attributes.clear();
  e = MftEntry{};
  e.attributes = std::move(attributes);
  e.entry_number = entry_number;
  e.image_offset = image_offset;
  e.baad = equal4(std::span<const std::byte>(record).first(4), kBaadSignature);
  auto fixups = apply_fixups(record, image_offset, "MFT record");
  if (fixups) {
    e.fixup_valid = fixups->valid;
    for (auto& d : fixups->damage) e.damage.push_back(std::move(d));
  } else if (e.baad) {
    // chkdsk's BAAD records are often zeroed past the signature (xw_MFT entries 500, 565):
    // still an entry, flagged, rather than an error.
    e.fixup_valid = false;
    e.damage.push_back(fixups.error().message);
  } else {
    return std::unexpected(fixups.error());
  }
  if (e.baad) e.damage.push_back(fmt::format("MFT record at offset {}: signature BAAD (marked "
                                             "bad by chkdsk)", image_offset));

  const ByteReader r(record, image_offset);
  SC_RETURN_IF_ERROR(read_header(r, e));
  SC_ASSIGN_OR_RETURN(const uint16_t usa_offset, r.u16(L::kUsaOffset, "update sequence offset"));
  if (usa_offset >= L::kV31HeaderSize) {
    SC_ASSIGN_OR_RETURN(e.header_entry_number, r.u32(L::kEntryNumber, "MFT record entry number"));
  }
  SC_ASSIGN_OR_RETURN(const uint16_t first, r.u16(L::kFirstAttribute, "first attribute offset"));

  size_t end = e.used_size;
  if (end > record.size()) {
    e.damage.push_back(fmt::format("MFT record at offset {}: used size {} exceeds the record "
                                   "size {}; walking to the record end",
                                   image_offset, e.used_size, record.size()));
    end = record.size();
  }
  if (first < L::kMinSize || first >= end) {
    e.damage.push_back(fmt::format("MFT record at offset {}: first attribute offset {} outside "
                                   "{}..{}; no attributes read",
                                   image_offset, first, L::kMinSize, end));
    return {};
  }
  e.attributes.reserve(8);
  walk_attributes(r, first, end, e, limits, content);
  return {};
}

}  // namespace

}  // namespace shellcarve::ntfs
