// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The machine's f32x4 multiply + add throughput in WebAssembly, the ceiling of direct
// convolution kernels (this toolchain has no fused multiply-add).
//
// Per iteration: kChains independent multiply chains and kChains independent add chains,
// so the adds never wait for the multiplies, and enough of each in flight that neither op
// waits for its own latency: the loop is bounded by the FP ports (measured on this
// project's Xeon: 33-34 GFLOP/s in Node 20 and Chromium 156). Two ways to read low, both
// measured in Node 20 in one process: 6 + 6 chains read 3-4% lower, and clang unrolling the
// 6-chain loop by two (which puts each chain's two dependent ops next to each other) read
// 29.5 where the same loop not unrolled read 32.3, below what a GEMM-shaped loop of the
// kernels' own microkernel reaches from L1; hence 7 + 7 and no unrolling. More chains do
// not fit: V8 maps v128 locals onto the 15 allocatable xmm registers on x64, 14 chains and
// the one constant that both ops share fill them, and a spilled chain costs a load and a
// store every iteration (an earlier 8 + 8 version read 20 GFLOP/s).
//
// The values stay finite and normal: m grows by (1 + 1e-7)^iterations, a by 1 per
// iteration. The results depend on every chain, so nothing can be optimised away; the
// caller checks the add chains' sum (returned) and the multiply chains' sum (peak_mul_sum)
// separately against their closed forms (peak.mjs): the multiply part is small beside the
// add part.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

namespace {
constexpr int kChains = 7;
double mul_sum = 0;  // of the last peak_muladd call
}  // namespace

// Two lanes of every multiply chain, summed, after the last peak_muladd call.
extern "C" EMSCRIPTEN_KEEPALIVE double peak_mul_sum() { return mul_sum; }

// Flops per iteration: 2 * kChains vector ops x 4 lanes.
extern "C" EMSCRIPTEN_KEEPALIVE int peak_flops_per_iteration() { return 2 * kChains * 4; }

extern "C" EMSCRIPTEN_KEEPALIVE double peak_muladd(int iterations, float step) {
  const v128_t k = wasm_f32x4_splat(1.0f + step);
  v128_t m[kChains], a[kChains];
  for (int i = 0; i < kChains; ++i) {
    m[i] = wasm_f32x4_splat(1.0f + static_cast<float>(i));
    a[i] = wasm_f32x4_splat(static_cast<float>(i));
  }
#pragma clang loop unroll(disable)
  for (int it = 0; it < iterations; ++it) {
    for (int i = 0; i < kChains; ++i) {
      m[i] = wasm_f32x4_mul(m[i], k);
      a[i] = wasm_f32x4_add(a[i], k);
    }
  }
  // Two lanes of each chain (lanes are identical; reading two keeps the code honest).
  double add_sum = 0;
  mul_sum = 0;
  for (int i = 0; i < kChains; ++i) {
    mul_sum +=
        static_cast<double>(wasm_f32x4_extract_lane(m[i], 0)) + wasm_f32x4_extract_lane(m[i], 3);
    add_sum +=
        static_cast<double>(wasm_f32x4_extract_lane(a[i], 1)) + wasm_f32x4_extract_lane(a[i], 2);
  }
  return add_sum;
}
