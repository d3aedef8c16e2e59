// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The hot row loops of the few-output-channel kernel (conv_fewout_microkernel.h): the
// microkernel over a row's tiles, and the phase split of its input rows.
#include "kernels/conv_fewout_microkernel.h"

#include <algorithm>

#include "kernels/dwconv_microkernel.h"
#include "kernels/row_ops.h"

namespace wasmconv::kernels {
namespace {

template <int M, int V>
void fewout_tiles(int64_t taps, const int64_t* tap_offsets, const float* w, const float* base,
                  const float* init, float* out, int64_t out_stride, int64_t n) {
  for (int64_t ow = 0; ow < n; ow += V * kLanes) {
    conv_fewout_block<M, V>(taps, tap_offsets, w, taps, base + ow, init, out + ow, out_stride,
                            std::min<int64_t>(V * kLanes, n - ow));
  }
}

}  // namespace

void conv_fewout_row(int64_t m, int64_t taps, const int64_t* tap_offsets, const float* w,
                     const float* base, const float* init, float* out, int64_t out_stride,
                     int64_t n) {
  if (m == 1) {
    dwconv_f32_rows<1>(taps, tap_offsets, w, base, 0, init[0], out, 0, n);
  } else if (m == 2) {
    fewout_tiles<2, 4>(taps, tap_offsets, w, base, init, out, out_stride, n);
  } else {
    fewout_tiles<3, 2>(taps, tap_offsets, w, base, init, out, out_stride, n);
  }
}

void split_used_phases(const float* row, int64_t cols, int64_t s, uint32_t phases, bool all,
                       float* dst) {
  const int64_t stride = phase_stride(cols, s);
  for (int64_t p = 0; p < phase_count(cols, s); ++p) {
    if (!all && (phases >> p & 1) == 0) continue;
    float* out = dst + p * stride;
    for (int64_t j = 0, c = p; c < cols; ++j, c += s) out[j] = row[c];
  }
}

}  // namespace wasmconv::kernels
