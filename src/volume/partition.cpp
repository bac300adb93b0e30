// Partitions through libtsk's volume layer, read over our Image by way of tsk_bridge. We
// list what `mmls` marks with a slot number: entries allocated to a volume, leaving out
// meta entries (the tables themselves, the DOS extended container) and unallocated gaps.
#include "volume/partition.h"

#include <fmt/format.h>

#include "volume/tsk_bridge.h"

namespace shellcarve {
namespace {

PartitionTable whole_media(const Image& image) {
  PartitionTable table;
  table.scheme = "none";
  table.partitions.push_back(Partition{0, 0, image.size() / image.sector_size(),
                                       "whole media (no partition table)"});
  return table;
}

}  // namespace

Result<PartitionTable> read_partition_table(Image& image) {
  SC_ASSIGN_OR_RETURN(tsk::ImgPtr img, tsk::open_external(image));
  tsk_error_reset();
  tsk::VsPtr vs(tsk_vs_open(img.get(), 0, TSK_VS_TYPE_DETECT));
  if (!vs) {
    const uint32_t code = tsk_error_get_errno();
    const std::string message = tsk::take_error();
    // "Cannot determine partition type": a bare volume, or no volume at all.
    if (code == TSK_ERR_VS_UNKTYPE || code == 0) return whole_media(image);
    // A read failure (e.g. an EWF chunk libewf cannot deliver) is an error; any other
    // complaint (a table TSK finds inconsistent, several table types at once) leaves the
    // media as one volume so file-system checks still run, which is what examiners expect.
    if (code == TSK_ERR_IMG_READ)
      return fail(ErrorCode::kIo,
                  fmt::format("reading the partition table failed: {}", message));
    PartitionTable table = whole_media(image);
    table.partitions.front().description =
        fmt::format("whole media (partition table not usable: {})", message);
    return table;
  }

  PartitionTable table;
  table.scheme = tsk_vs_type_toname(vs->vstype);
  const uint64_t block_size = vs->block_size != 0 ? vs->block_size : image.sector_size();
  for (TSK_PNUM_T i = 0; i < vs->part_count; ++i) {
    const TSK_VS_PART_INFO* part = tsk_vs_part_get(vs.get(), i);
    if (part == nullptr) continue;
    if ((part->flags & TSK_VS_PART_FLAG_ALLOC) == 0 || (part->flags & TSK_VS_PART_FLAG_META) != 0)
      continue;
    Partition partition;
    partition.index = static_cast<uint32_t>(table.partitions.size());
    partition.start_sector = part->start * block_size / image.sector_size();
    partition.length_sectors = part->len * block_size / image.sector_size();
    partition.description = part->desc != nullptr ? part->desc : "";
    table.partitions.push_back(std::move(partition));
  }
  tsk_error_reset();
  return table;
}

std::string name_filesystem(Image& image, uint64_t byte_offset) {
  auto img = tsk::open_external(image);
  if (!img) return {};
  tsk_error_reset();
  tsk::FsPtr fs(tsk_fs_open_img(img->get(), static_cast<TSK_OFF_T>(byte_offset),
                                TSK_FS_TYPE_DETECT));
  if (!fs) {
    tsk_error_reset();
    return {};
  }
  const char* name = tsk_fs_type_toname(fs->ftype);
  return name != nullptr ? name : "";
}

}  // namespace shellcarve
