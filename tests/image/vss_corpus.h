// The volumes of the shared corpus that hold Volume Shadow Copies, with where each volume
// starts and what vshadowinfo says of it; shared by the VSS tests (catalog agreement with
// vshadowinfo, store listings against fls on vshadowmount's files).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace shellcarve::test {

struct VssCorpusVolume {
  const char* label;    // also the IMAGE column of tsk-differences.tsv, with ":storeN" for a store
  const char* archive;  // under corpus/images
  const char* member;   // file inside a tar ("" otherwise)
  uint64_t sector;      // volume start (512-byte sectors)
  uint32_t partition;   // our partition index of that volume
  uint32_t stores;      // stores vshadowinfo lists
  uint32_t readable;    // of which with their data on the volume
};

inline const VssCorpusVolume kVssCorpusVolumes[] = {
    {"vsstest", "plaso/vsstest.raw.gz", "", 0, 0, 2, 2},
    {"ntfs_samples", "ntfs_samples/ntfs.tgz", "ntfs.raw", 2048, 0, 2, 2},
    {"vss_2003", "dfir_ntfs/vss_2003.tgz", "vss_2003.raw", 63, 0, 6, 6},
    {"vss_2_stor", "dfir_ntfs/vss_2_stor.tar.gz", "vss_2_stor.raw", 67584, 1, 1, 1},
    // Both stores keep their data on a separate storage volume: listed, not readable.
    {"vss_1_vol", "dfir_ntfs/vss_1_vol.tar.gz", "vss_1_vol.raw", 67584, 1, 2, 0},
    {"vss_3_volstor_p0", "dfir_ntfs/vss_3_volstor.tar.gz", "vss_3_volstor.raw", 2048, 0, 0, 0},
    {"vss_3_volstor_p1", "dfir_ntfs/vss_3_volstor.tar.gz", "vss_3_volstor.raw", 4196352, 1, 2, 0},
};

inline void PrintTo(const VssCorpusVolume& volume, std::ostream* out) { *out << volume.label; }

}  // namespace shellcarve::test
