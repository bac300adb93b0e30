// Helpers of the evtx tests: reading a test file whole and collecting its events.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "logs/evtx/evtx_file.h"

namespace shellcarve::logs::evtx::test {

inline std::vector<std::byte> read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  for (size_t i = 0; i < chars.size(); ++i) bytes[i] = static_cast<std::byte>(chars[i]);
  return bytes;
}

struct ReadEvtx {
  std::vector<EvtxEvent> events;
  EvtxFileCoverage coverage;
};

inline ReadEvtx read_all(std::span<const std::byte> bytes, const Limits& limits = default_limits()) {
  ReadEvtx out;
  out.coverage = read_evtx(bytes, limits, [&](EvtxEvent&& e) { out.events.push_back(std::move(e)); });
  return out;
}

}  // namespace shellcarve::logs::evtx::test
