#include "common/file_digest.h"

#include <fstream>

#include "common/digest.h"

namespace shellcarve {

std::optional<std::string> sha256_file_hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  Sha256Stream sha256;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    sha256.update(std::string_view(buffer, static_cast<size_t>(in.gcount())));
  if (in.bad()) return std::nullopt;
  return sha256.finish_hex();
}

}  // namespace shellcarve
