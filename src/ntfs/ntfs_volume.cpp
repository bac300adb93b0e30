#include "ntfs/ntfs_volume.h"

#include <fmt/format.h>

#include <algorithm>

#include "ntfs/attribute_list.h"
#include "ntfs/attributes/attribute_list.h"
#include "ntfs/mft_record_parser.h"
#include "ntfs/stream_reader.h"

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kMftEntry = 0;
constexpr size_t kBootSectorSize = 512;

const Attribute* find_unnamed_data(const MftEntry& entry) {
  for (const auto& attribute : entry.attributes)
    if (attribute.type == AttributeType::kData && attribute.name.empty()) return &attribute;
  return nullptr;
}

}  // namespace

Result<NtfsVolume> NtfsVolume::open(Image& image, uint64_t volume_offset, const Limits& limits) {
  NtfsVolume volume;
  volume.image_ = &image;
  volume.limits_ = &limits;
  volume.volume_offset_ = volume_offset;

  std::vector<std::byte> sector(kBootSectorSize);
  if (volume_offset > image.size() || image.size() - volume_offset < kBootSectorSize)
    return fail(ErrorCode::kTruncated,
                fmt::format("no NTFS boot sector at byte {}: the image ends at {}",
                            volume_offset, image.size()));
  SC_RETURN_IF_ERROR(image.read(volume_offset, sector));
  auto boot = parse_boot_sector(sector);
  if (!boot) {
    // The backup boot sector is the last sector of the volume; without a readable primary
    // we do not know the volume size, so try the last sector of the image region.
    const Error primary = boot.error();
    const uint64_t last = image.size() - kBootSectorSize;
    if (last > volume_offset && image.read(last, sector)) {
      auto backup = parse_boot_sector(sector);
      if (backup) {
        boot = backup;
        volume.used_backup_boot_sector_ = true;
        volume.warnings_.push_back(fmt::format(
            "boot sector at byte {} unusable ({}); using the backup at byte {}", volume_offset,
            primary.message, last));
      }
    }
    if (!boot) return std::unexpected(primary);
  }
  volume.boot_ = *boot;
  if (volume.boot_.mft_record_size > limits.max_mft_record_size)
    return fail(ErrorCode::kLimit, fmt::format("MFT record size {} exceeds the limit of {}",
                                               volume.boot_.mft_record_size,
                                               limits.max_mft_record_size));
  const uint64_t end = volume_offset + volume.boot_.volume_size();
  if (end > image.size())
    volume.warnings_.push_back(fmt::format(
        "the NTFS volume at byte {} claims {} bytes but the image ends at byte {}: the image "
        "is truncated, the rest of the volume cannot be read",
        volume_offset, volume.boot_.volume_size(), image.size()));
  SC_RETURN_IF_ERROR(volume.locate_mft());
  return volume;
}

Status NtfsVolume::locate_mft() {
  // Records 0..3 of $MFT are contiguous at the $MFT cluster on every NTFS volume; this first
  // stretch lets us read record 0 and, through it, the runs of the whole $MFT.
  const uint64_t first = cluster_offset(boot_.mft_lcn);
  const uint64_t bootstrap_clusters = (uint64_t{4} * record_size() + cluster_size() - 1) / cluster_size();
  mft_runs_ = {DataRun{0, bootstrap_clusters, boot_.mft_lcn}};
  record_count_ = 4;
  SC_ASSIGN_OR_RETURN(MftEntry mft, read_record(kMftEntry));
  if (!mft.in_use()) warnings_.push_back("MFT entry 0 ($MFT) is not marked in use");
  const Attribute* data = find_unnamed_data(mft);
  if (!data || data->resident)
    return fail(ErrorCode::kCorrupt,
                fmt::format("MFT entry 0 at byte {} has no non-resident $DATA: cannot locate "
                            "$MFT", first));
  auto adopt = [&](const Attribute& attribute) {
    mft_runs_ = attribute.runs;
    // An $MFT cannot be larger than its volume: crafted runs claiming 2^31 clusters made
    // the catalog allocate billions of entries (std::bad_alloc ended the whole run).
    const uint64_t volume_clusters = boot_.volume_size() / cluster_size();
    uint64_t mapped_clusters = 0;
    for (const DataRun& run : mft_runs_) {
      const uint64_t end = run.length > UINT64_MAX - run.vcn ? UINT64_MAX : run.vcn + run.length;
      mapped_clusters = std::max(mapped_clusters, end);
    }
    if (mapped_clusters > volume_clusters) {
      warnings_.push_back(fmt::format(
          "$MFT (MFT entry 0 at byte {}): its data runs map {} clusters, more than the volume's "
          "{}; only the first {} are read",
          first, mapped_clusters, volume_clusters, volume_clusters));
      mapped_clusters = volume_clusters;
    }
    record_count_ = std::min(mapped_clusters * cluster_size(), attribute.data_size) / record_size();
  };
  adopt(*data);
  // A heavily fragmented $MFT keeps the rest of its runs in extension records named by its
  // $ATTRIBUTE_LIST; those records lie in the part the first runs already map.
  if (!mft.attribute_list.empty() ||
      std::any_of(mft.attributes.begin(), mft.attributes.end(),
                  [](const Attribute& a) { return a.type == AttributeType::kAttributeList; })) {
    MftEntry merged = mft;
    merge_attribute_list(merged);
    for (const auto& problem : merged.damage) warnings_.push_back("$MFT: " + problem);
    if (const Attribute* full = find_unnamed_data(merged); full && !full->resident) adopt(*full);
  }
  for (const auto& problem : mft.damage) warnings_.push_back("$MFT record: " + problem);
  if (!data->damage.empty()) warnings_.push_back("$MFT $DATA runs: " + data->damage);
  return {};
}

