// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The machine's f32x4 fused multiply-add throughput in WebAssembly (relaxed SIMD's
// f32x4.relaxed_madd): the ceiling of the relaxed-SIMD build's kernels, as peak_muladd.cc's
// mul+add loop is the SIMD build's. Linked like the relaxed build: clang 14's prototype
// qfma is rewritten to the standard opcode after linking (cmake/relaxed_simd.cmake).
//
// Per iteration kChains independent chains a <- a * k + c. An FMA's latency (4 cycles on
// current x86) times its ports (2) needs 8 chains in flight; 12 leave room, and with k and
// c they take 14 of the 15 xmm registers V8 allocates, so nothing spills.
//
// a_n = k^n a_0 + c (k^n - 1) / (k - 1) stays finite and normal for the iteration counts
// used (peak.mjs checks the sum against it, so a chain the compiler or the engine dropped
// fails loudly).
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

namespace {
constexpr int kChains = 12;
}  // namespace

// Flops per iteration: kChains fused multiply-adds x 4 lanes x 2.
extern "C" EMSCRIPTEN_KEEPALIVE int peak_fma_flops_per_iteration() { return kChains * 4 * 2; }

extern "C" EMSCRIPTEN_KEEPALIVE double peak_fma(int iterations, float step) {
  const __f32x4 k = (__f32x4)wasm_f32x4_splat(1.0f + step);
  const __f32x4 c = (__f32x4)wasm_f32x4_splat(step);
  __f32x4 a[kChains];
  for (int i = 0; i < kChains; ++i) a[i] = (__f32x4)wasm_f32x4_splat(1.0f + static_cast<float>(i));
#pragma clang loop unroll(disable)
  for (int it = 0; it < iterations; ++it) {
    // The prototype builtin's meaning is x + y * z: c + a * k.
    for (int i = 0; i < kChains; ++i) a[i] = __builtin_wasm_fma_f32x4(c, a[i], k);
  }
  double sum = 0;
  for (int i = 0; i < kChains; ++i) {
    sum += static_cast<double>(wasm_f32x4_extract_lane((v128_t)a[i], 0)) +
           wasm_f32x4_extract_lane((v128_t)a[i], 3);
  }
  return sum;
}
