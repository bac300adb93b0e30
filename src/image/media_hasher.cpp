// The pipeline: a ring of `buffers` blocks. The reader (the calling thread) fills block k in
// slot k % buffers once every hasher has released that slot, then publishes it; each hasher
// thread consumes blocks 0, 1, 2 ... in order and releases each slot when its digests are
// updated. One mutex and two condition variables; with 8 MiB blocks they are taken a few
// hundred times per GiB, so locking costs nothing next to hashing. Digests use OpenSSL's
// EVP interface (libcrypto 3.0 picks SHA-NI / AVX code paths where the CPU has them).
#include "image/media_hasher.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "common/digest.h"

namespace shellcarve {
namespace {

struct CtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_MD_CTX, CtxFree>;

struct Digest {
  const char* name;
  CtxPtr ctx;
  std::string hex;
};

Result<Digest> start_digest(const char* name, const EVP_MD* md) {
  CtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1)
    return fail(ErrorCode::kUnsupported, fmt::format("libcrypto cannot start {}", name));
  return Digest{name, std::move(ctx), {}};
}

struct Slot {
  std::vector<std::byte> data;
  size_t length = 0;
  unsigned pending = 0;  // hashers that have not finished with this block
};

class Pipeline {
 public:
  Pipeline(size_t buffers, size_t block_size, unsigned hashers)
      : slots_(buffers), hashers_(hashers) {
    for (auto& slot : slots_) slot.data.resize(block_size);
  }

  // Reader: the slot for block `seq`, once all hashers released it (nullptr when stopped).
  Slot* acquire(uint64_t seq) {
    std::unique_lock lock(mutex_);
    Slot& slot = slots_[seq % slots_.size()];
    released_.wait(lock, [&] { return slot.pending == 0; });
    return &slot;
  }
  void publish(uint64_t seq, size_t length) {
    {
      std::lock_guard lock(mutex_);
      Slot& slot = slots_[seq % slots_.size()];
      slot.length = length;
      slot.pending = hashers_;
      published_ = seq + 1;
    }
    ready_.notify_all();
  }
  void finish() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    ready_.notify_all();
  }

  // Hasher: block `seq`, or nullptr when the reader finished before publishing it.
  const Slot* next(uint64_t seq) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return published_ > seq || done_; });
    if (published_ <= seq) return nullptr;
    return &slots_[seq % slots_.size()];
  }
  void release(uint64_t seq) {
    {
      std::lock_guard lock(mutex_);
      --slots_[seq % slots_.size()].pending;
    }
    released_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable released_;
  std::vector<Slot> slots_;
  unsigned hashers_;
  uint64_t published_ = 0;
  bool done_ = false;
};

unsigned choose_hashers(unsigned requested) {
  if (requested != 0) return std::min(requested, 3u);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  // One core goes to reading; MD5 (about 750 MB/s) is the slowest digest, so with two
  // cores it runs alone while SHA-1 and SHA-256 (both SHA-NI fast) share the other.
  return cores >= 4 ? 3u : cores >= 2 ? 2u : 1u;
}

}  // namespace

Result<MediaHashes> hash_media(Image& image, const HashOptions& options) {
  if (options.block_size == 0 || options.buffers == 0)
    return fail(ErrorCode::kInvalidArgument, "hash_media: block size and buffers must be > 0");
  std::vector<Digest> digests;
  {
    SC_ASSIGN_OR_RETURN(Digest md5, start_digest("MD5", EVP_md5()));
    SC_ASSIGN_OR_RETURN(Digest sha1, start_digest("SHA-1", EVP_sha1()));
    SC_ASSIGN_OR_RETURN(Digest sha256, start_digest("SHA-256", EVP_sha256()));
    digests.push_back(std::move(md5));
    digests.push_back(std::move(sha1));
    digests.push_back(std::move(sha256));
  }
  const unsigned hashers = choose_hashers(options.hasher_threads);
  // Which digests each hasher runs: digests[0] is MD5.
  std::vector<std::vector<Digest*>> groups(hashers);
  if (hashers == 1) groups[0] = {&digests[0], &digests[1], &digests[2]};
  if (hashers == 2) groups = {{&digests[0]}, {&digests[1], &digests[2]}};
  if (hashers == 3) groups = {{&digests[0]}, {&digests[1]}, {&digests[2]}};

  const uint64_t total = image.size();
  const size_t block = static_cast<size_t>(std::min<uint64_t>(options.block_size, std::max<uint64_t>(total, 1)));
  Pipeline pipeline(std::min<size_t>(options.buffers, std::max<uint64_t>(1, (total + block - 1) / block)),
                    block, hashers);
  std::vector<char> digest_failed(hashers, 0);

  std::vector<std::jthread> threads;
  for (unsigned h = 0; h < hashers; ++h) {
    threads.emplace_back([&, h] {
      for (uint64_t seq = 0;; ++seq) {
        const Slot* slot = pipeline.next(seq);
        if (slot == nullptr) return;
        for (Digest* digest : groups[h])
          if (EVP_DigestUpdate(digest->ctx.get(), slot->data.data(), slot->length) != 1)
            digest_failed[h] = 1;
        pipeline.release(seq);
      }
    });
  }

  MediaHashes result;
  Status read_status;
  uint64_t seq = 0;
  for (uint64_t offset = 0; offset < total; ++seq) {
    if (options.cancelled && options.cancelled()) {
      read_status = fail(ErrorCode::kLimit, "cancelled");
      break;
    }
    const size_t length = static_cast<size_t>(std::min<uint64_t>(block, total - offset));
    Slot* slot = pipeline.acquire(seq);
    read_status = image.read(offset, std::span(slot->data).first(length));
    if (!read_status) break;
    pipeline.publish(seq, length);
    offset += length;
    result.bytes_read = offset;
    for (auto& damage : image.take_damage()) result.damage.push_back(std::move(damage));
    if (options.progress) options.progress(offset, total);
  }
  pipeline.finish();
  threads.clear();  // joins
  if (!read_status)
    return fail(read_status.error().code,
                fmt::format("hashing stopped after {} of {} bytes: {}", result.bytes_read, total,
                            read_status.error().message));
  for (unsigned h = 0; h < hashers; ++h)
    if (digest_failed[h] != 0) return fail(ErrorCode::kIo, "libcrypto failed while hashing");

  for (Digest& digest : digests) {
    unsigned char value[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(digest.ctx.get(), value, &size) != 1)
      return fail(ErrorCode::kIo, fmt::format("libcrypto cannot finish {}", digest.name));
    digest.hex = to_hex(std::span<const unsigned char>(value, size));
  }
  result.md5 = digests[0].hex;
  result.sha1 = digests[1].hex;
  result.sha256 = digests[2].hex;
  return result;
}

}  // namespace shellcarve
