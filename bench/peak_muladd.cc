// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The machine's f32x4 multiply + add throughput in WebAssembly, the ceiling of direct
// convolution kernels (this toolchain has no fused multiply-add): 8 independent multiply
// chains and 8 independent add chains per iteration, so latency never limits.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

extern "C" EMSCRIPTEN_KEEPALIVE double peak_muladd(int iterations, float seed) {
  v128_t m[8], a[8];
  const v128_t scale = wasm_f32x4_splat(1.0f + 1e-7f * seed), step = wasm_f32x4_splat(1e-7f * seed);
  for (int i = 0; i < 8; ++i) m[i] = a[i] = wasm_f32x4_splat(seed + static_cast<float>(i));
  for (int it = 0; it < iterations; ++it) {
    for (int i = 0; i < 8; ++i) {
      m[i] = wasm_f32x4_mul(m[i], scale);
      a[i] = wasm_f32x4_add(a[i], step);
    }
  }
  v128_t s = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < 8; ++i) s = wasm_f32x4_add(s, wasm_f32x4_add(m[i], a[i]));
  // Flops: 16 vector ops x 4 lanes per iteration; the sum keeps the work observable.
  return static_cast<double>(wasm_f32x4_extract_lane(s, 0));
}
