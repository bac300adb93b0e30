// TskImage: VMDK and VHD through libtsk's image layer (which uses libvmdk / libvhdi), chosen
// by magic only: a VMDK sparse extent starts with "KDMV" (VMware "Virtual Disk Format 1.1",
// SparseExtentHeader.magicNumber), a VMDK descriptor file with "# Disk DescriptorFile"; a
// VHD carries its 512-byte footer, cookie "conectix", at the end of the file (every VHD)
// and a copy at the start (dynamic and differencing disks) (Microsoft "Virtual Hard Disk
// Image Format Specification", Hard Disk Footer Format). Reads go through tsk_img_read under
// a mutex: libvmdk and libvhdi handles are not thread-safe.
#include "image/tsk_image.h"

#include <fmt/format.h>
#include <tsk/libtsk.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>

#include "image/file_segment.h"

namespace shellcarve {
namespace {

struct ImgCloser {
  void operator()(TSK_IMG_INFO* img) const { tsk_img_close(img); }
};
using ImgPtr = std::unique_ptr<TSK_IMG_INFO, ImgCloser>;

bool starts_with(std::span<const std::byte> bytes, std::string_view magic) {
  return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}

std::string tsk_error_text() {
  const char* text = tsk_error_get();
  std::string message = text != nullptr ? text : "unknown libtsk error";
  tsk_error_reset();
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

class TskImageImpl final : public Image {
 public:
  TskImageImpl(ImgPtr img, std::string path, std::string format)
      : img_(std::move(img)), path_(std::move(path)), format_(std::move(format)) {}

  Status read(uint64_t offset, std::span<std::byte> out) override {
    if (offset > size() || out.size() > size() - offset)
      return fail(ErrorCode::kTruncated,
                  fmt::format("read of {} bytes at media offset {} runs past the end of the {} "
                              "media ({} bytes)",
                              out.size(), offset, format_, size()));
    std::lock_guard lock(mutex_);
    size_t done = 0;
    while (done < out.size()) {
      tsk_error_reset();
      const ssize_t n = tsk_img_read(img_.get(), static_cast<TSK_OFF_T>(offset + done),
                                     reinterpret_cast<char*>(out.data() + done), out.size() - done);
      if (n <= 0)
        return fail(ErrorCode::kIo, fmt::format("{} read at media offset {} in '{}' failed: {}",
                                                format_, offset + done, path_, tsk_error_text()));
      done += static_cast<size_t>(n);
    }
    return {};
  }
  uint64_t size() const override { return static_cast<uint64_t>(img_->size); }
  uint32_t sector_size() const override { return img_->sector_size != 0 ? img_->sector_size : 512; }
  std::string format() const override { return format_; }
  std::vector<std::string> segments() const override { return {path_}; }

 private:
  std::mutex mutex_;
  ImgPtr img_;
  std::string path_;
  std::string format_;
};

}  // namespace

std::optional<Result<std::unique_ptr<Image>>> TskImage::try_open(
    const std::string& path, std::span<const std::byte> head) {
  std::string format;
  TSK_IMG_TYPE_ENUM type = TSK_IMG_TYPE_DETECT;
  if (starts_with(head, "KDMV") || starts_with(head, "# Disk DescriptorFile")) {
    format = "vmdk";
    type = TSK_IMG_TYPE_VMDK_VMDK;
  } else if (starts_with(head, "conectix")) {
    format = "vhd";
    type = TSK_IMG_TYPE_VHD_VHD;
  } else {
    // A fixed VHD has its footer only at the end.
    auto file = FileSegment::open(path);
    if (!file || file->size() < 512) return std::nullopt;
    std::array<std::byte, 8> cookie{};
    if (!file->read(file->size() - 512, cookie) || !starts_with(cookie, "conectix"))
      return std::nullopt;
    format = "vhd";
    type = TSK_IMG_TYPE_VHD_VHD;
  }
  tsk_error_reset();
  ImgPtr img(tsk_img_open_utf8_sing(path.c_str(), type, 0));
  if (!img)
    return Result<std::unique_ptr<Image>>(fail(
        ErrorCode::kCorrupt,
        fmt::format("'{}' looks like a {} image but libtsk cannot open it: {}", path, format,
                    tsk_error_text())));
  if (img->size <= 0)
    return Result<std::unique_ptr<Image>>(
        fail(ErrorCode::kCorrupt, fmt::format("{} image '{}' holds no media (size 0)", format, path)));
  return Result<std::unique_ptr<Image>>(
      std::unique_ptr<Image>(new TskImageImpl(std::move(img), path, format)));
}

}  // namespace shellcarve
