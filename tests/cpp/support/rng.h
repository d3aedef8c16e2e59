// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Rng: the seeded random generator of the randomized tests. Every test passes a fixed
// fallback seed, so runs repeat; the environment variable WASMCONV_SEED overrides it for
// every test at once. Declare it with WASMCONV_SEEDED_RNG so that each failing check of
// the test prints "WASMCONV_SEED=<n>", the setting to replay the run with.
//
// Draws are portable (no std:: distributions, whose results differ between libstdc++ and
// libc++), so a seed gives the same settings natively and in WebAssembly.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <ostream>
#include <random>
#include <vector>

namespace wasmconv::test {

// WASMCONV_SEED when it is set to a number, else `fallback`.
uint32_t seed_from_env(uint32_t fallback);

class Rng {
 public:
  explicit Rng(uint32_t fallback_seed) : seed_(seed_from_env(fallback_seed)), engine_(seed_) {}
  uint32_t seed() const { return seed_; }

  // Uniform integer in [lo, hi].
  int64_t uniform(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(static_cast<uint64_t>(engine_()) % span);
  }
  // True with probability 1 / one_in.
  bool chance(int one_in) { return uniform(1, one_in) == 1; }
  // One element of a non-empty list.
  template <class T>
  T pick(const std::vector<T>& values) {
    return values[static_cast<size_t>(uniform(0, static_cast<int64_t>(values.size()) - 1))];
  }
  // n floats uniform in [lo, hi).
  std::vector<float> tensor(int64_t n, float lo = -1.0f, float hi = 1.0f) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& e : v) e = lo + (hi - lo) * static_cast<float>(engine_() >> 8) / 16777216.0f;
    return v;
  }

  friend std::ostream& operator<<(std::ostream& os, const Rng& rng) {
    return os << "WASMCONV_SEED=" << rng.seed_;
  }

 private:
  uint32_t seed_;
  std::mt19937 engine_;
};

}  // namespace wasmconv::test

// Declares `Rng name(fallback_seed)` and attaches its seed to every check that follows in
// the enclosing scope.
#define WASMCONV_SEEDED_RNG(name, fallback_seed) \
  ::wasmconv::test::Rng name(fallback_seed);     \
  INFO(name)
