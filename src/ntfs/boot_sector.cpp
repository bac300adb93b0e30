#include "ntfs/boot_sector.h"

#include <fmt/format.h>

#include <bit>

#include "common/byte_reader.h"

namespace shellcarve::ntfs {
namespace {

// Offsets in the NTFS boot sector (BPB and extended BPB), as documented by Microsoft's
// "NTFS technical reference" and libfsntfs's fsntfs_volume_header.h.
constexpr size_t kOemId = 0x03;
constexpr size_t kBytesPerSector = 0x0B;
constexpr size_t kSectorsPerCluster = 0x0D;
constexpr size_t kTotalSectors = 0x28;
constexpr size_t kMftLcn = 0x30;
constexpr size_t kMftMirrLcn = 0x38;
constexpr size_t kClustersPerMftRecord = 0x40;
constexpr size_t kClustersPerIndexRecord = 0x44;
constexpr size_t kVolumeSerial = 0x48;

// A size byte as NTFS stores it: positive = that many clusters; negative (as int8) =
// 2^-value bytes (used when a record is smaller than a cluster).
Result<uint32_t> decode_record_size(uint8_t raw, uint64_t cluster_size, const char* what) {
  const auto value = static_cast<int8_t>(raw);
  uint64_t size = 0;
  if (value > 0) {
    size = uint64_t(value) * cluster_size;
  } else {
    const int shift = -value;
    if (shift < 9 || shift > 20)
      return fail(ErrorCode::kCorrupt, fmt::format("boot sector: {} byte 0x{:02x} is impossible",
                                                   what, raw));
    size = uint64_t{1} << shift;
  }
  if (size < 256 || size > (1u << 20) || !std::has_single_bit(size))
    return fail(ErrorCode::kCorrupt, fmt::format("boot sector: {} of {} bytes is impossible",
                                                 what, size));
  return static_cast<uint32_t>(size);
}

}  // namespace

Result<BootSector> parse_boot_sector(std::span<const std::byte> sector) {
  const ByteReader reader(sector);
  auto oem = reader.bytes(kOemId, 8, "boot sector OEM id");
  if (!oem) return std::unexpected(oem.error());
  constexpr std::string_view kNtfs = "NTFS    ";
  for (size_t i = 0; i < kNtfs.size(); ++i)
    if (std::to_integer<char>((*oem)[i]) != kNtfs[i])
      return fail(ErrorCode::kFormat, "boot sector: OEM id is not \"NTFS    \"");

  BootSector boot;
  SC_ASSIGN_OR_RETURN(const uint16_t bps, reader.u16(kBytesPerSector, "boot sector bytes per sector"));
  SC_ASSIGN_OR_RETURN(const uint8_t spc, reader.u8(kSectorsPerCluster, "boot sector sectors per cluster"));
  SC_ASSIGN_OR_RETURN(boot.total_sectors, reader.u64(kTotalSectors, "boot sector total sectors"));
  SC_ASSIGN_OR_RETURN(boot.mft_lcn, reader.u64(kMftLcn, "boot sector $MFT cluster"));
  SC_ASSIGN_OR_RETURN(boot.mftmirr_lcn, reader.u64(kMftMirrLcn, "boot sector $MFTMirr cluster"));
  SC_ASSIGN_OR_RETURN(const uint8_t mft_size, reader.u8(kClustersPerMftRecord, "boot sector MFT record size"));
  SC_ASSIGN_OR_RETURN(const uint8_t index_size, reader.u8(kClustersPerIndexRecord, "boot sector index record size"));
  SC_ASSIGN_OR_RETURN(boot.volume_serial, reader.u64(kVolumeSerial, "boot sector volume serial"));

  boot.bytes_per_sector = bps;
  if (boot.bytes_per_sector < 256 || boot.bytes_per_sector > 4096 ||
      !std::has_single_bit(boot.bytes_per_sector))
    return fail(ErrorCode::kCorrupt,
                fmt::format("boot sector: {} bytes per sector is impossible", bps));
  // Values above 0x80 encode 2^(256 - value) sectors (used for clusters over 64 KiB).
  if (spc > 0x80 && 256 - spc > 20)  // found by fuzz_boot_sector: the shift must stay in range
    return fail(ErrorCode::kCorrupt,
                fmt::format("boot sector: sectors-per-cluster byte 0x{:02x} is impossible", spc));
  boot.sectors_per_cluster = spc <= 0x80 ? spc : (1u << (256 - spc));
  if (boot.sectors_per_cluster == 0 || !std::has_single_bit(boot.sectors_per_cluster) ||
      boot.cluster_size() > (64u << 20))
    return fail(ErrorCode::kCorrupt,
                fmt::format("boot sector: sectors-per-cluster byte 0x{:02x} is impossible", spc));
  const uint64_t clusters = boot.total_sectors / boot.sectors_per_cluster;
  if (boot.mft_lcn == 0 || boot.mft_lcn >= clusters)
    return fail(ErrorCode::kCorrupt,
                fmt::format("boot sector: $MFT cluster {} lies outside the volume of {} clusters",
                            boot.mft_lcn, clusters));
  SC_ASSIGN_OR_RETURN(boot.mft_record_size,
                      decode_record_size(mft_size, boot.cluster_size(), "MFT record size"));
  SC_ASSIGN_OR_RETURN(boot.index_record_size,
                      decode_record_size(index_size, boot.cluster_size(), "index record size"));
  return boot;
}

}  // namespace shellcarve::ntfs
