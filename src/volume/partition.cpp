#include "volume/partition.h"

namespace shellcarve {

Result<PartitionTable> read_partition_table(Image& image) {
  PartitionTable table;
  table.scheme = "none";
  table.partitions.push_back(
      Partition{0, 0, image.size() / image.sector_size(), "whole media (no partition table)"});
  return table;
}

std::string name_filesystem(Image&, uint64_t) { return {}; }

}  // namespace shellcarve
