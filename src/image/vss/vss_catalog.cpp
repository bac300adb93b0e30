#include <fmt/format.h>

#include <array>
#include <optional>

#include "common/filetime.h"
#include "image/vss/guid.h"
#include "image/vss/metadata_chains.h"
#include "image/vss/vshadow_handle.h"

namespace shellcarve {
namespace {

// libvshadow copies and maps the volume in blocks of 16 KiB (the store block descriptors'
// unit; libvshadow's block.h). A descriptor's offsets are byte offsets in the volume.
constexpr uint64_t kStoreBlockSize = 16 * 1024;
// Block descriptor flags (libvshadow documentation of the VSS format): a forwarder names
// another original offset instead of stored data; "not used" marks a free slot.
constexpr uint32_t kBlockForwarder = 0x01;
constexpr uint32_t kBlockNotUsed = 0x04;

std::string guid_text(const std::array<uint8_t, 16>& raw) {
  auto text = vss::format_guid(std::as_bytes(std::span(raw)));
  return text ? *text : "";
}

// The problems of a store's block list that make it unreadable: a descriptor whose data or
// original offset lies outside the volume (a damaged or hostile store that would make every
// read there fail or, worse, read another volume's bytes).
void check_blocks(libvshadow_store_t* store, uint64_t volume_length, VssStore& info) {
  libvshadow_error_t* error = nullptr;
  int count = 0;
  if (libvshadow_store_get_number_of_blocks(store, &count, &error) != 1 || count < 0) {
    info.problems.push_back("its block list cannot be read: " + vss::take_error(error));
    return;
  }
  info.blocks = static_cast<uint64_t>(count);
  uint64_t outside = 0;
  std::optional<uint64_t> first_outside;
  for (int i = 0; i < count; ++i) {
    libvshadow_block_t* block = nullptr;
    if (libvshadow_store_get_block_by_index(store, i, &block, &error) != 1) {
      info.problems.push_back(fmt::format("block descriptor {} of {} cannot be read: {}", i, count,
                                          vss::take_error(error)));
      return;
    }
    off64_t original = 0, relative = 0, offset = 0;
    uint32_t flags = 0, bitmap = 0;
    const int got = libvshadow_block_get_values(block, &original, &relative, &offset, &flags, &bitmap, &error);
    libvshadow_block_free(&block, nullptr);
    if (got != 1) {
      info.problems.push_back(fmt::format("block descriptor {} of {} cannot be read: {}", i, count,
                                          vss::take_error(error)));
      return;
    }
    if ((flags & kBlockNotUsed) != 0) continue;
    auto inside = [&](off64_t at) {
      return at >= 0 && static_cast<uint64_t>(at) <= volume_length &&
             kStoreBlockSize <= volume_length - static_cast<uint64_t>(at);
    };
    const bool stored_inside = (flags & kBlockForwarder) != 0 || inside(offset);
    if (!inside(original) || !stored_inside) {
      ++outside;
      if (!first_outside) first_outside = static_cast<uint64_t>(i);
    }
  }
  if (outside > 0)
    info.problems.push_back(fmt::format(
        "{} of its {} block descriptors point outside the volume ({} bytes; the first is descriptor {})",
        outside, count, volume_length, *first_outside));
}

// `chain_problem`: what check_metadata_chains found wrong with this store's chains or with
// those of a newer store it reads through ("" when none); libvshadow is then not asked for
// the block list at all.
VssStore describe(libvshadow_store_t* store, uint32_t index, uint64_t volume_length, std::vector<std::string>& warnings,
                  const std::string& what, const vss::ChainCheck& chains, std::string& first_broken) {
  VssStore info;
  info.index = index;
  libvshadow_error_t* error = nullptr;
  std::array<uint8_t, 16> guid{};
  if (libvshadow_store_get_identifier(store, guid.data(), guid.size(), &error) == 1) info.identifier = guid_text(guid);
  else vss::take_error(error);
  if (libvshadow_store_get_copy_identifier(store, guid.data(), guid.size(), &error) == 1)
    info.copy_identifier = guid_text(guid);
  else vss::take_error(error);
  if (libvshadow_store_get_copy_set_identifier(store, guid.data(), guid.size(), &error) == 1)
    info.copy_set_identifier = guid_text(guid);
  else vss::take_error(error);
  if (libvshadow_store_get_creation_time(store, &info.creation_time, &error) != 1)
    info.problems.push_back("its creation time cannot be read: " + vss::take_error(error));
  size64_t size = 0;
  if (libvshadow_store_get_volume_size(store, &size, &error) == 1) info.volume_size = size;
  else info.problems.push_back("its volume size cannot be read: " + vss::take_error(error));
  if (libvshadow_store_get_attribute_flags(store, &info.attribute_flags, &error) == -1) vss::take_error(error);
  const int in_volume = libvshadow_store_has_in_volume_data(store, &error);
  if (in_volume < 0) info.problems.push_back("where its data lives cannot be read: " + vss::take_error(error));
  info.data_in_volume = in_volume == 1;
  if (in_volume == 0)
    info.problems.push_back(
        "its data lives on a separate storage volume: it cannot be read from this volume alone");
  if (info.problems.empty()) {
    const auto problem = chains.store_problems.find(info.identifier);
    if (problem != chains.store_problems.end()) {
      info.problems.push_back("its metadata is damaged: " + problem->second);
      first_broken = fmt::format("store {}", index);
    } else if (!first_broken.empty()) {
      // A snapshot's blocks copied later are kept by the newer stores: reading it follows
      // their block lists too.
      info.problems.push_back(fmt::format("it is read through {}, whose metadata is damaged", first_broken));
    }
  }
  if (info.problems.empty()) check_blocks(store, volume_length, info);
  if (info.problems.empty() && info.volume_size > volume_length)
    warnings.push_back(fmt::format("{}: VSS store {} states a volume of {} bytes, larger than the {} bytes there are; "
                                   "reads past the end fail",
                                   what, index, info.volume_size, volume_length));
  return info;
}

}  // namespace

namespace vss {

std::string take_error(libvshadow_error_t*& error) {
  if (error == nullptr) return "";
  std::array<char, 2048> text{};
  const int n = libvshadow_error_sprint(error, text.data(), text.size());
  libvshadow_error_free(&error);
  std::string message = n > 0 ? std::string(text.data()) : "unknown libvshadow error";
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

}  // namespace vss

vss::VolumeHandle::~VolumeHandle() {
  if (volume != nullptr) {
    libvshadow_volume_close(volume, nullptr);
    libvshadow_volume_free(&volume, nullptr);
  }
}

VssCatalog::VssCatalog() = default;
VssCatalog::~VssCatalog() = default;
VssCatalog::VssCatalog(VssCatalog&&) noexcept = default;
VssCatalog& VssCatalog::operator=(VssCatalog&&) noexcept = default;

VssCatalog VssCatalog::read(Image& image, uint64_t offset, uint64_t length, const std::string& what) {
  VssCatalog catalog;
  auto handle = std::make_shared<vss::VolumeHandle>();
  handle->what = what;
  handle->window = {&image, offset, length, 0, false};
  auto bfio = vss::make_bfio_handle(handle->window);
  if (!bfio) {
    catalog.warnings_.push_back(fmt::format("{}: VSS not read: {}", what, bfio.error().message));
    return catalog;
  }
  handle->bfio = std::move(*bfio);
  libvshadow_error_t* error = nullptr;
  const int signature = libvshadow_check_volume_signature_file_io_handle(handle->bfio.get(), &error);
  if (signature == 0) return catalog;
  if (signature < 0) {
    // The header could not be read (a volume shorter than the VSS header's offset): no VSS.
    vss::take_error(error);
    return catalog;
  }
  catalog.present_ = true;
  if (const std::string problem = vss::check_boot_sector_for_libvshadow(image, offset, length); !problem.empty()) {
    catalog.warnings_.push_back(fmt::format("{}: VSS catalog not read: {}", what, problem));
    return catalog;
  }
  const vss::ChainCheck chains = vss::check_metadata_chains(image, offset, length);
  if (!chains.catalog_problem.empty()) {
    catalog.warnings_.push_back(fmt::format("{}: the VSS catalog is damaged, no shadow copy read: {}", what,
                                            chains.catalog_problem));
    return catalog;
  }
  libvshadow_volume_t* volume = nullptr;
  if (libvshadow_volume_initialize(&volume, &error) != 1) {
    catalog.warnings_.push_back(fmt::format("{}: VSS not read: {}", what, vss::take_error(error)));
    return catalog;
  }
  if (libvshadow_volume_open_file_io_handle(volume, handle->bfio.get(), LIBVSHADOW_OPEN_READ, &error) != 1) {
    catalog.warnings_.push_back(fmt::format(
        "{}: the VSS catalog is damaged, no shadow copy read: {}", what, vss::take_error(error)));
    libvshadow_volume_free(&volume, nullptr);
    return catalog;
  }
  handle->volume = volume;
  int count = 0;
  if (libvshadow_volume_get_number_of_stores(volume, &count, &error) != 1 || count < 0) {
    catalog.warnings_.push_back(
        fmt::format("{}: the VSS catalog is damaged, no shadow copy read: {}", what, vss::take_error(error)));
    return catalog;
  }
  // Newest first: a store is read through every newer one, so a damaged newer store makes
  // the older ones unreadable too (libvshadow numbers them oldest first).
  std::string first_broken;
  std::vector<VssStore> stores;
  for (int i = count - 1; i >= 0; --i) {
    const uint32_t index = static_cast<uint32_t>(i) + 1;
    libvshadow_store_t* raw = nullptr;
    if (libvshadow_volume_get_store(volume, i, &raw, &error) != 1) {
      VssStore broken;
      broken.index = index;
      broken.problems.push_back("its metadata is damaged: " + vss::take_error(error));
      first_broken = fmt::format("store {}", index);
      stores.push_back(std::move(broken));
      continue;
    }
    vss::StorePtr store(raw);
    stores.push_back(describe(store.get(), index, length, catalog.warnings_, what, chains, first_broken));
  }
  catalog.stores_.assign(std::make_move_iterator(stores.rbegin()), std::make_move_iterator(stores.rend()));
  for (const VssStore& store : catalog.stores_)
    for (const std::string& problem : store.problems)
      catalog.warnings_.push_back(fmt::format("{}: VSS store {} skipped: {}", what, store.index, problem));
  catalog.handle_ = std::move(handle);
  return catalog;
}

const VssStore* VssCatalog::store(uint32_t index) const {
  for (const VssStore& store : stores_)
    if (store.index == index) return &store;
  return nullptr;
}

Result<std::unique_ptr<Image>> VssCatalog::open_store(uint32_t index) const {
  const VssStore* info = store(index);
  if (info == nullptr)
    return fail(ErrorCode::kNotFound, fmt::format("{} has no VSS store {} ({} stores)",
                                                  handle_ ? handle_->what : "the volume", index, stores_.size()));
  if (!info->readable())
    return fail(ErrorCode::kUnsupported,
                fmt::format("VSS store {} of {} cannot be read: {}", index, handle_->what, info->problems.front()));
  std::lock_guard lock(handle_->mutex);
  libvshadow_error_t* error = nullptr;
  libvshadow_store_t* raw = nullptr;
  if (libvshadow_volume_get_store(handle_->volume, static_cast<int>(index - 1), &raw, &error) != 1)
    return fail(ErrorCode::kCorrupt,
                fmt::format("VSS store {} of {}: {}", index, handle_->what, vss::take_error(error)));
  return vss::make_store_image(handle_, vss::StorePtr(raw), *info, *handle_->window.image);
}

std::string describe_store(const VssStore& store) {
  return fmt::format("store {} ({})", store.index, filetime_to_iso8601(store.creation_time));
}

}  // namespace shellcarve
