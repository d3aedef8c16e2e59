// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// libFuzzer target: differential fuzzing of the fast paths against the reference on
// small random settings. Every valid request is run through Backend::kSimd and
// Backend::kReference on the same pseudo-random data; any difference beyond float
// rounding aborts. Buffers are sized exactly as the geometry says, so ASan reports any
// kernel that reads or writes past them.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "fuzz_input.h"
#include "wasmconv/conv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wasmconv;
  FuzzedDataProvider fdp(data, size);
  const fuzz::Request r = fuzz::decode(fdp, /*small=*/true);
  ConvGeometry g;
  if (!plan_conv(r.params, r.x, r.w, r.bias_length, &g).ok()) return 0;
  uint32_t state = fdp.ConsumeIntegral<uint32_t>() | 1u;
  auto next = [&state]() {  // xorshift32: values in [-1, 1)
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<float>(state) / 2147483648.0f - 1.0f;
  };
  std::vector<float> x(static_cast<size_t>(g.input_size())), w(static_cast<size_t>(g.weight_size()));
  std::vector<float> bias(static_cast<size_t>(g.out_channels));
  for (float& v : x) v = next();
  for (float& v : w) v = next();
  for (float& v : bias) v = next();
  std::vector<float> want(static_cast<size_t>(g.output_size())), got(want.size());
  const float* b = g.has_bias ? bias.data() : nullptr;
  if (!run_conv(g, x.data(), w.data(), b, want.data(), Backend::kReference).ok()) std::abort();
  if (!run_conv(g, x.data(), w.data(), b, got.data(), Backend::kSimd).ok()) std::abort();
  float scale = 1.0f;
  for (float v : want) scale = std::max(scale, std::fabs(v));
  for (size_t i = 0; i < want.size(); ++i) {
    if (!(std::fabs(want[i] - got[i]) <= 1e-5f * scale)) std::abort();
  }
  return 0;
}
