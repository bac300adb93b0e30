// The NTFS volumes of the shared corpus that have The Sleuth Kit's answers stored beside
// them (fls bodyfiles), with where each volume starts; shared by the differential tests.
#pragma once

#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "image/image.h"
#include "ntfs/file_catalog.h"
#include "ntfs/mft_scan.h"
#include "ntfs/ntfs_volume.h"
#include "support/test_support.h"

namespace shellcarve::test {

struct CorpusVolume {
  const char* label;    // also the IMAGE column of tsk-differences.tsv
  const char* archive;  // under corpus/images
  const char* member;   // file inside a tar/zip ("" otherwise)
  const char* oracle;   // fls -r -p -m / output, under corpus/images
  uint64_t sector;      // partition start (512-byte sectors)
};

inline const CorpusVolume kCorpusVolumes[] = {
    {"dftt7", "dftt_7_ntfs_undel/7-undel-ntfs.zip", "7-undel-ntfs/7-ntfs-undel.dd",
     "dftt_7_ntfs_undel/7-ntfs-undel.dd.fls.body", 0},
    {"ntfs3", "dfir_ntfs/ntfs3.raw.gz", "", "dfir_ntfs/ntfs3.raw.fls.body", 0},
    {"ntfs3_attrlist", "dfir_ntfs/ntfs3_attrlist.raw.gz", "",
     "dfir_ntfs/ntfs3_attrlist.raw.fls.body", 0},
    {"ntfs_index", "dfir_ntfs/ntfs_index.raw.gz", "", "dfir_ntfs/ntfs_index.raw.o128.fls.body", 128},
    {"vss_2003", "dfir_ntfs/vss_2003.tgz", "vss_2003.raw", "dfir_ntfs/vss_2003.raw.o63.fls.body", 63},
    {"vss_1_vol", "dfir_ntfs/vss_1_vol.tar.gz", "vss_1_vol.raw",
     "dfir_ntfs/vss_1_vol.raw.o67584.fls.body", 67584},
    {"testfs1", "colinfinck_ntfs/testfs1", "", "colinfinck_ntfs/testfs1.fls.body", 0},
    {"windows_volume", "dfvfs/windows_volume.raw.gz", "", "dfvfs/windows_volume.raw.fls.body", 0},
    {"ntfs-lastaccess", "ntfs_samples/ntfs-lastaccess.raw.gz", "",
     "ntfs_samples/ntfs-lastaccess.raw.o128.fls.body", 128},
    {"ntfs-ptrn", "ntfs_samples/ntfs-ptrn.raw.gz", "", "ntfs_samples/ntfs-ptrn.raw.o128.fls.body", 128},
    {"ntfs-ramslack", "ntfs_samples/ntfs-ramslack.raw.gz", "",
     "ntfs_samples/ntfs-ramslack.raw.o128.fls.body", 128},
    {"ntfs-si-vs-fn", "ntfs_samples/ntfs-si-vs-fn.raw.gz", "",
     "ntfs_samples/ntfs-si-vs-fn.raw.o128.fls.body", 128},
    {"ntfs_samples", "ntfs_samples/ntfs.tgz", "ntfs.raw", "ntfs_samples/ntfs.raw.o2048.fls.body", 2048},
    {"vsstest", "plaso/vsstest.raw.gz", "", "plaso/vsstest.raw.fls.body", 0},
    {"tiny", "securityronin_ntfs_forensic/SampleTinyNtfsVolume.zip",
     "SampleTinyNtfsVolume/partition.dd",
     "securityronin_ntfs_forensic/SampleTinyNtfsVolume.partition.dd.fls.body", 0},
    {"mmls_1_p1", "sleuthkit/imageformat_mmls_1.E01", "",
     "sleuthkit/imageformat_mmls_1.E01.o128.fls.body", 128},
    {"mmls_1_p2", "sleuthkit/imageformat_mmls_1.E01", "",
     "sleuthkit/imageformat_mmls_1.E01.o55424.fls.body", 55424},
    {"velociraptor_partition", "velociraptor/partition_image.E01", "",
     "velociraptor/partition_image.E01.fls.body", 0},
    {"velociraptor_test", "velociraptor/test.ntfs.dd.E01", "",
     "velociraptor/test.ntfs.dd.E01.fls.body", 0},
};

inline void PrintTo(const CorpusVolume& volume, std::ostream* out) { *out << volume.label; }

// A gtest parameter name from the label.
inline std::string corpus_test_name(const CorpusVolume& volume) {
  std::string name = volume.label;
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// A corpus NTFS volume unpacked, opened and its $MFT scanned; `skip` says why not when
// the corpus, the tool the test compares with, or the archive is missing, `error` when it
// could not be opened (a failure).
struct OpenedCorpusVolume {
  std::filesystem::path path;
  std::unique_ptr<Image> image;
  std::optional<ntfs::NtfsVolume> volume;
  ntfs::FileCatalog catalog;
  std::string skip, error;
};

inline OpenedCorpusVolume open_corpus_volume(const char* archive, const char* member,
                                             uint64_t sector, const std::string& tool) {
  OpenedCorpusVolume opened;
  if (!corpus_dir()) return opened.skip = "shared corpus absent", std::move(opened);
  if (!have_tool(tool)) return opened.skip = tool + " absent", std::move(opened);
  const auto path = unpack_corpus_image(std::string("images/") + archive, member);
  if (!path) return opened.skip = std::string("cannot unpack ") + archive, std::move(opened);
  opened.path = *path;
  auto image = open_image(path->string());
  if (!image) return opened.error = image.error().message, std::move(opened);
  opened.image = std::move(*image);
  auto volume = ntfs::NtfsVolume::open(*opened.image, sector * 512);
  if (!volume) return opened.error = volume.error().message, std::move(opened);
  opened.volume.emplace(std::move(*volume));
  auto catalog = ntfs::scan_mft(*opened.volume);
  if (!catalog) return opened.error = catalog.error().message, std::move(opened);
  opened.catalog = std::move(*catalog);
  return opened;
}

}  // namespace shellcarve::test
