// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Seed selection of the randomized tests (rng.h).
#include "support/rng.h"

#include <cstdlib>
#include <string>

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>

// Emscripten's getenv() sees only the module's own environment, not Node's: read
// process.env directly ("" when absent or not running under Node). The caller frees.
EM_JS(char*, wasmconv_node_env_seed, (), {
  var v = (typeof process !== "undefined" && process.env && process.env.WASMCONV_SEED) || "";
  var n = lengthBytesUTF8(v) + 1;
  var p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
#endif

namespace wasmconv::test {
namespace {

std::string env_seed() {
#if defined(__EMSCRIPTEN__)
  char* p = wasmconv_node_env_seed();
  std::string s = p != nullptr ? p : "";
  std::free(p);
  return s;
#else
  const char* env = std::getenv("WASMCONV_SEED");
  return env != nullptr ? env : "";
#endif
}

}  // namespace

uint32_t seed_from_env(uint32_t fallback) {
  const std::string env = env_seed();
  if (env.empty()) return fallback;
  char* end = nullptr;
  const unsigned long value = std::strtoul(env.c_str(), &end, 10);
  return *end == '\0' ? static_cast<uint32_t>(value) : fallback;
}

}  // namespace wasmconv::test
