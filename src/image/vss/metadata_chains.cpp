#include "image/vss/metadata_chains.h"

#include <fmt/format.h>

#include <array>
#include <set>

#include "common/byte_reader.h"
#include "image/vss/guid.h"

namespace shellcarve::vss {
namespace {

constexpr uint64_t kVolumeHeaderOffset = 0x1e00;
constexpr uint64_t kMetadataBlockSize = 16 * 1024;
constexpr size_t kBlockHeaderSize = 128;
constexpr size_t kCatalogEntrySize = 128;
constexpr size_t kCatalogOffsetField = 48;
constexpr size_t kNextOffsetField = 40;
constexpr uint64_t kCatalogEntryStore = 3;
// {3808876b-c176-4e48-b7ae-04046e6cc752}, as stored.
constexpr std::array<uint8_t, 16> kVssIdentifier{0x6b, 0x87, 0x08, 0x38, 0x76, 0xc1, 0x48, 0x4e,
                                                 0xb7, 0xae, 0x04, 0x04, 0x6e, 0x6c, 0xc7, 0x52};

bool has_identifier(std::span<const std::byte> bytes) {
  if (bytes.size() < kVssIdentifier.size()) return false;
  for (size_t i = 0; i < kVssIdentifier.size(); ++i)
    if (std::to_integer<uint8_t>(bytes[i]) != kVssIdentifier[i]) return false;
  return true;
}

class ChainWalker {
 public:
  ChainWalker(Image& image, uint64_t offset, uint64_t length) : image_(image), offset_(offset), length_(length) {}

  // Reads the 16 KiB block at volume offset `at`; "" and the block in `out` when sound.
  std::string read_block(uint64_t at, std::vector<std::byte>& out) {
    if (at > length_ || kMetadataBlockSize > length_ - at)
      return fmt::format("a block at offset {} lies outside the volume ({} bytes)", at, length_);
    out.resize(kMetadataBlockSize);
    if (auto status = image_.read(offset_ + at, out); !status)
      return fmt::format("the block at offset {} cannot be read: {}", at, status.error().message);
    if (!has_identifier(out)) return fmt::format("the block at offset {} has no VSS signature", at);
    return "";
  }

  // Follows the chain starting at `first` (0: none) to its end; calls `each` with every
  // block. Returns the first problem, "" when the chain is sound.
  template <class Each>
  std::string walk(uint64_t first, const std::string& what, Each each) {
    std::set<uint64_t> visited;
    std::vector<std::byte> block;
    for (uint64_t at = first; at != 0;) {
      if (!visited.insert(at).second)
        return fmt::format("its {} loops back to the block at offset {}", what, at);
      if (std::string problem = read_block(at, block); !problem.empty()) return fmt::format("its {}: {}", what, problem);
      const ByteReader reader(block, at);
      each(reader);
      auto next = reader.u64(kNextOffsetField, "VSS block next offset");
      if (!next) return fmt::format("its {}: {}", what, next.error().message);
      at = *next;
    }
    return "";
  }

 private:
  Image& image_;
  uint64_t offset_;
  uint64_t length_;
};

}  // namespace

ChainCheck check_metadata_chains(Image& image, uint64_t offset, uint64_t length) {
  ChainCheck check;
  if (kVolumeHeaderOffset + kBlockHeaderSize > length) return check;
  std::vector<std::byte> header(kBlockHeaderSize);
  if (!image.read(offset + kVolumeHeaderOffset, header) || !has_identifier(header)) return check;
  check.header_found = true;
  const ByteReader header_reader(header, kVolumeHeaderOffset);
  const auto catalog = header_reader.u64(kCatalogOffsetField, "VSS catalog offset");
  if (!catalog) {
    check.catalog_problem = catalog.error().message;
    return check;
  }
  struct StoreChains {
    std::string identifier;
    std::array<uint64_t, 3> starts{};
  };
  std::vector<StoreChains> stores;
  ChainWalker walker(image, offset, length);
  check.catalog_problem = walker.walk(*catalog, "catalog", [&](const ByteReader& block) {
    for (size_t at = kBlockHeaderSize; at + kCatalogEntrySize <= block.size(); at += kCatalogEntrySize) {
      if (block.u64(at, "catalog entry type").value_or(0) != kCatalogEntryStore) continue;
      const auto guid = block.bytes(at + 16, 16, "store identifier");
      if (!guid) continue;
      StoreChains chains;
      chains.identifier = format_guid(*guid).value_or("");
      chains.starts = {block.u64(at + 8, "store block list").value_or(0),
                       block.u64(at + 40, "store block range list").value_or(0),
                       block.u64(at + 48, "store bitmap").value_or(0)};
      stores.push_back(std::move(chains));
    }
  });
  if (!check.catalog_problem.empty()) return check;
  static const char* const kNames[] = {"block list", "block range list", "bitmap"};
  for (const StoreChains& store : stores) {
    check.store_order.push_back(store.identifier);
    for (size_t i = 0; i < store.starts.size(); ++i) {
      std::string problem = walker.walk(store.starts[i], kNames[i], [](const ByteReader&) {});
      if (!problem.empty()) {
        check.store_problems.emplace(store.identifier, std::move(problem));
        break;
      }
    }
  }
  return check;
}

std::string check_boot_sector_for_libvshadow(Image& image, uint64_t offset, uint64_t length) {
  constexpr size_t kBootSectorBytes = 16;  // through sectors per cluster at +13
  if (length < kBootSectorBytes) return "the volume is shorter than a boot sector";
  std::vector<std::byte> head(kBootSectorBytes);
  if (auto status = image.read(offset, head); !status)
    return "its boot sector cannot be read: " + status.error().message;
  const ByteReader reader(head, offset);
  const uint16_t bytes_per_sector = reader.u16(11, "bytes per sector").value_or(0);
  const uint8_t sectors_per_cluster = reader.u8(13, "sectors per cluster").value_or(0);
  if (bytes_per_sector == 0 || sectors_per_cluster == 0)
    return fmt::format("its boot sector gives {} bytes per sector and {} sectors per cluster (libvshadow would "
                       "divide by zero)",
                       bytes_per_sector, sectors_per_cluster);
  return "";
}

}  // namespace shellcarve::vss
