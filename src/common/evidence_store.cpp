#include "common/evidence_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/atomic_file.h"
#include "common/digest.h"

namespace shellcarve {

EvidenceStore::EvidenceStore(std::string directory) : directory_(std::move(directory)) {}

std::string EvidenceStore::path_of(const std::string& sha256) const {
  return directory_ + "/" + sha256 + ".bin";
}

Result<bool> EvidenceStore::store(const std::string& sha256, const Producer& produce) {
  const std::lock_guard lock(mutex_);
  if (stored_.contains(sha256)) return false;
  // The name comes from our own hash of the content; refuse anything else as a name.
  if (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      }))
    return fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not a SHA-256 to name evidence by", sha256));
  const std::string path = path_of(sha256);
  SC_ASSIGN_OR_RETURN(AtomicFileWriter file, AtomicFileWriter::create(path));
  Sha256Stream hash;
  uint64_t size = 0;
  Status written;
  const Status produced = produce([&](std::span<const std::byte> piece) {
    if (!written) return;
    peak_bytes_held_ = std::max<uint64_t>(peak_bytes_held_, piece.size());
    const std::string_view text(reinterpret_cast<const char*>(piece.data()), piece.size());
    written = file.append(text);
    hash.update(text);
    size += piece.size();
  });
  SC_RETURN_IF_ERROR(written);
  if (!produced)
    return fail(ErrorCode::kIo, fmt::format("evidence {}.bin not written: reading the content failed after {} "
                                            "bytes: {}", sha256, size, produced.error().message));
  if (const std::string actual = hash.finish_hex(); actual != sha256)
    return fail(ErrorCode::kChecksum, fmt::format("evidence {}.bin not written: the {} bytes read for it have SHA-256 {}",
                                            sha256, size, actual));
  SC_RETURN_IF_ERROR(file.commit());
  // Evidence, never to be run or changed.
  if (::chmod(path.c_str(), 0444) != 0)
    return fail(ErrorCode::kIo, fmt::format("cannot make '{}' read-only: {}", path, std::strerror(errno)));
  stored_.emplace(sha256, size);
  bytes_written_ += size;
  return true;
}

Result<bool> EvidenceStore::store_bytes(const std::string& sha256, std::span<const std::byte> bytes) {
  return store(sha256, [bytes](const ByteSink& sink) -> Status {
    sink(bytes);
    return {};
  });
}

Status EvidenceStore::discard(const std::string& sha256) {
  const std::lock_guard lock(mutex_);
  const auto it = stored_.find(sha256);
  if (it == stored_.end()) return {};
  const std::string path = path_of(sha256);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return fail(ErrorCode::kIo, fmt::format("cannot remove '{}': {}", path, std::strerror(errno)));
  bytes_written_ -= it->second;
  stored_.erase(it);
  return {};
}

bool EvidenceStore::contains(const std::string& sha256) const {
  const std::lock_guard lock(mutex_);
  return stored_.contains(sha256);
}

std::vector<ManifestOutput> EvidenceStore::outputs() const {
  const std::lock_guard lock(mutex_);
  std::vector<ManifestOutput> outputs;
  for (const auto& [sha256, size] : stored_) outputs.push_back({"evidence/" + sha256 + ".bin", size, sha256});
  return outputs;
}

uint64_t EvidenceStore::peak_bytes_held() const {
  const std::lock_guard lock(mutex_);
  return peak_bytes_held_;
}

uint64_t EvidenceStore::bytes_written() const {
  const std::lock_guard lock(mutex_);
  return bytes_written_;
}

}  // namespace shellcarve
