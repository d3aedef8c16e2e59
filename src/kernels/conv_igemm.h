// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_igemm: convolution as an implicit (indirect) GEMM per group,
//
//   Y[co, pixel] = bias[co] + sum_k W[co, k] * P[pixel, k],  k = (ci, kd, kh, kw),
//
// where P is never materialised: for a tile of kTileN neighbouring output pixels of one
// output row, column k of P is a contiguous run of the padded image (padded_image.h), at
// an offset that depends only on k. The offsets are computed once per run; the
// microkernel (igemm_microkernel.h) walks them. Any stride, dilation, padding mode and
// group count; 1-D and 3-D are the same loops with unit extents. The padded image of a 2-D
// setting is built a band of rows at a time (of a 1-D one, a band of columns), each band just
// before the GEMM reads it; a 3-D one lives in a ring of the depth planes one output plane
// reads. A small 2-D output whose rows would leave many of the tiles' lanes idle (11 of 16
// on an 11x11 output) runs instead on one gathered pixel panel (pixel_panel.h).
//
// Packed weights: per group, per block of kIgemmMR output channels (the last block padded
// with zero rows), K x kIgemmMR floats, k-major: w_packed[k*MR + m] = W[co0 + m, k].
//
// Threads (gemm_tasks.h): a run is one pass of the pool, cut along the output only into
// pieces of the units the kernel walks (output rows of a 2-D image; output columns of a
// one-row output, whole pixel tiles; output planes of a 3-D one; pixel tiles of a pointwise
// image read in place, twice as many as elsewhere since such a task builds nothing) times
// pieces of the output-channel blocks, cut first at the weight chunks. Each task builds the
// band of the padded input its outputs read in its own thread's workspace, in a multiple
// of the rows two bands share, so that no band is built more than twice. When the weights
// span several chunks, the tasks of every chunk would build every band again (R09, 19
// chunks: 29% slower on one thread): a padded image of at most 1 MiB is then built once per
// batch element, on the caller's thread, and every task reads it (igemm_tasks: shared).
// Measured with conv_bench --threads 2 on a 2-core AVX-512 VM shared with other jobs
// (medians of 5 runs; single runs spread widely): R01 1.88x, R09 1.83x, F01 1.82x, F02
// 1.96x, M04 1.81x, C3 1.79x, U01 1.73x; less on layers of 0.1-0.7 ms (M30 1.66x, C5
// 1.57x, R03 1.38x) and slower below 0.1 ms (M11 0.71x), where waking the pool's worker
// (50-60 us) is a large part of the run. One thread: the serial kernel's time, within noise.
#pragma once

#include <cstdint>

#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

inline constexpr int kIgemmMR = 4;

int64_t igemm_packed_size(const ConvGeometry& g);
void pack_igemm_weights(const ConvGeometry& g, const float* w, float* packed);

Status conv_igemm(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                  float* y, Workspaces* threads);

// True for a pointwise convolution (one tap, stride 1, no padding): output pixel p reads
// input pixel p, and conv_igemm reads the input as the GEMM's B matrix, with no copy (or,
// where the channel stride would alias in L1, one plain copy).
bool is_pointwise(const ConvGeometry& g);

// Output rows per band in which conv_igemm builds the padded input of a 2-D setting that is
// not pointwise (fewer than the output rows: the padded image is never whole in memory);
// all output rows for 3-D.
int64_t igemm_band_rows(const ConvGeometry& g);
// Output columns per band (a multiple of the pixel tile) in which it builds the padded input
// of a setting with one output row (1-D): fewer than the columns of a long signal. All of
// them otherwise.
int64_t igemm_band_cols(const ConvGeometry& g);

// The tasks conv_igemm cuts a run of `g` into, and whether they read one padded image built
// before them (per batch element) rather than each building its own band. (A strided
// pointwise `g` runs conv_pointwise_strided: strided_pointwise_tasks.)
struct IgemmTasks {
  GemmTasks tasks;
  bool shared = false;
  // Whether the output's short rows run on one gathered pixel panel (pixel_panel.h); then
  // shared is true too, and the tasks cut output-channel blocks only.
  bool gathered = false;
};
IgemmTasks igemm_tasks(const ConvGeometry& g);

}  // namespace wasmconv::kernels
