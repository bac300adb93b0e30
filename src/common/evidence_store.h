// EvidenceStore: flagged content written to a case folder's evidence/ as soon as it is
// found, each content once as <sha256>.bin (named by its hash, never by a name from the
// image), written to a temporary file, hashed as it is written, checked against the hash
// the finding states, made read-only and renamed into place. Only the name, size and hash
// of each file stay in memory, so a scan holds no flagged content beyond the piece being
// written, however many files it flags (issue "Nothing silent", item 13: every flagged
// page used to be held until the end of the scan).
//
// Threading: store() and discard() may be called from several threads (the carving
// workers); the files are written one at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/manifest_output.h"

namespace shellcarve {

class EvidenceStore {
 public:
  // `directory` (e.g. "<staging>/evidence") must exist.
  explicit EvidenceStore(std::string directory);

  using ByteSink = std::function<void(std::span<const std::byte>)>;
  // Hands the content, in order, to the sink it is given.
  using Producer = std::function<Status(const ByteSink&)>;

  // Writes "<sha256>.bin" from `produce`, unless content with that hash is stored already.
  // Returns true when this call wrote it. An error (nothing left behind) when writing fails,
  // when `produce` does, or when the bytes given do not hash to `sha256`.
  Result<bool> store(const std::string& sha256, const Producer& produce);
  // The same for content held in memory.
  Result<bool> store_bytes(const std::string& sha256, std::span<const std::byte> bytes);
  // Removes a stored file again (carved content that turned out to be a copy of content
  // reported elsewhere); nothing when it is not stored.
  Status discard(const std::string& sha256);

  bool contains(const std::string& sha256) const;
  // The files as the manifest lists them ("evidence/<sha256>.bin", size, SHA-256), by hash.
  std::vector<ManifestOutput> outputs() const;
  // Where the file of `sha256` is (stored or not).
  std::string path_of(const std::string& sha256) const;

  // Accounting, for tests and the manifest: the most bytes of evidence content this store
  // ever held in memory at once (the largest piece handed to it), and the bytes written.
  uint64_t peak_bytes_held() const;
  uint64_t bytes_written() const;

 private:
  std::string directory_;
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> stored_;  // sha256 -> size
  uint64_t peak_bytes_held_ = 0;
  uint64_t bytes_written_ = 0;
};

}  // namespace shellcarve
