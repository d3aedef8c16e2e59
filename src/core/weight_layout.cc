// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The hwio -> canonical permutation (core/weight_layout.h).
//
// With K = kernel_spatial(), the flat kernel index t the same in both layouts (the kernel
// axes keep their order), and the canonical dims [A, B, K] = [C_out, C_in/groups, K] for
// conv and [C_in, C_out/groups, K] for the transposed op, hwio stores the same element at
// [K, B, A]:
//   canonical[(a * B + b) * K + t] = hwio[(t * B + b) * A + a]
// TF's depthwise filter [K, C, M] is the conv case with A = C * M, B = 1: its element
// (t, c, m) sits at t * C * M + c * M + m, i.e. a = c * M + m, TF's output channel.
#include "core/weight_layout.h"

namespace wasmconv {

void weights_to_canonical(const ConvGeometry& g, const float* w, float* out) {
  const bool transposed = g.op == Op::kConvTranspose;
  const int64_t a_size = transposed ? g.in_channels : g.out_channels;
  const int64_t b_size = transposed ? g.out_channels_per_group() : g.in_channels_per_group();
  const int64_t k_size = g.kernel_spatial();
  // Reads hwio in order; each write strides by K, which is small (a kernel's taps).
  for (int64_t t = 0; t < k_size; ++t) {
    for (int64_t b = 0; b < b_size; ++b) {
      const float* row = w + (t * b_size + b) * a_size;
      for (int64_t a = 0; a < a_size; ++a) out[(a * b_size + b) * k_size + t] = row[a];
    }
  }
}

Status canonical_weights(const ConvGeometry& g, const float* w, FloatBuffer* copy,
                         const float** canonical) {
  *canonical = w;
  if (g.weight_layout == WeightLayout::kOihw) return Status();
  WASMCONV_RETURN_IF_ERROR(copy->allocate(g.weight_size(), "weights in the canonical layout"));
  weights_to_canonical(g, w, copy->data());
  *canonical = copy->data();
  return Status();
}

}  // namespace wasmconv
