// corpus_support.h: finding and reading the shared test corpus (real $MFT files, INDX
// records, images with TSK oracles). Tests that use it GTEST_SKIP when it is absent.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

namespace shellcarve::ntfs::testing {

inline std::optional<std::filesystem::path> corpus_dir() {
  for (const std::filesystem::path& p :
       {std::filesystem::path(SHELLCARVE_SOURCE_DIR "/../shared/corpus"),
        std::filesystem::path("/work/shared/corpus")}) {
    std::error_code ec;
    if (std::filesystem::is_directory(p / "mft", ec)) return p;
  }
  return std::nullopt;
}

inline std::vector<std::byte> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(chars.size());
  for (size_t i = 0; i < chars.size(); ++i) out[i] = std::byte(static_cast<unsigned char>(chars[i]));
  return out;
}

}  // namespace shellcarve::ntfs::testing

#define SC_REQUIRE_CORPUS(var)                                        \
  const auto var##_opt = ::shellcarve::ntfs::testing::corpus_dir();   \
  if (!var##_opt) GTEST_SKIP() << "shared corpus not present";        \
  const std::filesystem::path var = *var##_opt
