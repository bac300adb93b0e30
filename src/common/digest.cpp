#include "common/digest.h"

#include <openssl/evp.h>

#include <memory>

namespace shellcarve {

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const unsigned char b : bytes) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0x0F]);
  }
  return hex;
}

namespace {

std::string digest_hex(const EVP_MD* md, const void* data, size_t size) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data, size, out, &length, md, nullptr) != 1) return {};
  return to_hex(std::span<const unsigned char>(out, length));
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  return digest_hex(EVP_sha256(), bytes.data(), bytes.size());
}

ContentDigests digest_all(std::span<const std::byte> bytes) {
  return {digest_hex(EVP_md5(), bytes.data(), bytes.size()),
          digest_hex(EVP_sha1(), bytes.data(), bytes.size()),
          digest_hex(EVP_sha256(), bytes.data(), bytes.size())};
}

struct Sha256Stream::Context {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
};

Sha256Stream::Sha256Stream() : context_(std::make_unique<Context>()) {}
Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::update(std::string_view bytes) {
  if (context_->ok) context_->ok = EVP_DigestUpdate(context_->ctx.get(), bytes.data(), bytes.size()) == 1;
}

// An empty string when libcrypto failed, as sha256_hex answers: the manifest then shows no
// hash rather than a wrong one.
std::string Sha256Stream::finish_hex() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!context_->ok || EVP_DigestFinal_ex(context_->ctx.get(), out, &length) != 1) return {};
  context_->ok = false;
  return to_hex(std::span<const unsigned char>(out, length));
}

struct ContentDigestStream::Context {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> md5{EVP_MD_CTX_new()}, sha1{EVP_MD_CTX_new()}, sha256{EVP_MD_CTX_new()};
  bool ok = md5 && sha1 && sha256 && EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr) == 1 &&
            EVP_DigestInit_ex(sha1.get(), EVP_sha1(), nullptr) == 1 &&
            EVP_DigestInit_ex(sha256.get(), EVP_sha256(), nullptr) == 1;
};

ContentDigestStream::ContentDigestStream() : context_(std::make_unique<Context>()) {}
ContentDigestStream::~ContentDigestStream() = default;
ContentDigestStream::ContentDigestStream(ContentDigestStream&&) noexcept = default;
ContentDigestStream& ContentDigestStream::operator=(ContentDigestStream&&) noexcept = default;

void ContentDigestStream::update(std::span<const std::byte> bytes) {
  Context& c = *context_;
  if (c.ok)
    c.ok = EVP_DigestUpdate(c.md5.get(), bytes.data(), bytes.size()) == 1 &&
           EVP_DigestUpdate(c.sha1.get(), bytes.data(), bytes.size()) == 1 &&
           EVP_DigestUpdate(c.sha256.get(), bytes.data(), bytes.size()) == 1;
}

ContentDigests ContentDigestStream::finish() {
  Context& c = *context_;
  auto final_hex = [&](EVP_MD_CTX* ctx) -> std::string {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!c.ok || EVP_DigestFinal_ex(ctx, out, &length) != 1) return {};
    return to_hex(std::span<const unsigned char>(out, length));
  };
  ContentDigests digests{final_hex(c.md5.get()), final_hex(c.sha1.get()), final_hex(c.sha256.get())};
  c.ok = false;
  return digests;
}

}  // namespace shellcarve
