// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_f32_4v: the microkernel of per-channel (depthwise and single-channel) filters.
//
//   out[j] = init + sum_{t < taps} w[t] * base[tap_offsets[t] + j],   j < kDwTileN = 4 * kLanes
//
// One input channel, one output channel, a run of kDwTileN neighbouring outputs kept in
// four vector accumulators across all taps (so each output is stored once, unlike a row
// axpy per tap). Same preconditions as igemm_microkernel.h: reads of kDwTileN floats at
// every tap offset must be in bounds; only `n_valid` outputs are stored.
#pragma once

#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

inline constexpr int kDwTileN = 4 * kLanes;

inline void dwconv_f32_4v(int64_t taps, const int64_t* tap_offsets, const float* w,
                          const float* base, float init, float* out, int64_t n_valid) {
  Vec acc0(init), acc1(init), acc2(init), acc3(init);
  for (int64_t t = 0; t < taps; ++t) {
    const float* b = base + tap_offsets[t];
    const Vec wt(w[t]);
    acc0 += wt * Vec::load_unaligned(b);
    acc1 += wt * Vec::load_unaligned(b + kLanes);
    acc2 += wt * Vec::load_unaligned(b + 2 * kLanes);
    acc3 += wt * Vec::load_unaligned(b + 3 * kLanes);
  }
  if (n_valid == kDwTileN) {
    acc0.store_unaligned(out);
    acc1.store_unaligned(out + kLanes);
    acc2.store_unaligned(out + 2 * kLanes);
    acc3.store_unaligned(out + 3 * kLanes);
    return;
  }
  alignas(16) float tmp[kDwTileN];
  acc0.store_unaligned(tmp);
  acc1.store_unaligned(tmp + kLanes);
  acc2.store_unaligned(tmp + 2 * kLanes);
  acc3.store_unaligned(tmp + 3 * kLanes);
  for (int64_t j = 0; j < n_valid; ++j) out[j] = tmp[j];
}

}  // namespace wasmconv::kernels
