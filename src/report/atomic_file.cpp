#include "report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace shellcarve {

Status write_file_atomically(const std::string& path, std::string_view content) {
  std::string temp = path + ".partial-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return fail(ErrorCode::kIo, fmt::format("cannot create a temporary file beside '{}': {}",
                                            path, std::strerror(errno)));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return fail(ErrorCode::kIo, fmt::format("cannot write '{}': {}", temp, std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return fail(ErrorCode::kIo, fmt::format("cannot finish '{}': {}", temp, std::strerror(err)));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return fail(ErrorCode::kIo, fmt::format("cannot rename '{}' to '{}': {}", temp, path,
                                            std::strerror(err)));
  }
  return {};
}

}  // namespace shellcarve
