// NtfsVolume: an NTFS file system inside an image -- its boot sector (the backup copy in the
// volume's last sector when sector 0 is damaged), and $MFT located through its own data
// runs, so a fragmented MFT (the normal case on real servers) is read correctly. Records are
// fetched by entry number and parsed with parse_mft_record; extension records named by an
// $ATTRIBUTE_LIST are merged into their base record.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/limits.h"
#include "common/result.h"
#include "image/image.h"
#include "ntfs/boot_sector.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

class NtfsVolume {
 public:
  // Opens the NTFS volume starting at byte `volume_offset` of `image`. The image must
  // outlive the volume.
  static Result<NtfsVolume> open(Image& image, uint64_t volume_offset,
                                 const Limits& limits = default_limits());

  Image& image() const { return *image_; }
  const BootSector& boot() const { return boot_; }
  const Limits& limits() const { return *limits_; }
  uint64_t volume_offset() const { return volume_offset_; }
  uint64_t cluster_size() const { return boot_.cluster_size(); }
  uint64_t cluster_count() const { return boot_.total_sectors / boot_.sectors_per_cluster; }
  uint32_t record_size() const { return boot_.mft_record_size; }
  bool used_backup_boot_sector() const { return used_backup_boot_sector_; }
  // Warnings met while opening (backup boot sector used, $MFT runs damaged ...).
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Number of records $MFT's $DATA holds (its size / record size).
  uint64_t record_count() const { return record_count_; }
  // Image byte offset of record `entry`'s first byte, or kNotFound past the end of $MFT (or
  // in a sparse or unmapped part of it). A record may continue in the next run: with
  // clusters smaller than records, runs need not end on a record boundary.
  Result<uint64_t> record_offset(uint64_t entry) const;
  // Reads $MFT's content at byte `offset` (within $MFT) across its runs.
  Status read_mft(uint64_t offset, std::span<std::byte> out) const;

  // Image byte offset of logical cluster `lcn`.
  uint64_t cluster_offset(uint64_t lcn) const { return volume_offset_ + lcn * cluster_size(); }

  // Reads and parses record `entry` alone (no attribute-list merge).
  Result<MftEntry> read_record(uint64_t entry) const;
  // Reads record `entry` and, when it is a base record with an $ATTRIBUTE_LIST, merges the
  // extension records the list names; problems go into the entry's damage list.
  Result<MftEntry> read_file(uint64_t entry) const;

  // Reads `out.size()` bytes at `image_offset`.
  Status read_bytes(uint64_t image_offset, std::span<std::byte> out) const {
    return image_->read(image_offset, out);
  }

 private:
  NtfsVolume() = default;
  Status locate_mft();
  void merge_attribute_list(MftEntry& base) const;

  Image* image_ = nullptr;
  const Limits* limits_ = nullptr;
  uint64_t volume_offset_ = 0;
  BootSector boot_;
  bool used_backup_boot_sector_ = false;
  uint64_t record_count_ = 0;
  std::vector<DataRun> mft_runs_;
  std::vector<std::string> warnings_;
};

}  // namespace shellcarve::ntfs
