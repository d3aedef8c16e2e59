// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// igemm_f32_MRx2v: the register-blocked indirect GEMM microkernel of the fast paths.
//
//   out[m][j] = init[m] + sum_{t < taps} sum_{c < channels}
//                 w_packed[(t*channels + c)*MR + m] * base[tap_offsets[t] + c*channel_stride + j]
//   for m < MR (output channels), j < NR = 2 * kLanes (output pixels; 8 on wasm SIMD128)
//
// Each (t, c) step loads two vectors of B (a run of input pixels of channel c shifted by
// tap t; no im2col buffer), broadcasts MR weights and updates MR x 2 accumulators: 4*MR
// flops for 2 + MR loads. Preconditions: base[tap_offsets[t] + c*channel_stride + j] is
// readable for every t, c and j < NR (callers pad their buffers); only the first `n_valid`
// columns are stored.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

inline constexpr int kTileN = 2 * kLanes;

template <int MR>
inline void igemm_f32_mrx2v(int64_t taps, const int64_t* tap_offsets, int64_t channels,
                            std::ptrdiff_t channel_stride, const float* w_packed,
                            const float* base, const float* init, float* const* out,
                            int64_t n_valid) {
  Vec acc0[MR], acc1[MR];
  for (int m = 0; m < MR; ++m) acc0[m] = acc1[m] = Vec(init[m]);
  const float* wk = w_packed;
  for (int64_t t = 0; t < taps; ++t) {
    // Pointer-bounded loops: 32-bit address arithmetic only on wasm32.
    const float* b = base + tap_offsets[t];
    const float* const b_end = b + channels * channel_stride;
    for (; b != b_end; b += channel_stride, wk += MR) {
      const Vec b0 = Vec::load_unaligned(b);
      const Vec b1 = Vec::load_unaligned(b + kLanes);
      for (int m = 0; m < MR; ++m) {
        const Vec wm(wk[m]);
        acc0[m] = madd(wm, b0, acc0[m]);
        acc1[m] = madd(wm, b1, acc1[m]);
      }
    }
  }
  if (n_valid == kTileN) {
    for (int m = 0; m < MR; ++m) {
      acc0[m].store_unaligned(out[m]);
      acc1[m].store_unaligned(out[m] + kLanes);
    }
    return;
  }
  alignas(16) float tmp[kTileN];
  for (int m = 0; m < MR; ++m) {
    acc0[m].store_unaligned(tmp);
    acc1[m].store_unaligned(tmp + kLanes);
    for (int64_t j = 0; j < n_valid; ++j) out[m][j] = tmp[j];
  }
}

// Weight chunks. The GEMM paths visit pixel tiles outside and output-channel blocks inside,
// so a tile's input panel stays in L1 while the weights stream past it, once per tile.
// When a group's packed weights exceed L2 (a 3x3 stride-2 conv with 256 -> 512 channels:
// 4.7 MB; DCGAN's 512 -> 256 4x4 transposed: 8 MB) every tile fetches them from memory
// again, and small late-network images have few pixels per tile row to pay for it. The
// blocks are therefore taken a chunk at a time, at most kWeightChunkBytes of weights, with
// all tiles visited per chunk: each weight comes from memory once and from L2 for the
// other tiles. 256 KiB beside the input band (kBandBytes, padded_image.h) is half of a
// 1 MB L2, the smallest of current desktop cores'; a group whose weights fit is one chunk,
// the order without chunks.
inline constexpr int64_t kWeightChunkBytes = 256 * 1024;
inline int64_t blocks_per_chunk(int64_t block_floats, int64_t blocks) {
  const int64_t fit = kWeightChunkBytes / (block_floats * static_cast<int64_t>(sizeof(float)));
  return fit < 1 ? 1 : (fit > blocks ? blocks : fit);
}

// The bias initial values and output pointers of one block of MR output channels starting
// at channel co0, whose row for channel co0 + m is first + m * row_stride. Only `valid`
// rows exist (the last block of a group may be partial); the others get bias 0 and write
// into `discard`.
template <int MR>
inline void block_rows(const float* bias, int64_t co0, int64_t valid, float* first, int64_t row_stride,
                       float (*discard)[kTileN], float* init, float** out) {
  for (int m = 0; m < MR; ++m) {
    const bool real = m < valid;
    init[m] = (bias != nullptr && real) ? bias[co0 + m] : 0.0f;
    out[m] = real ? first + m * row_stride : discard[m];
  }
}

}  // namespace wasmconv::kernels
