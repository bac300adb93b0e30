// index_entry.cpp: walking an index node and scanning its slack (see index_entry.h).
#include "ntfs/index/index_entry.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/filetime.h"
#include "ntfs/attributes/file_name.h"

namespace shellcarve::ntfs {
namespace {

using H = IndexNodeHeaderLayout;
using E = IndexEntryLayout;

const uint64_t kYear1990 = kFiletimeUnixEpoch + uint64_t(days_from_civil(1990, 1, 1)) * 86400 *
                                                    kFiletimeTicksPerSecond;
const uint64_t kYear2100 = kFiletimeUnixEpoch + uint64_t(days_from_civil(2100, 1, 1)) * 86400 *
                                                    kFiletimeTicksPerSecond;

bool plausible_time(uint64_t t) { return t >= kYear1990 && t < kYear2100; }

// The name's code units, rejecting what no NTFS name holds.
bool plausible_name(const ByteReader& key, size_t length) {
  if (length == 0) return false;
  for (size_t i = 0; i < length; ++i) {
    auto unit = key.u16(FileNameLayout::kName + 2 * i, "name code unit");
    if (!unit || *unit < 0x20 || *unit == '/') return false;
  }
  return true;
}

std::optional<FileNameAttribute> plausible_file_name(const ByteReader& block, size_t key_offset,
                                                     size_t end) {
  using F = FileNameLayout;
  auto key = block.sub(key_offset, end - key_offset, "slack $FILE_NAME key");
  if (!key || !key->contains(0, F::kName)) return std::nullopt;
  // Cheap checks first: this runs at every 8-byte offset of the slack.
  const FileReference parent = FileReference::from_raw(*key->u64(F::kParent, "parent"));
  if (parent.entry < 5 || parent.entry >= (uint64_t{1} << 32)) return std::nullopt;
  for (size_t i = 0; i < 4; ++i)
    if (!plausible_time(*key->u64(F::kTimes + 8 * i, "time"))) return std::nullopt;
  const uint8_t length = *key->u8(F::kNameLength, "name length");
  if (*key->u8(F::kNamespace, "namespace") > 3 || !plausible_name(*key, length))
    return std::nullopt;
  auto fn = parse_file_name(*key);
  if (!fn) return std::nullopt;
  return std::move(*fn);
}

}  // namespace

std::vector<IndexEntry> scan_index_slack(const ByteReader& block, size_t begin, size_t end) {
  std::vector<IndexEntry> found;
  end = std::min(end, block.size());
  size_t off = (begin + 7) / 8 * 8;
  while (off < end && end - off >= FileNameLayout::kName) {
    auto fn = plausible_file_name(block, off, end);
    if (!fn) {
      off += 8;
      continue;
    }
    IndexEntry entry;
    entry.from_slack = true;
    entry.image_offset = block.origin() + off - std::min(off, E::kHeaderSize);
    if (off >= E::kHeaderSize) {
      const size_t start = off - E::kHeaderSize;
      if (auto ref = block.u64(start + E::kFileReference, "slack entry file reference"))
        entry.file_reference = FileReference::from_raw(*ref);
      if (auto len = block.u16(start + E::kLength, "slack entry length")) entry.entry_length = *len;
      if (auto key = block.u16(start + E::kKeyLength, "slack entry key length")) entry.key_length = *key;
      if (auto flags = block.u32(start + E::kFlags, "slack entry flags")) entry.flags = *flags;
    }
    const size_t name_units = *block.u8(off + FileNameLayout::kNameLength, "name length");
    entry.file_name = std::move(fn);
    found.push_back(std::move(entry));
    off += (FileNameLayout::kName + name_units * 2 + 7) / 8 * 8;
  }
  return found;
}

IndexNode parse_index_node(const ByteReader& block, size_t header_offset, bool file_name_keys) {
  IndexNode node;
  const uint64_t at = block.origin() + header_offset;
  auto read_header = [&]() -> Status {
    SC_ASSIGN_OR_RETURN(node.entries_offset, block.u32(header_offset + H::kEntriesOffset, "index entries offset"));
    SC_ASSIGN_OR_RETURN(node.used_size, block.u32(header_offset + H::kUsedSize, "index used size"));
    SC_ASSIGN_OR_RETURN(node.allocated_size, block.u32(header_offset + H::kAllocatedSize, "index allocated size"));
    SC_ASSIGN_OR_RETURN(node.flags, block.u8(header_offset + H::kFlags, "index node flags"));
    return {};
  };
  if (auto status = read_header(); !status) {
    node.damage.push_back(status.error().message);
    return node;
  }
  const size_t room = block.size() - std::min(block.size(), header_offset);
  size_t used = node.used_size, allocated = node.allocated_size;
  if (allocated > room) {
    node.damage.push_back(fmt::format("index node at offset {}: allocated size {} exceeds the "
                                      "{} bytes available",
                                      at, allocated, room));
    allocated = room;
  }
  if (used > allocated) {
    node.damage.push_back(fmt::format("index node at offset {}: used size {} exceeds allocated "
                                      "size {}",
                                      at, used, allocated));
    used = allocated;
  }
  if (node.entries_offset < H::kSize || node.entries_offset > used) {
    node.damage.push_back(fmt::format("index node at offset {}: entries offset {} outside {}..{}",
                                      at, node.entries_offset, H::kSize, used));
    return node;
  }
  const size_t used_end = header_offset + used;
  size_t pos = header_offset + node.entries_offset;
  bool ended = false;
  while (pos < used_end) {
    IndexEntry entry;
    entry.image_offset = block.origin() + pos;
    auto header = [&]() -> Status {
      SC_ASSIGN_OR_RETURN(const uint64_t ref, block.u64(pos + E::kFileReference, "index entry file reference"));
      entry.file_reference = FileReference::from_raw(ref);
      SC_ASSIGN_OR_RETURN(entry.entry_length, block.u16(pos + E::kLength, "index entry length"));
      SC_ASSIGN_OR_RETURN(entry.key_length, block.u16(pos + E::kKeyLength, "index entry key length"));
      SC_ASSIGN_OR_RETURN(entry.flags, block.u32(pos + E::kFlags, "index entry flags"));
      return {};
    }();
    if (!header) {
      node.damage.push_back(header.error().message);
      break;
    }
    const size_t need = E::kHeaderSize + entry.key_length +
                        ((entry.flags & kIndexEntryHasSubnode) ? 8 : 0);
    if (entry.entry_length < E::kHeaderSize || entry.entry_length > used_end - pos ||
        need > entry.entry_length) {
      node.damage.push_back(fmt::format("index entry at offset {}: length {} (key {}) does not "
                                        "fit the {} used bytes left; walk stopped",
                                        entry.image_offset, entry.entry_length, entry.key_length,
                                        used_end - pos));
      break;
    }
    if (entry.flags & kIndexEntryHasSubnode) {
      if (auto vcn = block.u64(pos + entry.entry_length - 8, "index entry subnode VCN"))
        entry.subnode_vcn = *vcn;
    }
    if (file_name_keys && !entry.last() && entry.key_length > 0) {
      auto decode = [&]() -> Status {
        SC_ASSIGN_OR_RETURN(const ByteReader key, block.sub(pos + E::kKey, entry.key_length, "index entry key"));
        SC_ASSIGN_OR_RETURN(entry.file_name, parse_file_name(key));
        return {};
      };
      if (auto status = decode(); !status)
        node.damage.push_back(fmt::format("index entry at offset {}: {}", entry.image_offset,
                                          status.error().message));
    }
    const bool last = entry.last();
    node.entries.push_back(std::move(entry));
    pos += node.entries.back().entry_length;
    if (last) {
      ended = true;
      break;
    }
  }
  if (!ended)
    node.damage.push_back(fmt::format("index node at offset {}: no last entry before the used "
                                      "size ({})",
                                      at, used));
  if (file_name_keys)
    node.slack_entries = scan_index_slack(block, std::max(pos, used_end),
                                          header_offset + allocated);
  return node;
}

}  // namespace shellcarve::ntfs
