// Atomic output: content is written to a temporary file beside the target, flushed with
// fsync, then renamed over the target, so a crash never leaves a half file that looks
// complete. The target path comes from the examiner's options, never from image content.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace shellcarve {

Status write_file_atomically(const std::string& path, std::string_view content);

// The same for content produced in pieces: append() writes to the temporary file, commit()
// syncs and renames it over the target. Destroyed without a successful commit(), the
// temporary file is removed and the target left as it was.
class AtomicFileWriter {
 public:
  static Result<AtomicFileWriter> create(const std::string& path);
  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();
  Status append(std::string_view bytes);
  Status commit();

 private:
  AtomicFileWriter(std::string path, std::string temp, int fd);
  Status abandon(const std::string& what, int err);
  std::string path_;
  std::string temp_;
  int fd_ = -1;
};

}  // namespace shellcarve
