#include "case/image_hash_job.h"

#include "image/image.h"

namespace shellcarve {

ImageHashJob::ImageHashJob(const std::string& image_path, bool enabled) {
  if (!enabled) return;
  thread_ = std::thread([this, image_path] {
    auto image = open_image(image_path);
    if (!image) {
      result_ = std::unexpected(image.error());
      return;
    }
    result_ = describe_image_for_manifest(**image, true, [this] { return cancel_.load(std::memory_order_relaxed); });
  });
}

ImageHashJob::~ImageHashJob() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

Result<ManifestImage> ImageHashJob::wait() {
  if (thread_.joinable()) thread_.join();
  if (!result_) return fail(ErrorCode::kInvalidArgument, "the image was not hashed");
  return *result_;
}

}  // namespace shellcarve
