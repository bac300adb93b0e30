// A VSS store seen as an Image: reads go to libvshadow, which takes each 16 KiB block from
// the store when the snapshot copied it and from the live volume otherwise.
#include <fmt/format.h>

#include "common/filetime.h"
#include "image/vss/vshadow_handle.h"

namespace shellcarve::vss {
namespace {

class VssStoreImage final : public Image {
 public:
  VssStoreImage(std::shared_ptr<VolumeHandle> handle, StorePtr store, const VssStore& info,
                const Image& parent)
      : handle_(std::move(handle)),
        store_(std::move(store)),
        info_(info),
        sector_size_(parent.sector_size()),
        segments_(parent.segments()) {}

  ~VssStoreImage() override {
    std::lock_guard lock(handle_->mutex);
    store_.reset();
  }

  Status read(uint64_t offset, std::span<std::byte> out) override {
    const uint64_t size = info_.volume_size;
    if (offset > size || out.size() > size - offset)
      return fail(ErrorCode::kTruncated,
                  fmt::format("read of {} bytes at offset {} runs past the end of VSS store {} of {} ({} bytes)",
                              out.size(), offset, info_.index, handle_->what, size));
    std::lock_guard lock(handle_->mutex);
    size_t done = 0;
    while (done < out.size()) {
      libvshadow_error_t* error = nullptr;
      const ssize_t n = libvshadow_store_read_buffer_at_offset(
          store_.get(), out.data() + done, out.size() - done, static_cast<off64_t>(offset + done), &error);
      if (n < 0)
        return fail(ErrorCode::kIo, fmt::format("VSS store {} of {}: read of {} bytes at offset {} failed: {}",
                                                info_.index, handle_->what, out.size() - done, offset + done,
                                                take_error(error)));
      if (n == 0)
        return fail(ErrorCode::kTruncated, fmt::format("VSS store {} of {}: no data at offset {}", info_.index,
                                                       handle_->what, offset + done));
      done += static_cast<size_t>(n);
    }
    return {};
  }

  uint64_t size() const override { return info_.volume_size; }
  uint32_t sector_size() const override { return sector_size_; }
  std::string format() const override { return "vss-store"; }
  std::vector<std::string> segments() const override { return segments_; }

 private:
  std::shared_ptr<VolumeHandle> handle_;
  StorePtr store_;
  VssStore info_;
  uint32_t sector_size_;
  std::vector<std::string> segments_;
};

}  // namespace

std::unique_ptr<Image> make_store_image(std::shared_ptr<VolumeHandle> handle, StorePtr store,
                                        const VssStore& info, const Image& parent) {
  return std::make_unique<VssStoreImage>(std::move(handle), std::move(store), info, parent);
}

}  // namespace shellcarve::vss
