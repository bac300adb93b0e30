// image_hash_job.h: the whole-image hash of a scan (MD5, SHA-1, SHA-256 against the stored
// hashes), run on threads of its own from the moment the scan starts, over a second handle
// on the image, so that `scan` costs little more than the longer of the analysis and the
// hash instead of their sum (issue 15: on the 500,000-file bench volume hashing dominated).
// A scan that fails or ends early cancels it (checked between blocks), never waits for it.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "common/result.h"
#include "report/manifest.h"

namespace shellcarve {

class ImageHashJob {
 public:
  // Starts hashing `image_path` (opened again, read-only) when `enabled`; otherwise does nothing.
  ImageHashJob(const std::string& image_path, bool enabled);
  ImageHashJob(const ImageHashJob&) = delete;
  ImageHashJob& operator=(const ImageHashJob&) = delete;
  ~ImageHashJob();  // cancels and joins

  // Waits for the pass: the image described with its computed hashes and damage.
  Result<ManifestImage> wait();

 private:
  std::atomic<bool> cancel_{false};
  std::optional<Result<ManifestImage>> result_;
  std::thread thread_;
};

}  // namespace shellcarve
