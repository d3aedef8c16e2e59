// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Test support: a seeded random generator that reports its seed (set WASMCONV_SEED to
// replay a failure), random tensors, random convolution settings covering the awkward
// cases, a one-line description of every parameter for failure messages, and error
// measures.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "wasmconv/conv.h"
#include "wasmconv/geometry.h"

namespace wasmconv::test {

// The seed of this run: WASMCONV_SEED if set, else `fallback` (fixed, so runs repeat).
inline uint32_t seed_from_env(uint32_t fallback) {
  const char* env = std::getenv("WASMCONV_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : fallback;
}

class Rng {
 public:
  explicit Rng(uint32_t fallback_seed) : seed_(seed_from_env(fallback_seed)), engine_(seed_) {}
  uint32_t seed() const { return seed_; }
  // Portable draws (std's distributions differ between libstdc++ and libc++, which would
  // give the native and the wasm runs different settings for the same seed).
  int64_t uniform(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(static_cast<uint64_t>(engine_()) % span);
  }
  bool chance(int one_in) { return uniform(1, one_in) == 1; }
  std::vector<float> tensor(int64_t n, float lo = -1.0f, float hi = 1.0f) {
    std::vector<float> v(static_cast<size_t>(n));
    for (float& e : v) e = lo + (hi - lo) * static_cast<float>(engine_() >> 8) / 16777216.0f;
    return v;
  }

 private:
  uint32_t seed_;
  std::mt19937 engine_;
};

// A request: parameters plus tensor shapes and whether there is a bias.
struct Setting {
  ConvParams params;
  Shape x, w;
  bool bias = false;
  int64_t bias_length() const {
    if (!bias) return -1;
    return params.op == Op::kConv ? w[0] : w[1] * params.groups;
  }
};

std::string describe(const Setting& s);
std::string describe(const ConvGeometry& g);

struct RandomSettingLimits {
  int max_spatial = 9;      // largest spatial size on 1-D/2-D axes (3-D uses less)
  int max_kernel = 5;
  int max_stride = 4;
  int max_dilation = 3;
  int max_pad = 3;
  int max_channels = 3;     // per group
  bool transposed = true;   // may pick the transposed op
  bool padding_modes = true;
  bool output_shape = true;
};

// A random setting that exercises asymmetric padding, stride > kernel, dilation with
// stride, groups (depthwise with multiplier), 1-pixel inputs, even kernels,
// output_padding, output_shape and auto_pad. It may be invalid; callers skip those.
Setting random_setting(Rng& rng, const RandomSettingLimits& limits = {});

// max |got - want| / max(1, max |want|).
double relative_error(const std::vector<float>& got, const std::vector<float>& want);

// Runs `backend` and the reference on random data; returns the relative error.
double backend_error(const ConvGeometry& g, Backend backend, Rng& rng);

// Dot product in double.
double dot(const std::vector<float>& a, const std::vector<float>& b);

// The result of running `g` on the given data with `backend`.
std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w,
                       const float* bias, Backend backend = Backend::kReference);

}  // namespace wasmconv::test
