// index_slack.cpp: a directory's $I30 slack and unused INDX records (see index_slack.h).
#include "ntfs/index/index_slack.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "ntfs/attribute_header.h"
#include "ntfs/directory_tree.h"
#include "ntfs/index/index_record.h"
#include "ntfs/index/index_root.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::ntfs {
namespace {

// INDX records are 512 bytes to 64 KiB (a power of two; 4 KiB on every Windows volume).
constexpr uint32_t kMinIndexRecordSize = 512;
constexpr uint32_t kMaxIndexRecordSize = 64 * 1024;

const Attribute* i30_attribute(const MftEntry& file, AttributeType type) {
  for (const Attribute& attribute : file.attributes)
    if (attribute.type == type && attribute.name == "$I30" && attribute.lowest_vcn == 0)
      return &attribute;
  return nullptr;
}

void take(std::vector<RecoveredIndexEntry>& out, const std::vector<IndexEntry>& entries,
          uint64_t directory, std::optional<uint64_t> vcn, bool unused_node) {
  for (const IndexEntry& entry : entries) {
    if (!entry.file_name || entry.file_name->name_space == FileNameNamespace::kDos) continue;
    RecoveredIndexEntry recovered{entry, directory, vcn, unused_node};
    recovered.entry.from_slack = true;
    out.push_back(std::move(recovered));
  }
}

// Where a resident attribute's value starts in the image: its header says (value offset).
uint64_t resident_value_offset(const NtfsVolume& volume, const Attribute& attribute) {
  std::array<std::byte, 2> field{};
  if (!volume.read_bytes(attribute.image_offset + AttributeHeaderLayout::kValueOffset, field))
    return attribute.image_offset;
  return attribute.image_offset + load_le(field);
}

// Without a readable $BITMAP every record counts as in use: only true slack is recovered.
bool in_use(const std::optional<std::vector<std::byte>>& bitmap, uint64_t index) {
  if (!bitmap) return true;
  if (index / 8 >= bitmap->size()) return false;
  return (std::to_integer<unsigned>((*bitmap)[index / 8]) >> (index % 8)) & 1;
}

using NameAndTimes = std::tuple<std::string, uint64_t, uint64_t, uint64_t, uint64_t>;
NameAndTimes name_and_times(const FileNameAttribute& name) {
  return {name.name, name.times.creation, name.times.modification, name.times.mft_modification,
          name.times.access};
}

// The $INDEX_ALLOCATION of one directory, cut into INDX records.
class AllocationWalk {
 public:
  AllocationWalk(const NtfsVolume& volume, uint64_t directory, uint32_t record_size,
                 std::optional<std::vector<std::byte>> bitmap, DirectoryIndexSlack& out,
                 std::vector<IndexEntry>& live, std::vector<RecoveredIndexEntry>& recovered)
      : volume_(volume), directory_(directory), record_size_(record_size), bitmap_(std::move(bitmap)),
        out_(out), live_(live), recovered_(recovered) {}

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
    auto record = parse_index_record(record_, origin);
    if (!record) {
      if (record.error().code != ErrorCode::kFormat)  // kFormat: a never-used, zeroed record
        out_.warnings.push_back(fmt::format("directory entry {}: INDX record {} at offset {}: {}",
                                            directory_, record_index_, origin,
                                            record.error().message));
      return;
    }
    ++out_.index_records;
    const bool used = in_use(bitmap_, record_index_);
    if (used) {
      live_.insert(live_.end(), std::make_move_iterator(record->node.entries.begin()),
                   std::make_move_iterator(record->node.entries.end()));
    } else {
      take(recovered_, record->node.entries, directory_, record->vcn, true);
    }
    take(recovered_, record->node.slack_entries, directory_, record->vcn, !used);
  }

  const NtfsVolume& volume_;
  uint64_t directory_;
  size_t record_size_;
  std::optional<std::vector<std::byte>> bitmap_;
  DirectoryIndexSlack& out_;
  std::vector<IndexEntry>& live_;
  std::vector<RecoveredIndexEntry>& recovered_;
  std::vector<std::byte> record_;
  std::optional<uint64_t> record_origin_;
  uint64_t record_index_ = 0;
};

