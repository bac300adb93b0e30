// replay_main.h: a main() for fuzz targets built without libFuzzer: replays every file (or
// every file in each directory) named on the command line through LLVMFuzzerTestOneInput,
// so a crash found by the fuzzer reproduces under gcc, gdb or valgrind. Included by each
// fuzz_*.cpp unless SHELLCARVE_FUZZ_NO_MAIN is defined (libFuzzer brings its own main).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace shellcarve::fuzz {

inline int replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return 0;
}

}  // namespace shellcarve::fuzz

int main(int argc, char** argv) {
  int status = 0;
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (!entry.is_regular_file()) continue;
        status |= shellcarve::fuzz::replay_file(entry.path());
        ++count;
      }
    } else {
      status |= shellcarve::fuzz::replay_file(arg);
      ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return status;
}
