// fuzz_target.h: how a fuzz target is declared. `SHELLCARVE_FUZZ_TARGET(name)` opens the
// entry function: LLVMFuzzerTestOneInput for libFuzzer and for the plain replay program
// (replay_main.h), or shellcarve_fuzz_<name> when SHELLCARVE_FUZZ_IN_TESTS is defined, so
// tests/fuzz/replay_test.cpp can link every target into the gcc test binary and replay the
// committed seed corpora as ordinary tests.
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef SHELLCARVE_FUZZ_IN_TESTS
#define SHELLCARVE_FUZZ_TARGET(name) \
  int shellcarve_fuzz_##name(const uint8_t* data, size_t size)
#else
#define SHELLCARVE_FUZZ_TARGET(name) \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
#endif

#if !defined(SHELLCARVE_FUZZ_IN_TESTS) && !defined(SHELLCARVE_FUZZ_NO_MAIN)
#include "replay_main.h"
#endif
