#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace shellcarve {

Result<AtomicFileWriter> AtomicFileWriter::create(const std::string& path) {
  std::string temp = path + ".partial-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return fail(ErrorCode::kIo, fmt::format("cannot create a temporary file beside '{}': {}",
                                            path, std::strerror(errno)));
  return AtomicFileWriter(path, std::move(temp), fd);
}

AtomicFileWriter::AtomicFileWriter(std::string path, std::string temp, int fd)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), fd_(std::exchange(other.fd_, -1)) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_.c_str());
}

Status AtomicFileWriter::abandon(const std::string& what, int err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_.c_str());
  return fail(ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(err)));
}

Status AtomicFileWriter::append(std::string_view bytes) {
  if (fd_ < 0) return fail(ErrorCode::kIo, fmt::format("'{}' is no longer open", temp_));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon(fmt::format("cannot write '{}'", temp_), errno);
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Status AtomicFileWriter::commit() {
  if (fd_ < 0) return fail(ErrorCode::kIo, fmt::format("'{}' is no longer open", temp_));
  if (::fchmod(fd_, 0644) != 0 || ::fsync(fd_) != 0)
    return abandon(fmt::format("cannot finish '{}'", temp_), errno);
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    return fail(ErrorCode::kIo, fmt::format("cannot finish '{}': {}", temp_, std::strerror(err)));
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    return fail(ErrorCode::kIo, fmt::format("cannot rename '{}' to '{}': {}", temp_, path_,
                                            std::strerror(err)));
  }
  return {};
}

Status write_file_atomically(const std::string& path, std::string_view content) {
  SC_ASSIGN_OR_RETURN(AtomicFileWriter file, AtomicFileWriter::create(path));
  SC_RETURN_IF_ERROR(file.append(content));
  return file.commit();
}

}  // namespace shellcarve
