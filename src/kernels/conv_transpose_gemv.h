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
//
// Threads: tasks of whole 64-column pieces of each group's columns of y (gemm_tasks.h), so
// that every y[j] takes the vector or the scalar-tail path it takes on one thread. D01
// itself (0.8 M multiply-adds, 0.05 ms) is above the pool's default min_threaded_macs, is
// split in two and runs 0.4x on two threads of a 2-core VM, where waking the pool's worker
// takes longer than the whole layer: such layers belong below the pool's threshold.
#pragma once

#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"

namespace wasmconv::kernels {

bool conv_transpose_gemv_applies(const ConvGeometry& g);

// The tasks a run of `g` is cut into: per batch element and group, pieces of the columns
// [co, k] of y (every task reads its columns of all weight rows).
GemmTasks transpose_gemv_tasks(const ConvGeometry& g, int threads = 1);

void conv_transpose_gemv(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                         float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
