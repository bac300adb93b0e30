// Slack: bytes a file system allocates but a file does not use, where leftovers -- or
// content hidden on purpose -- survive:
//   file slack        a non-resident stream's last cluster past its data size (NTFS writes
//                     zeros there when the file is written; anything else came later or
//                     from a tool writing the raw disk)
//   MFT record slack  a FILE record past its used size (header offset 0x18) up to the
//                     record size: old attributes of earlier occupants of the record
// Both are scanned with the content carver, on every core: $MFT in chunks of records (record
// slack is scanned and the last clusters of streams are collected as the records are
// parsed), then the last clusters through the cluster-run walker. Each match names the
// owning record (base entry and sequence) and the stream.
//
// Not covered: a stream whose last cluster lies in a later extent (a second $DATA piece of
// an $ATTRIBUTE_LIST file), compressed and sparse ends, and records that straddle two $MFT
// runs (only with clusters smaller than records); record slack is scanned as stored on disk,
// so the last two bytes of each sector hold the update sequence number, not the data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "carve/content_carver.h"
#include "common/result.h"
#include "ntfs/ntfs_volume.h"

namespace shellcarve::carve {

struct SlackObject {
  CarvedObject object;
  uint64_t mft_entry = 0;     // owning base record
  uint16_t mft_sequence = 0;
  std::string stream;         // ADS name for file slack of a named stream, else ""
  std::string where;          // "file slack of MFT entry 41 $DATA after its 1203 bytes ..."
};

struct SlackScan {
  std::vector<SlackObject> objects;  // by image offset
  uint64_t bytes_scanned = 0;
  uint64_t records_scanned = 0;
  uint64_t streams_scanned = 0;
  std::vector<std::string> warnings;
};

// Scans file slack and MFT record slack with `carvers` (one per worker thread).
Result<SlackScan> scan_slack(const ntfs::NtfsVolume& volume, std::vector<ContentCarver>& carvers);

}  // namespace shellcarve::carve
