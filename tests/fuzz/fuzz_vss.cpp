// Fuzz target: a volume holding Volume Shadow Copy metadata -> the stores listed
// (VssCatalog: our chain check, then libvshadow over our image layer) -> a little of each
// readable store read. The input places 16 KiB blocks in a 1 GiB volume of zeros: records
// of a 4-byte little-endian block number then up to 16 KiB of the block (block 0 holds the
// VSS volume header at 0x1e00). The seeds are the metadata blocks of plaso's vsstest
// volume, at their own places, so the fuzzer starts from a catalog libvshadow accepts.
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "fuzz_target.h"
#include "image/image.h"
#include "image/vss/vss.h"

namespace {

constexpr uint64_t kVssFuzzBlock = 16 * 1024;
constexpr uint64_t kVssFuzzVolumeSize = 1ull << 30;

class VssFuzzVolume final : public shellcarve::Image {
 public:
  std::map<uint64_t, std::vector<std::byte>> blocks;  // block number -> kVssFuzzBlock bytes

  shellcarve::Status read(uint64_t offset, std::span<std::byte> out) override {
    if (offset > kVssFuzzVolumeSize || out.size() > kVssFuzzVolumeSize - offset)
      return shellcarve::fail(shellcarve::ErrorCode::kTruncated, "past the end of the fuzz volume");
    std::fill(out.begin(), out.end(), std::byte{0});
    for (uint64_t at = offset; at < offset + out.size();) {
      const uint64_t number = at / kVssFuzzBlock;
      const uint64_t within = at % kVssFuzzBlock;
      const uint64_t take = std::min<uint64_t>(kVssFuzzBlock - within, offset + out.size() - at);
      if (auto it = blocks.find(number); it != blocks.end())
        std::memcpy(out.data() + (at - offset), it->second.data() + within, take);
      at += take;
    }
    return {};
  }
  uint64_t size() const override { return kVssFuzzVolumeSize; }
  std::string format() const override { return "fuzz"; }
  std::vector<std::string> segments() const override { return {"<fuzz>"}; }
};

}  // namespace

SHELLCARVE_FUZZ_TARGET(vss) {
  VssFuzzVolume volume;
  for (size_t at = 0; at + 4 <= size && volume.blocks.size() < 64;) {
    const uint32_t number = static_cast<uint32_t>(data[at]) | static_cast<uint32_t>(data[at + 1]) << 8 |
                            static_cast<uint32_t>(data[at + 2]) << 16 | static_cast<uint32_t>(data[at + 3]) << 24;
    at += 4;
    const size_t take = std::min<size_t>(kVssFuzzBlock, size - at);
    std::vector<std::byte> block(kVssFuzzBlock);
    std::memcpy(block.data(), data + at, take);
    volume.blocks[number % (kVssFuzzVolumeSize / kVssFuzzBlock)] = std::move(block);
    at += take;
  }
  const shellcarve::VssCatalog catalog = shellcarve::VssCatalog::read(volume, 0, volume.size(), "fuzz");
  for (const shellcarve::VssStore& store : catalog.stores()) {
    if (!store.readable()) continue;
    auto view = catalog.open_store(store.index);
    if (!view) continue;
    std::vector<std::byte> sector(4096);
    (void)(*view)->read(0, sector);
    (void)(*view)->read(store.volume_size / 2, sector);
  }
  return 0;
}
