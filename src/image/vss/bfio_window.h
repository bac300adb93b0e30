// A libbfio handle whose reads come from a window [offset, offset + length) of one of our
// Images, so libvshadow parses a volume inside an E01, a split raw set or a partitioned
// disk through our own image layer (as tsk_img_open_external does for libtsk). Reads are
// clamped at the window's end (libbfio's contract: a short read at the end), and a read
// the image refuses is a failed read, never zeros. The Image must outlive the handle.
#pragma once

#include <libbfio.h>

#include <cstdint>
#include <memory>

#include "common/result.h"
#include "image/image.h"

namespace shellcarve::vss {

struct BfioWindow {
  Image* image = nullptr;
  uint64_t offset = 0;
  uint64_t length = 0;
  uint64_t position = 0;  // within the window
  bool open = false;
};

struct BfioHandleCloser {
  void operator()(libbfio_handle_t* handle) const;
};
using BfioHandlePtr = std::unique_ptr<libbfio_handle_t, BfioHandleCloser>;

// A handle reading `window`, which must stay at its address while the handle lives.
Result<BfioHandlePtr> make_bfio_handle(BfioWindow& window);

}  // namespace shellcarve::vss
