// directory_index.cpp: reading a directory's $I30 from the volume (see directory_index.h).
#include "ntfs/index/directory_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "ntfs/attribute_header.h"
#include "ntfs/index/index_record.h"
#include "ntfs/index/index_root.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::ntfs {
namespace {

inline constexpr uint64_t kRootDirectoryEntry = 5;
// INDX records are 512 bytes to 64 KiB (a power of two; 4 KiB on every Windows volume).
constexpr uint32_t kMinIndexRecordSize = 512;
constexpr uint32_t kMaxIndexRecordSize = 64 * 1024;

const Attribute* i30_attribute(const MftEntry& file, AttributeType type) {
  for (const Attribute& attribute : file.attributes)
    if (attribute.type == type && attribute.name == "$I30" && attribute.lowest_vcn == 0)
      return &attribute;
  return nullptr;
}

void take_removed(std::vector<RemovedIndexEntry>& out, const std::vector<IndexEntry>& entries,
                  std::optional<uint64_t> vcn, bool unused_node) {
  for (const IndexEntry& entry : entries) {
    if (!entry.file_name || entry.file_name->name_space == FileNameNamespace::kDos) continue;
    RemovedIndexEntry removed{entry, vcn, unused_node};
    removed.entry.from_slack = true;
    out.push_back(std::move(removed));
  }
}

// Where a resident attribute's value starts in the image: its header says (value offset).
uint64_t resident_value_offset(const NtfsVolume& volume, const Attribute& attribute) {
  std::array<std::byte, 2> field{};
  if (!volume.read_bytes(attribute.image_offset + AttributeHeaderLayout::kValueOffset, field))
    return attribute.image_offset;
  return attribute.image_offset + load_le(field);
}

// Without a readable $BITMAP every record counts as in use: only true slack is removed.
bool in_use(const std::optional<std::vector<std::byte>>& bitmap, uint64_t index) {
  if (!bitmap) return true;
  if (index / 8 >= bitmap->size()) return false;
  return (std::to_integer<unsigned>((*bitmap)[index / 8]) >> (index % 8)) & 1;
}

bool plausible_record_size(uint32_t size) {
  return size >= kMinIndexRecordSize && size <= kMaxIndexRecordSize && (size & (size - 1)) == 0;
}

// The $INDEX_ALLOCATION of one directory, cut into INDX records.
class AllocationWalk {
 public:
  AllocationWalk(const NtfsVolume& volume, uint64_t directory, uint32_t record_size,
                 std::optional<std::vector<std::byte>> bitmap, IndexEntries which, DirectoryIndex& out)
      : volume_(volume), directory_(directory), record_size_(record_size), bitmap_(std::move(bitmap)),
        which_(which), out_(out) {}

  Status run(const Attribute& allocation) {
    record_.reserve(record_size_);
    return read_stream(volume_, allocation, [&](const StreamPiece& piece) {
      size_t pos = 0;
      while (pos < piece.bytes.size()) {
        if (record_.empty())
          record_origin_ = piece.image_offset ? std::optional(*piece.image_offset + pos) : std::nullopt;
        const size_t take = std::min(piece.bytes.size() - pos, record_size_ - record_.size());
        record_.insert(record_.end(), piece.bytes.begin() + static_cast<ptrdiff_t>(pos),
                       piece.bytes.begin() + static_cast<ptrdiff_t>(pos + take));
        pos += take;
        if (record_.size() == record_size_) {
          // A record that is not on disk (sparse, past the initialized size) holds nothing.
          if (record_origin_) parse_record(*record_origin_);
          record_.clear();
          ++record_index_;
        }
      }
      return true;
    });
  }

 private:
  // A record spanning two runs is parsed as one; offsets of entries in its second part are
  // then counted from the first run (only when clusters are smaller than index records).
  void parse_record(uint64_t origin) {
    const bool used = in_use(bitmap_, record_index_);
    // An INDX record the $BITMAP marks free lists no live name: only slack readers want it.
    if (!used && which_ == IndexEntries::kLiveOnly) return;
    auto record = parse_index_record(record_, origin);
    if (!record) {
      if (record.error().code != ErrorCode::kFormat)  // kFormat: a never-used, zeroed record
        out_.warnings.push_back(fmt::format("directory entry {}: INDX record {} at offset {}: {}",
                                            directory_, record_index_, origin,
                                            record.error().message));
      return;
    }
    ++out_.index_records;
    if (used) {
      out_.live.insert(out_.live.end(), std::make_move_iterator(record->node.entries.begin()),
                       std::make_move_iterator(record->node.entries.end()));
    } else {
      take_removed(out_.removed, record->node.entries, record->vcn, true);
    }
    if (which_ == IndexEntries::kLiveAndRemoved)
      take_removed(out_.removed, record->node.slack_entries, record->vcn, !used);
  }

