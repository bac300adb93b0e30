#include "report/digest.h"

#include <openssl/evp.h>

#include <memory>

#include "image/media_hasher.h"

namespace shellcarve {
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

}  // namespace shellcarve
