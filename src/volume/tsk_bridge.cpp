#include "volume/tsk_bridge.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace shellcarve::tsk {
namespace {

// tsk_img_open_external requires a structure whose first member is the TSK_IMG_INFO
// (libtsk casts the pointer both ways); our Image pointer follows it. The TSK_IMG_INFO of
// libtsk 4.11 embeds a 2 MiB read cache, so this lives on the heap.
struct ExternalImage {
  TSK_IMG_INFO info;
  Image* image;
};
static_assert(std::is_standard_layout_v<ExternalImage>);

ssize_t read_callback(TSK_IMG_INFO* img, TSK_OFF_T offset, char* buffer, size_t length) {
  auto* external = reinterpret_cast<ExternalImage*>(img);
  Image& image = *external->image;
  if (offset < 0 || static_cast<uint64_t>(offset) >= image.size()) return 0;
  // libtsk reads whole cache lines (64 KiB) and may ask for more than remains.
  const size_t take = static_cast<size_t>(
      std::min<uint64_t>(length, image.size() - static_cast<uint64_t>(offset)));
  auto status = image.read(static_cast<uint64_t>(offset),
                           std::span(reinterpret_cast<std::byte*>(buffer), take));
  if (!status) {
    tsk_error_reset();
    tsk_error_set_errno(TSK_ERR_IMG_READ);
    tsk_error_set_errstr("%s", status.error().message.c_str());
    return -1;
  }
  return static_cast<ssize_t>(take);
}

void close_callback(TSK_IMG_INFO* img) { delete reinterpret_cast<ExternalImage*>(img); }

void imgstat_callback(TSK_IMG_INFO*, FILE*) {}

}  // namespace

std::string take_error() {
  const char* text = tsk_error_get_errno() != 0 ? tsk_error_get() : nullptr;
  std::string message = text != nullptr ? text : "";
  tsk_error_reset();
  std::replace(message.begin(), message.end(), '\n', ' ');
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

Result<ImgPtr> open_external(Image& image) {
  auto* external = new ExternalImage{};  // value-initialised: the cache starts empty
  external->image = &image;
  tsk_error_reset();
  TSK_IMG_INFO* img = tsk_img_open_external(
      external, static_cast<TSK_OFF_T>(image.size()), image.sector_size(), read_callback,
      close_callback, imgstat_callback);
  if (img == nullptr) {
    delete external;
    return fail(ErrorCode::kIo,
                fmt::format("libtsk cannot use the image: {}", take_error()));
  }
  return ImgPtr(img);
}

}  // namespace shellcarve::tsk

#if defined(__SANITIZE_ADDRESS__)
// libtsk 4.11.1 leaks 388 bytes in 7 allocations on every tsk_vs_open of a GPT disk, with or
// without our bridge (a plain tsk_img_open_utf8_sing + tsk_vs_open + close shows it), and
// leaks the libvmdk handle when a VMDK fails to open (its error path in tsk/img/vmdk.cpp).
// The leaks are inside those libraries, so LeakSanitizer is told to ignore allocations made
// by them; our own leaks are still reported. LSan reads this hook from the executable (this
// file is linked into every program that reaches libtsk through image/ or volume/).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libtsk.so\nleak:libvmdk.so\n";
}
#endif
