#include "case/case_folder.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <utility>

namespace shellcarve {
namespace fs = std::filesystem;
namespace {

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::set<std::string>& registry() {
  static std::set<std::string> folders;
  return folders;
}

Status sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::kIo, fmt::format("cannot open '{}' to sync it: {}", path, std::strerror(errno)));
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0) return fail(ErrorCode::kIo, fmt::format("cannot sync '{}': {}", path, std::strerror(err)));
  return {};
}

// Every file and folder under `dir` synced (the files were synced when written; their
// directory entries are synced here), then `dir` itself.
Status sync_tree(const std::string& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec)) SC_RETURN_IF_ERROR(sync_path(it->path().string()));
  if (ec) return fail(ErrorCode::kIo, fmt::format("cannot list '{}': {}", dir, ec.message()));
  return sync_path(dir);
}

// Takes the lock beside the folder; the lock file is checked to still be the one at
// `path` once locked (a run finishing just then may have removed it).
Result<int> take_lock(const std::string& path, const std::string& out) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return fail(ErrorCode::kIo, fmt::format("cannot create the lock file '{}': {}", path, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("--out '{}' is being written by another shellcarve run (lock '{}')", out, path));
      return fail(ErrorCode::kIo, fmt::format("cannot lock '{}': {}", path, std::strerror(err)));
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev)
      return fd;
    ::close(fd);
  }
  return fail(ErrorCode::kIo, fmt::format("cannot take the lock '{}': it keeps being replaced", path));
}

}  // namespace

Result<CaseFolder> CaseFolder::begin(const std::string& out, bool force) {
  const fs::path target = fs::absolute(fs::path(out)).lexically_normal();
  const fs::path dir = target.has_filename() ? target : target.parent_path();
  const std::string name = dir.filename().string();
  if (name.empty() || name == "." || name == "..")
    return fail(ErrorCode::kInvalidArgument, fmt::format("--out '{}' names no folder", out));
  std::error_code ec;
  const auto status = fs::symlink_status(dir, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      return fail(ErrorCode::kInvalidArgument, fmt::format("--out '{}' exists and is not a directory", out));
    if (!fs::is_empty(dir, ec) && !force)
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("--out '{}' exists and is not empty (use --force to replace it)", out));
  }
  const fs::path parent = dir.parent_path();
  if (!fs::is_directory(parent, ec))
    return fail(ErrorCode::kInvalidArgument, fmt::format("--out '{}': folder '{}' does not exist", out,
                                                         parent.string()));
  SC_ASSIGN_OR_RETURN(const int lock_fd, take_lock((parent / ("." + name + ".lock")).string(), out));
  // Staging folders left by a killed run: stale, since we hold the lock.
  const std::string stale_prefix = "." + name + ".staging-";
  for (const auto& entry : fs::directory_iterator(parent, ec))
    if (entry.path().filename().string().starts_with(stale_prefix)) fs::remove_all(entry.path(), ec);
  const std::string staging = (parent / (stale_prefix + std::to_string(::getpid()))).string();
  if (!fs::create_directory(staging, ec) || !fs::create_directory(fs::path(staging) / "evidence", ec)) {
    ::unlink((parent / ("." + name + ".lock")).c_str());
    ::close(lock_fd);
    return fail(ErrorCode::kIo, fmt::format("cannot create the staging folder '{}': {}", staging,
                                            ec ? ec.message() : "it already exists"));
  }
  {
    std::lock_guard lock(registry_mutex());
    registry().insert(staging);
  }
  return CaseFolder(dir.string(), staging, (parent / ("." + name + ".lock")).string(), lock_fd);
}

CaseFolder::CaseFolder(std::string out, std::string staging, std::string lock_path, int lock_fd)
    : out_(std::move(out)), staging_(std::move(staging)), lock_path_(std::move(lock_path)), lock_fd_(lock_fd) {}

CaseFolder::CaseFolder(CaseFolder&& other) noexcept
    : out_(std::move(other.out_)),
      staging_(std::move(other.staging_)),
      lock_path_(std::move(other.lock_path_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      committed_(other.committed_) {}

CaseFolder::~CaseFolder() {
  if (lock_fd_ < 0) return;
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  {
    std::lock_guard lock(registry_mutex());
    registry().erase(staging_);
  }
  // Removed while still held: a run that opened it meanwhile finds, once it holds the
  // lock, that the name no longer leads to it, and takes a fresh one (take_lock).
  ::unlink(lock_path_.c_str());
  ::close(lock_fd_);
}

Status CaseFolder::commit() {
  SC_RETURN_IF_ERROR(sync_tree(staging_));
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(out_, ec));
  if (!replacing) {
    if (::rename(staging_.c_str(), out_.c_str()) != 0)
      return fail(ErrorCode::kIo, fmt::format("cannot move '{}' to '{}': {}", staging_, out_, std::strerror(errno)));
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
    // File systems without RENAME_EXCHANGE: the old folder is moved aside first; between
    // the two renames the new run is complete under the staging name.
    if (errno != EINVAL && errno != ENOSYS)
      return fail(ErrorCode::kIo, fmt::format("cannot swap '{}' in for '{}': {}", staging_, out_, std::strerror(errno)));
    const std::string aside = staging_ + ".old";
    if (::rename(out_.c_str(), aside.c_str()) != 0 || ::rename(staging_.c_str(), out_.c_str()) != 0)
      return fail(ErrorCode::kIo, fmt::format("cannot swap '{}' in for '{}': {}", staging_, out_, std::strerror(errno)));
    fs::remove_all(aside, ec);
  }
  committed_ = true;
  // After the exchange the previous run sits under the staging name.
  if (replacing) fs::remove_all(staging_, ec);
  return sync_path(fs::path(out_).parent_path().string());
}

std::vector<std::string> staging_folders_in_progress() {
  std::lock_guard lock(registry_mutex());
  return {registry().begin(), registry().end()};
}

bool is_case_folder(const std::string& dir) {
  std::error_code ec;
  const fs::path folder(dir.empty() ? "." : dir);
  return fs::exists(folder / "manifest.json", ec) && fs::exists(folder / "findings.json", ec);
}

}  // namespace shellcarve
