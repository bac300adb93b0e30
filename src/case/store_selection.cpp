// --vss: choosing and opening the Volume Shadow Copy stores of a volume (volume_selection.h).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "case/volume_selection.h"

namespace shellcarve {

bool StoreSelection::wants(uint32_t index) const {
  return all || std::find(indexes.begin(), indexes.end(), index) != indexes.end();
}

Result<StoreSelection> parse_store_selection(const std::string& text) {
  StoreSelection selection;
  if (text == "all") {
    selection.all = true;
    return selection;
  }
  if (text == "none") return selection;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    uint32_t index = 0;
    const char* begin = text.data() + start;
    const char* end = text.data() + comma;
    const auto [ptr, ec] = std::from_chars(begin, end, index);
    if (ec != std::errc() || ptr != end || begin == end || index == 0)
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("--vss '{}': expected 'all', 'none' or store numbers from 1 (e.g. '1,3')", text));
    if (!selection.wants(index)) selection.indexes.push_back(index);
    start = comma + 1;
  }
  std::sort(selection.indexes.begin(), selection.indexes.end());
  return selection;
}

Result<std::vector<StoreVolume>> open_store_volumes(Image& image, const Partition& partition,
                                                    const StoreSelection& selection,
                                                    std::vector<std::string>& warnings) {
  std::vector<StoreVolume> opened;
  if (selection.empty()) return opened;
  const uint64_t start = partition.byte_offset(image.sector_size());
  const uint64_t end = std::min(image.size(), start + partition.length_sectors * image.sector_size());
  if (end <= start) return opened;
  const std::string what = fmt::format("partition {}", partition.index);
  const VssCatalog catalog = VssCatalog::read(image, start, end - start, what);
  warnings.insert(warnings.end(), catalog.warnings().begin(), catalog.warnings().end());
  for (const uint32_t index : selection.indexes)
    if (catalog.store(index) == nullptr)
      return fail(ErrorCode::kNotFound, fmt::format("--vss {}: {} has no VSS store {} ({} stores)", index, what, index,
                                                    catalog.stores().size()));
  for (const VssStore& store : catalog.stores()) {
    if (!selection.wants(store.index) || !store.readable()) continue;  // unreadable: the catalog warned
    auto view = catalog.open_store(store.index);
    if (!view) {
      warnings.push_back(fmt::format("{}: VSS store {} skipped: {}", what, store.index, view.error().message));
      continue;
    }
    auto volume = ntfs::NtfsVolume::open(**view, 0);
    if (!volume) {
      warnings.push_back(fmt::format("{}: VSS {} skipped: no NTFS volume in it: {}", what, describe_store(store),
                                     volume.error().message));
      continue;
    }
    StoreVolume one{partition, store, std::move(*view), nullptr};
    one.volume = std::make_unique<ntfs::NtfsVolume>(std::move(*volume));
    opened.push_back(std::move(one));
  }
  return opened;
}

}  // namespace shellcarve
