// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_winograd: 3x3 stride-1 convolution by Winograd's F(m x m, 3 x 3)
// (winograd_matrices.h), m = 4 by default.
//
// For each block of output tiles: the input patches are transformed (V = B^T d B per
// channel and tile), the a^2 element-wise products summed over input channels become a^2
// independent GEMMs  M[xi] = U[xi] V[xi]  run by the igemm microkernel (U = G g G^T packed
// once), and each output tile is transformed back (Y = A^T M A). Dilation d > 1 is handled
// by splitting the output into d x d interleaved sub-grids, each an undilated 3x3
// convolution of a sub-sampled input. The zero-padded input the patches come from is built
// one chunk of tiles at a time: the padded rows of one depth plane its tiles read
// (padded_image.h).
//
// Channels-last data (winograd_channels_last_applies: one group) is read in place: a chunk's
// padded rows are built from the channels-last rows (fill_padded_plane_channels_last, the
// same band as from channels-first data) and each output is stored at its channels-last
// place; the tiles' arithmetic does not change, so the result is bit for bit the transpose
// of the channels-first one. Against the transposes around a channels-first run, U-Net's
// 3x3 layers took 0.72-0.95x the time (bench/ab-builds.mjs --layout nhwc; docs/performance.md,
// "Winograd on channels-last data").
//
// Preconditions (checked by winograd_applies): convolution, kernel 3x3 on H and W (and 1 on
// D), stride 1, equal dilation on H and W, zero padding mode.
//
// Accuracy: the transforms multiply rounding error by a modest constant; results match the
// reference within relative 1e-4 rather than the 1e-5 of the direct kernels.
//
// Threads (gemm_tasks.h): a task is a chunk of 32-64 tiles of one group and output plane,
// taken in output-row order (a tile row of every sub-grid, then the next) and cut at whole
// tile rows where a row fits, so that tasks running at the same time write different
// output rows (on a pool, into as many chunks as finish soonest there: C2's 7 chunks of two
// tile rows leave one of two threads idle for the last; 8 chunks, two of them of one row,
// do not); the task builds the padded rows its tiles read and runs all three steps in
// its own thread's workspace, all chunks in one pass of the pool. A run of one chunk (a
// small image with many channels) runs it in three passes instead: band and input
// transform by pieces of the input channels, the 36 GEMMs one frequency a task, the output
// transform by pieces of the output channels. Cutting by output channels would transform
// the input tiles once per piece (C4 with two pieces: 20% slower on one thread). Measured
// with conv_bench --threads 2 on a 2-core AVX-512 VM shared with other jobs (medians of 5
// runs): U10 1.90x, R10 1.89x, R02 1.88x, U12 1.86x, R04 1.79x, U08 1.79x, R07 1.68x, C4
// 1.62x, C2 1.53x (2.00x in an earlier campaign; single runs 0.98-2.12x), U02-U07 and F03
// 1.40-1.64x: on two threads the output transform takes 1.7 times its one-thread CPU time
// (perf, C2 and U02), the writes to y being what the two cores contend for. One thread:
// the large U-Net layers 10-40% faster than before, as the transforms' constant
// coefficients now fold at compile time.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

bool winograd_applies(const ConvGeometry& g);
// True when a layer Winograd takes reads channels-last data in place: the band of each chunk
// built from the channels-last rows (fill_padded_plane_channels_last), the outputs written
// at their channels-last places; one group (the stand-in kernel for non-finite weights,
// conv_im2col_channels_last.h, takes one group).
bool winograd_channels_last_applies(const ConvGeometry& g);
// True when no value is Inf or NaN. A Winograd tile mixes every input of its patch, so a
// non-finite value would reach outputs the reference keeps finite (or turn Inf into NaN);
// callers run such data on a direct kernel instead.
bool all_finite(const float* p, int64_t n);
int64_t winograd_packed_size(const ConvGeometry& g);
void pack_winograd_weights(const ConvGeometry& g, const float* w, float* packed);

// How conv_winograd cuts a run into tasks: chunks of at most `chunk_tiles` tiles of one
// group in one output plane, taken in output-row order (`chunks` per batch element, plane
// and group), a task each, which builds the padded rows its tiles read; or, with one chunk
// in the whole run (split_steps), that chunk in three passes of the pool (see above). On a
// pool of `threads`, chunks that would leave threads idle at the end are cut again, into at
// most twice as many (smaller chunks: the split of one thread bounds their sizes).
struct WinogradTasks {
  int64_t chunk_tiles = 0, chunks = 0;
  bool split_steps = false;
};
WinogradTasks winograd_tasks(const ConvGeometry& g, int threads = 1);
// The most tile rows one chunk spans (its band of the padded input: fewer than the tile
// rows of a large image, which is never whole in memory).
int64_t winograd_band_tile_rows(const ConvGeometry& g);

Status conv_winograd(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                     float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
