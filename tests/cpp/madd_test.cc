// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// madd (src/kernels/vec.h), the multiply-accumulate of every kernel: a * b + acc in each
// lane, fused in the relaxed-SIMD build where the engine fuses, two roundings elsewhere.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "kernels/vec.h"

namespace wasmconv::kernels {
namespace {

// first, first + 1, ...: known to the compiler, which may evaluate madd itself.
Vec lanes(float first) {
  alignas(64) float v[Vec::size];
  for (std::size_t l = 0; l < Vec::size; ++l) v[l] = first + static_cast<float>(l);
  return Vec::load_unaligned(v);
}

// The same lanes times a 1 that the compiler cannot see, so that madd runs on the engine.
// The relaxed build rewrites its opcode after linking: both ways must agree.
volatile float unseen_one = 1.0f;
Vec lanes_at_run_time(float first, float step = 1.0f) {
  const float one = unseen_one;
  alignas(64) float v[Vec::size];
  for (std::size_t l = 0; l < Vec::size; ++l) v[l] = (first + step * static_cast<float>(l)) * one;
  return Vec::load_unaligned(v);
}

}  // namespace

TEST_CASE("madd computes a * b + acc in every lane") {
  alignas(64) float folded[Vec::size], run[Vec::size];
  madd(lanes(1.0f), lanes(-3.0f), lanes(10.0f)).store_unaligned(folded);
  madd(lanes_at_run_time(1.0f), lanes_at_run_time(-3.0f), lanes_at_run_time(10.0f))
      .store_unaligned(run);
  for (std::size_t l = 0; l < Vec::size; ++l) {
    const float a = 1.0f + static_cast<float>(l), b = -3.0f + static_cast<float>(l),
                acc = 10.0f + static_cast<float>(l);
    CHECK(folded[l] == a * b + acc);  // small integers: exact either way
    CHECK(run[l] == a * b + acc);
  }
}

TEST_CASE("madd rounds once (fused) or twice, and twice wherever the build has no fused op") {
  // a = 1 + 2^-12: a * a = 1 + 2^-11 + 2^-24 exactly, which float rounds to 1 + 2^-11 (a tie,
  // to even); adding -1 then gives 2^-11. Rounded once, the sum keeps the 2^-24.
  const float a = 1.0f + std::ldexp(1.0f, -12);
  const float twice = std::ldexp(1.0f, -11), once = std::ldexp(1.0f, -11) + std::ldexp(1.0f, -24);
  alignas(64) float out[Vec::size];
  madd(lanes_at_run_time(a, 0.0f), lanes_at_run_time(a, 0.0f), lanes_at_run_time(-1.0f, 0.0f))
      .store_unaligned(out);
  const std::string rounding = out[0] == once ? "fused" : "rounded twice";
  MESSAGE("madd in this build: ", rounding);
  for (std::size_t l = 0; l < Vec::size; ++l) CHECK((out[l] == once || out[l] == twice));
#if defined(__EMSCRIPTEN__) && !defined(WASMCONV_RELAXED_MADD)
  // WebAssembly's SIMD128 and scalar f32 ops have no fusion: the SIMD and scalar builds
  // give bit-identical results on every engine.
  CHECK(out[0] == twice);
#endif
}

}  // namespace wasmconv::kernels
