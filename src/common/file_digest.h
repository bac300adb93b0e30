// file_digest.h: the SHA-256 of a file on disk (a rule file, a case folder's output), read
// in pieces so a file of any size is hashed in bounded memory.
#pragma once

#include <optional>
#include <string>

namespace shellcarve {

// Lowercase hex SHA-256 of the file's bytes; nullopt when it cannot be opened or read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace shellcarve
