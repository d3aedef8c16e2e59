// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The reference implementation: the definition every fast path is tested against.
// Plain loops over the 3-D-normalised geometry, double accumulation, no cleverness.
//
//   conv:        y[n, co, o] = bias[co] + sum_{ci in group, t} x[n, ci, o*s - pb + t*d] * w[co, ci', t]
//   transposed:  y[n, co, o] = bias[co] + sum_{ci in group, t, i : i*s - pb + t*d = o} x[n, ci, i] * w[ci, co', t]
//
// (o, i, t are 3-D index vectors, s, d, pb per axis; ci' and co' are indices within the
// group.) A convolution tap on zero padding adds 0 * w (NaN for a non-finite weight), as
// "pad, then correlate" does in PyTorch and ONNX; a transposed convolution only adds what
// real inputs scatter, so no such products exist there. The transposed op is written as a gather over i = (o + pb - t*d) / s where the
// division is exact, so that it is a definition independent of the scatter-add kernels.
//
// The epilogue, per output element: y = activation(float(acc) + residual[i]), where acc
// (double) holds the sum and the bias, the addition is in float and the activation is its
// scalar form (kernels/epilogue.h, formulas in wasmconv/params.h). `residual` may be null
// (nothing added); by default there is no activation, whatever g.activation says: the
// fast paths' fallback computes conv + bias only and applies the epilogue afterwards.
#pragma once

#include "wasmconv/geometry.h"

namespace wasmconv::ref {

void conv(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
          const Activation& activation = Activation(), const float* residual = nullptr);
void conv_transpose(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                    float* y, const Activation& activation = Activation(),
                    const float* residual = nullptr);

}  // namespace wasmconv::ref
