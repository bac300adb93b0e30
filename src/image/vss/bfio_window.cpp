#include "image/vss/bfio_window.h"

#include <sys/types.h>

#include <cstdio>
#include <span>

namespace shellcarve::vss {
namespace {

BfioWindow& window_of(intptr_t* io_handle) { return *reinterpret_cast<BfioWindow*>(io_handle); }

// The window is owned by the catalog, not by libbfio (flags 0): nothing to free, and a
// clone would share the position, so cloning is refused.
int free_window(intptr_t** /*io_handle*/, libbfio_error_t** /*error*/) { return 1; }
int clone_window(intptr_t** /*destination*/, intptr_t* /*source*/, libbfio_error_t** /*error*/) { return -1; }

int open_window(intptr_t* io_handle, int access_flags, libbfio_error_t** /*error*/) {
  // Read-only: a request to write is refused here, whatever the caller asks.
  if ((access_flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0) return -1;
  window_of(io_handle).open = true;
  window_of(io_handle).position = 0;
  return 1;
}

int close_window(intptr_t* io_handle, libbfio_error_t** /*error*/) {
  window_of(io_handle).open = false;
  return 0;
}

ssize_t read_window(intptr_t* io_handle, uint8_t* buffer, size_t size, libbfio_error_t** /*error*/) {
  BfioWindow& window = window_of(io_handle);
  if (window.position >= window.length) return 0;
  const uint64_t left = window.length - window.position;
  const size_t count = static_cast<size_t>(std::min<uint64_t>(size, left));
  auto out = std::span(reinterpret_cast<std::byte*>(buffer), count);
  if (!window.image->read(window.offset + window.position, out)) return -1;
  window.position += count;
  return static_cast<ssize_t>(count);
}

ssize_t write_window(intptr_t* /*io_handle*/, const uint8_t* /*buffer*/, size_t /*size*/,
                     libbfio_error_t** /*error*/) {
  return -1;
}

off64_t seek_window(intptr_t* io_handle, off64_t offset, int whence, libbfio_error_t** /*error*/) {
  BfioWindow& window = window_of(io_handle);
  int64_t base = 0;
  if (whence == SEEK_CUR) base = static_cast<int64_t>(window.position);
  else if (whence == SEEK_END) base = static_cast<int64_t>(window.length);
  else if (whence != SEEK_SET) return -1;
  int64_t target = 0;
  if (__builtin_add_overflow(base, static_cast<int64_t>(offset), &target) || target < 0) return -1;
  window.position = static_cast<uint64_t>(target);
  return static_cast<off64_t>(target);
}

int window_exists(intptr_t* /*io_handle*/, libbfio_error_t** /*error*/) { return 1; }
int window_is_open(intptr_t* io_handle, libbfio_error_t** /*error*/) { return window_of(io_handle).open ? 1 : 0; }

int window_size(intptr_t* io_handle, size64_t* size, libbfio_error_t** /*error*/) {
  *size = window_of(io_handle).length;
  return 1;
}

}  // namespace

void BfioHandleCloser::operator()(libbfio_handle_t* handle) const { libbfio_handle_free(&handle, nullptr); }

Result<BfioHandlePtr> make_bfio_handle(BfioWindow& window) {
  libbfio_handle_t* handle = nullptr;
  libbfio_error_t* error = nullptr;
  if (libbfio_handle_initialize(&handle, reinterpret_cast<intptr_t*>(&window), free_window, clone_window,
                                open_window, close_window, read_window, write_window, seek_window,
                                window_exists, window_is_open, window_size, 0, &error) != 1) {
    libbfio_error_free(&error);
    return fail(ErrorCode::kIo, "cannot make a libbfio handle over the volume");
  }
  return BfioHandlePtr(handle);
}

}  // namespace shellcarve::vss
