// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// doctest's main, shared by the native and the WebAssembly test binaries. One option of
// its own, `--test-threads=N`: the fast paths then run on a pool of N threads
// (support/threads.h). Everything else goes to doctest.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "support/threads.h"

int main(int argc, char** argv) {
  std::vector<char*> rest;
  constexpr const char* kThreads = "--test-threads=";
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], kThreads, std::strlen(kThreads)) == 0) {
      wasmconv::test::set_test_threads(std::atoi(argv[i] + std::strlen(kThreads)));
    } else {
      rest.push_back(argv[i]);
    }
  }
  doctest::Context context(static_cast<int>(rest.size()), rest.data());
  return context.run();
}
