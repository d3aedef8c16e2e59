// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_transpose_nchw_f32_subpixel: transposed convolution as stride^dims ordinary
// convolutions, one per output phase, with no multiplication by inserted zeros.
//
// Per axis (stride s, dilation d, pad_begin p): input i and tap t write output
// o = i*s - p + t*d. Outputs of phase r (o = m*s + r) receive exactly the taps t with
// t*d - p - r = 0 (mod s), reading input i = m + c_t where c_t = (r + p - t*d) / s. So
//
//   y[m*s + r] = bias + sum_{t in T_r} x[m + c_t] * w[t]
//
// is a stride-1 correlation with per-tap offsets, which the indirect GEMM microkernel
// (igemm_microkernel.h) runs directly over a zero-padded copy of the input, built a band
// of rows (1-D: of columns) at a time, or in 3-D on a ring of depth planes (or, when
// kernel = stride with no padding and every offset is 0, over one input row at a time, its
// channels gathered into a small panel; or, when the phases' rows are short, as DCGAN's
// 4x4 stride-2 layer on a 4x4 input, over one gathered pixel panel per phase:
// pixel_panel.h). Along W each phase's outputs go into place, s apart (stride 2: both
// phases' tiles merged with vector shuffles): no phase-layout buffer and no interleaving
// pass over the output.
//
// Packed weights: per phase (rd, rh, rw), per group, per block of kIgemmMR output
// channels: taps of the phase x input channels x kIgemmMR floats.
//
// Threads (gemm_tasks.h): one pass of the pool, tasks of whole rows of phase outputs (2-D,
// and with row panels), of whole pixel tiles of phase-output columns (1-D) or of planes
// of phase outputs (3-D, each task rebuilding its ring), times pieces of the output-channel
// blocks; a task builds its band of the padded input in its own thread's workspace, or,
// when the weights span several chunks (DCGAN's 4x4 stride-2 layers), all tasks read one
// padded image of at most 512 KiB built on the caller's thread. The bias of outputs in
// phases without taps is written by the task that owns them, over its box of the output.
// Measured with conv_bench --threads 2 on a 2-core AVX-512 VM shared with other jobs
// (medians of 5 runs): D02 1.98x, T2 1.95x, D03 1.90x, T3 1.87x, T1 1.70x, D04 1.66x, the
// U-Net k2 s2 layers 1.53-1.95x (U09 1.89x in one campaign, 1.54x in another); T5 (0.26
// ms) 1.29x: waking the pool's worker (50-60 us) is a fifth of its run.
#pragma once

#include <cstdint>

#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

int64_t subpixel_packed_size(const ConvGeometry& g);
void pack_subpixel_weights(const ConvGeometry& g, const float* w, float* packed);

// Rows of phase outputs per band in which conv_transpose_subpixel builds the padded input
// of a 2-D setting (fewer than the rows of a large image: the padded image is never whole
// in memory); all of them for 3-D. Settings read through row panels build no image.
int64_t subpixel_band_rows(const ConvGeometry& g);
// Columns of phase outputs per band (a multiple of the pixel tile) when every phase has one
// output row (1-D): fewer than the columns of a long signal. All of them otherwise.
int64_t subpixel_band_cols(const ConvGeometry& g);

// The tasks conv_transpose_subpixel cuts a run of `g` into, and whether they read one padded
// image built before them (per batch element) rather than each building its own band.
struct SubpixelTasks {
  GemmTasks tasks;
  bool shared = false;
  // Whether the phases run on gathered pixel panels (pixel_panel.h), built before the tasks;
  // then shared is true too, and the tasks cut output-channel blocks only.
  bool gathered = false;
};
SubpixelTasks subpixel_tasks(const ConvGeometry& g);

Status conv_transpose_subpixel(const ConvGeometry& g, const float* packed, const float* x,
                               const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
