// tsk_bridge.h: our Image seen by libtsk. libtsk's volume and file-system layers read
// through a TSK_IMG_INFO; tsk_img_open_external lets us supply one whose read callback calls
// Image::read, so libtsk parses partition tables of E01 and split-raw media read by our own
// image layer. Also turns libtsk's thread-local error state into our Error. Included only
// by volume/ (libtsk's headers stay inside image/ and volume/).
#pragma once

#include <tsk/libtsk.h>

#include <memory>
#include <string>

#include "common/result.h"
#include "image/image.h"

namespace shellcarve::tsk {

struct ImgCloser {
  void operator()(TSK_IMG_INFO* img) const { tsk_img_close(img); }
};
using ImgPtr = std::unique_ptr<TSK_IMG_INFO, ImgCloser>;

struct VsCloser {
  void operator()(TSK_VS_INFO* vs) const { tsk_vs_close(vs); }
};
using VsPtr = std::unique_ptr<TSK_VS_INFO, VsCloser>;

struct FsCloser {
  void operator()(TSK_FS_INFO* fs) const { tsk_fs_close(fs); }
};
using FsPtr = std::unique_ptr<TSK_FS_INFO, FsCloser>;

// A TSK_IMG_INFO reading from `image`, which must outlive it.
Result<ImgPtr> open_external(Image& image);

// libtsk's current error (tsk_error_get) as text, "" when none; resets the error state.
std::string take_error();

}  // namespace shellcarve::tsk