  const NtfsVolume& volume_;
  uint64_t directory_;
  size_t record_size_;
  std::optional<std::vector<std::byte>> bitmap_;
  IndexEntries which_;
  DirectoryIndex& out_;
  std::vector<std::byte> record_;
  std::optional<uint64_t> record_origin_;
  uint64_t record_index_ = 0;
};

}  // namespace

uint32_t volume_index_record_size(const NtfsVolume& volume) {
  constexpr uint32_t kUsual = 4096;
  auto root = volume.read_record(kRootDirectoryEntry);
  if (!root) return kUsual;
  const Attribute* attribute = i30_attribute(*root, AttributeType::kIndexRoot);
  if (!attribute || !attribute->resident) return kUsual;
  auto parsed = parse_index_root(ByteReader(attribute->resident_data));
  return parsed && plausible_record_size(parsed->index_record_size) ? parsed->index_record_size : kUsual;
}

DirectoryIndex read_directory_index(const NtfsVolume& volume, uint64_t directory_entry, IndexEntries which) {
  DirectoryIndex out;
  auto file = volume.read_file(directory_entry);
  if (!file) {
    out.warnings.push_back(fmt::format("directory entry {}: {}", directory_entry, file.error().message));
    return out;
  }
  uint32_t record_size = 0;
  if (const Attribute* root = i30_attribute(*file, AttributeType::kIndexRoot); root && root->resident) {
    auto parsed = parse_index_root(ByteReader(root->resident_data, resident_value_offset(volume, *root)));
    if (parsed) {
      record_size = parsed->index_record_size;
      out.live = std::move(parsed->node.entries);
      if (which == IndexEntries::kLiveAndRemoved) take_removed(out.removed, parsed->node.slack_entries, std::nullopt, false);
    } else {
      out.warnings.push_back(fmt::format("directory entry {}: $INDEX_ROOT: {}", directory_entry,
                                         parsed.error().message));
    }
  }
  const Attribute* allocation = i30_attribute(*file, AttributeType::kIndexAllocation);
  if (allocation && !plausible_record_size(record_size)) {
    out.warnings.push_back(fmt::format("directory entry {}: index record size {} is not a power of "
                                       "two in {}..{}; $INDEX_ALLOCATION not read",
                                       directory_entry, record_size, kMinIndexRecordSize,
                                       kMaxIndexRecordSize));
    allocation = nullptr;
  }
  // An allocation larger than the volume cannot be real (a crafted sparse run could
  // otherwise make the walk read zeros for days).
  if (allocation && allocation->data_size > volume.cluster_count() * volume.cluster_size()) {
    out.warnings.push_back(fmt::format("directory entry {}: $INDEX_ALLOCATION of {} bytes is larger "
                                       "than the volume; not read",
                                       directory_entry, allocation->data_size));
    allocation = nullptr;
  }
  if (!allocation) return out;
  std::optional<std::vector<std::byte>> bitmap;
  if (const Attribute* bits = i30_attribute(*file, AttributeType::kBitmap)) {
    auto read = read_stream_bytes(volume, *bits, volume.limits().max_in_memory_stream);
    if (read) bitmap = std::move(*read);
    else out.warnings.push_back(fmt::format("directory entry {}: $I30 $BITMAP: {} (every INDX "
                                            "record taken as in use)",
                                            directory_entry, read.error().message));
  }
  AllocationWalk walk(volume, directory_entry, record_size, std::move(bitmap), which, out);
  if (auto status = walk.run(*allocation); !status)
    out.warnings.push_back(fmt::format("directory entry {}: $INDEX_ALLOCATION: {}", directory_entry,
                                       status.error().message));
  return out;
}

}  // namespace shellcarve::ntfs