bool plausible_record_size(uint32_t size) {
  return size >= kMinIndexRecordSize && size <= kMaxIndexRecordSize && (size & (size - 1)) == 0;
}

}  // namespace

uint32_t volume_index_record_size(const NtfsVolume& volume) {
  constexpr uint32_t kUsual = 4096;
  auto root = volume.read_record(kRootEntry);
  if (!root) return kUsual;
  const Attribute* attribute = i30_attribute(*root, AttributeType::kIndexRoot);
  if (!attribute || !attribute->resident) return kUsual;
  auto parsed = parse_index_root(ByteReader(attribute->resident_data));
  return parsed && plausible_record_size(parsed->index_record_size) ? parsed->index_record_size : kUsual;
}

std::pair<uint64_t, uint64_t> drop_known_index_entries(std::vector<RecoveredIndexEntry>& recovered,
                                                       const std::vector<IndexEntry>& live) {
  // Most directories' slack holds nothing plausible: then there is nothing to compare.
  if (recovered.empty()) return {0, 0};
  std::set<NameAndTimes> live_keys;
  for (const IndexEntry& entry : live)
    if (entry.file_name) live_keys.insert(name_and_times(*entry.file_name));
  std::stable_sort(recovered.begin(), recovered.end(), [](const auto& a, const auto& b) {
    return a.entry.image_offset < b.entry.image_offset;
  });
  std::set<std::pair<NameAndTimes, uint64_t>> seen;
  uint64_t dropped_live = 0, dropped_repeats = 0;
  std::erase_if(recovered, [&](const RecoveredIndexEntry& r) {
    const NameAndTimes key = name_and_times(*r.entry.file_name);
    if (live_keys.contains(key)) return ++dropped_live, true;
    const uint64_t reference = (uint64_t{r.entry.file_reference.sequence} << 48) | r.entry.file_reference.entry;
    if (!seen.insert({key, reference}).second) return ++dropped_repeats, true;
    return false;
  });
  return {dropped_live, dropped_repeats};
}

DirectoryIndexSlack read_directory_index_slack(const NtfsVolume& volume,
                                               uint64_t directory_entry) {
  DirectoryIndexSlack out;
  auto file = volume.read_file(directory_entry);
  if (!file) {
    out.warnings.push_back(fmt::format("directory entry {}: {}", directory_entry, file.error().message));
    return out;
  }
  std::vector<IndexEntry> live;
  std::vector<RecoveredIndexEntry> recovered;
  uint32_t record_size = 0;
  if (const Attribute* root = i30_attribute(*file, AttributeType::kIndexRoot); root && root->resident) {
    auto parsed = parse_index_root(ByteReader(root->resident_data, resident_value_offset(volume, *root)));
    if (parsed) {
      record_size = parsed->index_record_size;
      live = parsed->node.entries;
      take(recovered, parsed->node.slack_entries, directory_entry, std::nullopt, false);
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
  if (allocation) {
    std::optional<std::vector<std::byte>> bitmap;
    if (const Attribute* bits = i30_attribute(*file, AttributeType::kBitmap)) {
      auto read = read_stream_bytes(volume, *bits, volume.limits().max_in_memory_stream);
      if (read) bitmap = std::move(*read);
      else out.warnings.push_back(fmt::format("directory entry {}: $I30 $BITMAP: {} (every INDX "
                                              "record taken as in use)",
                                              directory_entry, read.error().message));
    }
    AllocationWalk walk(volume, directory_entry, record_size, std::move(bitmap), out, live, recovered);
    if (auto status = walk.run(*allocation); !status)
      out.warnings.push_back(fmt::format("directory entry {}: $INDEX_ALLOCATION: {}", directory_entry,
                                         status.error().message));
  }
  std::tie(out.dropped_live, out.dropped_repeats) = drop_known_index_entries(recovered, live);
  out.entries = std::move(recovered);
  return out;
}

}  // namespace shellcarve::ntfs
