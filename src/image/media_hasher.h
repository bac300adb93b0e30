// media_hasher.h: MD5, SHA-1 and SHA-256 of a whole media in one pass, for `verify`. The
// calling thread reads the media in large blocks into a small ring of buffers; hasher
// threads each run some of the digests over every block, so reading (for E01: inflating
// and checksumming chunks inside libewf) overlaps hashing, and the digests run side by side.
// Damage the image reports (EWF chunks failing their checksum, read as zeros) is collected
// and the pass goes on; an outright read error stops it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "image/image.h"

namespace shellcarve {

struct MediaHashes {
  std::string md5;     // lowercase hex
  std::string sha1;
  std::string sha256;
  uint64_t bytes_read = 0;
  std::vector<ReadDamage> damage;
};

struct HashOptions {
  size_t block_size = 8u << 20;  // bytes per read
  size_t buffers = 4;            // blocks in flight between the reader and the hashers
  // Threads running digests: 1 runs all three in one thread; 2 puts MD5 (the slowest)
  // alone and SHA-1 with SHA-256; 3 gives each its own. 0 chooses from the core count.
  unsigned hasher_threads = 0;
  // Called from the reading thread after each block with (bytes done, total).
  std::function<void(uint64_t, uint64_t)> progress;
  // Checked before each block: true stops the pass with an error (kLimit, "cancelled").
  std::function<bool()> cancelled;
};

Result<MediaHashes> hash_media(Image& image, const HashOptions& options = {});

}  // namespace shellcarve
