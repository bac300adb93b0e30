// Content digests (OpenSSL libcrypto EVP): what every extracted or written file is
// identified by in the manifest and the findings.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace shellcarve {

struct ContentDigests {
  std::string md5, sha1, sha256;  // lowercase hex
};

// Lowercase hex of `bytes`.
std::string to_hex(std::span<const unsigned char> bytes);

std::string sha256_hex(std::string_view bytes);
ContentDigests digest_all(std::span<const std::byte> bytes);

// SHA-256 of bytes that come in pieces (an output hashed as it is written, never held whole).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(Sha256Stream&&) noexcept;
  Sha256Stream& operator=(Sha256Stream&&) noexcept;
  void update(std::string_view bytes);
  // Lowercase hex of everything given; the stream is spent afterwards.
  std::string finish_hex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// MD5, SHA-1 and SHA-256 of bytes that come in pieces (flagged content of any size).
class ContentDigestStream {
 public:
  ContentDigestStream();
  ~ContentDigestStream();
  ContentDigestStream(ContentDigestStream&&) noexcept;
  ContentDigestStream& operator=(ContentDigestStream&&) noexcept;
  void update(std::span<const std::byte> bytes);
  // Lowercase hex of everything given (empty strings when libcrypto failed); spent afterwards.
  ContentDigests finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace shellcarve