Status NtfsVolume::read_mft(uint64_t offset, std::span<std::byte> out) const {
  size_t done = 0;
  while (done < out.size()) {
    const uint64_t position = offset + done;
    const uint64_t vcn = position / cluster_size();
    const auto run = std::find_if(mft_runs_.begin(), mft_runs_.end(), [&](const DataRun& r) {
      return vcn >= r.vcn && vcn - r.vcn < r.length;
    });
    if (run == mft_runs_.end() || !run->lcn)
      return fail(ErrorCode::kNotFound,
                  fmt::format("$MFT byte {} is not mapped by its data runs", position));
    // Counted in clusters first: a crafted run length times the cluster size can wrap
    // around 2^64 (and a wrap to exactly `within` would make this loop take 0 bytes forever).
    const uint64_t clusters_in = vcn - run->vcn;            // < run->length
    const uint64_t clusters_left = run->length - clusters_in;
    const uint64_t within = clusters_in * cluster_size() + position % cluster_size();  // <= position
    const uint64_t wanted = out.size() - done;
    const uint64_t available = clusters_left > wanted / cluster_size() + 1
                                   ? wanted
                                   : clusters_left * cluster_size() - position % cluster_size();
    const auto take = static_cast<size_t>(std::min<uint64_t>(available, out.size() - done));
    SC_RETURN_IF_ERROR(image_->read(cluster_offset(*run->lcn) + within, out.subspan(done, take)));
    done += take;
  }
  return {};
}

Result<uint64_t> NtfsVolume::record_offset(uint64_t entry) const {
  const uint64_t position = entry * record_size();
  const uint64_t vcn = position / cluster_size();
  if (entry < record_count_)
    for (const DataRun& run : mft_runs_)
      if (run.lcn && vcn >= run.vcn && vcn - run.vcn < run.length)
        return cluster_offset(*run.lcn) + (position - run.vcn * cluster_size());
  return fail(ErrorCode::kNotFound,
              fmt::format("MFT entry {} is not mapped by $MFT ({} records)", entry, record_count_));
}

Result<MftEntry> NtfsVolume::read_record(uint64_t entry) const {
  SC_ASSIGN_OR_RETURN(const uint64_t offset, record_offset(entry));
  std::vector<std::byte> bytes(record_size());
  SC_RETURN_IF_ERROR(read_mft(entry * record_size(), bytes));
  return parse_mft_record(bytes, offset, entry, *limits_);
}

Result<MftEntry> NtfsVolume::read_file(uint64_t entry) const {
  SC_ASSIGN_OR_RETURN(MftEntry file, read_record(entry));
  const bool has_list = std::any_of(file.attributes.begin(), file.attributes.end(), [](const Attribute& a) {
    return a.type == AttributeType::kAttributeList;
  });
  if (file.is_base() && has_list) merge_attribute_list(file);
  return file;
}

void NtfsVolume::merge_attribute_list(MftEntry& base) const {
  std::vector<AttributeListEntry> list = base.attribute_list;
  if (list.empty()) {
    // A non-resident $ATTRIBUTE_LIST: its content is read through its runs.
    for (const auto& attribute : base.attributes) {
      if (attribute.type != AttributeType::kAttributeList || attribute.resident) continue;
      auto content = read_stream_bytes(*this, attribute, limits_->max_attribute_list_size);
      if (!content) {
        base.damage.push_back("$ATTRIBUTE_LIST: " + content.error().message);
        return;
      }
      auto decoded = parse_attribute_list(*content, attribute.image_offset, *limits_);
      for (auto& problem : decoded.damage) base.damage.push_back("$ATTRIBUTE_LIST: " + problem);
      list = std::move(decoded.entries);
    }
  }
  std::vector<uint64_t> wanted;
  for (const auto& item : list)
    if (item.record.entry != base.entry_number) wanted.push_back(item.record.entry);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.size() > limits_->max_extension_records) {
    base.damage.push_back(fmt::format("$ATTRIBUTE_LIST names {} extension records; only the "
                                      "first {} are read (limit max_extension_records)",
                                      wanted.size(), limits_->max_extension_records));
    wanted.resize(limits_->max_extension_records);
  }
  for (const uint64_t number : wanted) {
    auto extension = read_record(number);
    if (!extension) {
      base.damage.push_back(fmt::format("extension record {}: {}", number,
                                        extension.error().message));
      continue;
    }
    merge_extension_record(base, *extension);
  }
  number_moved_attributes(base);
  finalize_attributes(base);
}

}  // namespace shellcarve::ntfs
