// Content digests (OpenSSL libcrypto EVP): what every extracted or written file is
// identified by in the manifest and the findings.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace shellcarve {

struct ContentDigests {
  std::string md5, sha1, sha256;  // lowercase hex
};

std::string sha256_hex(std::string_view bytes);
ContentDigests digest_all(std::span<const std::byte> bytes);

}  // namespace shellcarve
