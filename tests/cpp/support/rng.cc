// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Seed selection of the randomized tests (rng.h).
#include "support/rng.h"

#include <cstdlib>

namespace wasmconv::test {

uint32_t seed_from_env(uint32_t fallback) {
  const char* env = std::getenv("WASMCONV_SEED");
  if (env == nullptr || *env == '\0') return fallback;
  char* end = nullptr;
  const unsigned long value = std::strtoul(env, &end, 10);
  return *end == '\0' ? static_cast<uint32_t>(value) : fallback;
}

}  // namespace wasmconv::test
