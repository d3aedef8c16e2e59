// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_transpose_nchw_f32_gemv: a transposed convolution whose input has one pixel, no
// padding and no dilation (the first layer of a DCGAN-style generator: a latent vector
// to a C x 4 x 4 map). Each input channel then writes its whole weight slice once:
//
//   y[n, grp*cog + co, k] = bias[co] + sum_{ci in grp} x[n, ci] * w[ci, co, k]
//
// so per group y is W^T x, a matrix-vector product over the weights exactly as given
// ([C_in, C_out/groups, kernel...] is row-major in ci). Every weight is used once per batch
// element, so the layer is bound by reading W: this path reads it once, in order, four rows
// at a time, with no packing. Tiled GEMM paths re-read W once per pixel tile and waste the
// lanes of tiles wider than the small output (measured on DCGAN's 100 -> 512 x 4 x 4:
// bench/suites/dcgan.txt, D01).
#pragma once

#include "wasmconv/geometry.h"

namespace wasmconv::kernels {

bool conv_transpose_gemv_applies(const ConvGeometry& g);

void conv_transpose_gemv(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                         float* y);

}  // namespace wasmconv::kernels
