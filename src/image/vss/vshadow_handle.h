// The libvshadow side of VssCatalog, shared by the catalog and the store images it opens:
// one libvshadow volume over a libbfio window of our image, its mutex (libvshadow and the
// window's read position serve one reader at a time), and the conversion of libvshadow's
// error chains into our messages. Included only inside src/image/vss/.
#pragma once

#include <libvshadow.h>

#include <memory>
#include <mutex>
#include <string>

#include "image/vss/bfio_window.h"
#include "image/vss/vss.h"

namespace shellcarve::vss {

struct VolumeHandle {
  VolumeHandle() = default;
  VolumeHandle(const VolumeHandle&) = delete;
  VolumeHandle& operator=(const VolumeHandle&) = delete;
  ~VolumeHandle();

  std::mutex mutex;
  BfioWindow window;  // at a fixed address: the bfio handle points to it
  BfioHandlePtr bfio;
  libvshadow_volume_t* volume = nullptr;  // open when set
  std::string what;                        // "partition 1", for messages
};

// libvshadow's error as one line ("" when none); frees it.
std::string take_error(libvshadow_error_t*& error);

struct StoreCloser {
  void operator()(libvshadow_store_t* store) const { libvshadow_store_free(&store, nullptr); }
};
using StorePtr = std::unique_ptr<libvshadow_store_t, StoreCloser>;

// The store's view as an Image (vss_store_image.cpp). `handle` is locked by the caller
// only while the store is fetched, not while the image lives.
std::unique_ptr<Image> make_store_image(std::shared_ptr<VolumeHandle> handle, StorePtr store,
                                        const VssStore& info, const Image& parent);

}  // namespace shellcarve::vss
