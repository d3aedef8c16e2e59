// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// gemm_f32_rows_mrx2v: the register-blocked GEMM microkernel of channels-last data, where a
// pixel's channels are one contiguous row and the output channels go in the lanes:
//
//   out[m][j] = bias[j] + sum_{c < k} a[m][c] * b[c * kTileN + j]
//   for m < MR (output pixels, each reading its own input row a[m]), j < kTileN (output
//   channels; 8 on wasm SIMD128)
//
// It is igemm_f32_mrx2v (igemm_microkernel.h) with the roles of the two operands swapped:
// each step c broadcasts one input value per pixel and loads two vectors of a packed panel
// of weights (kTileN output channels of input channel c), updating MR x 2 accumulators: 4*MR
// flops for 2 + MR loads, as there. The bias is per lane here, so it seeds the accumulators
// as vectors, and every output is bias first, then the channels in order: the sums of the
// channels-first GEMM, term for term. Preconditions: b holds k x kTileN floats (zero columns
// past the last output channel) and bias kTileN; only the first `n_valid` columns of each
// row are stored.
#pragma once

#include <cstdint>

#include "kernels/igemm_microkernel.h"
#include "kernels/vec.h"

namespace wasmconv::kernels {

template <int MR>
inline void gemm_f32_rows_mrx2v(int64_t k, const float* const* a, const float* b, const float* bias,
                                float* const* out, int64_t n_valid) {
  Vec acc0[MR], acc1[MR];
  const Vec bias0 = Vec::load_unaligned(bias), bias1 = Vec::load_unaligned(bias + kLanes);
  const float* row[MR];
  for (int m = 0; m < MR; ++m) {
    acc0[m] = bias0;
    acc1[m] = bias1;
    row[m] = a[m];
  }
  // Pointer-bounded loop: 32-bit address arithmetic only on wasm32.
  for (const float* const b_end = b + k * kTileN; b != b_end; b += kTileN) {
    const Vec b0 = Vec::load_unaligned(b);
    const Vec b1 = Vec::load_unaligned(b + kLanes);
    for (int m = 0; m < MR; ++m) {
      const Vec am(*row[m]++);
      acc0[m] = madd(am, b0, acc0[m]);
      acc1[m] = madd(am, b1, acc1[m]);
    }
  }
  for (int m = 0; m < MR; ++m) {
    const Vec tile_row[2] = {acc0[m], acc1[m]};
    store_tile_row(tile_row, out[m], n_valid);
  }
}

}  // namespace wasmconv::kernels
