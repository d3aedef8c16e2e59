// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nhwc_f32_im2col: a convolution with one group and zero padding on channels-last data
// (NHWC, NLC, NDHWC), other than a 1x1 without padding, as the GEMM
//
//   Y[p, co] = bias[co] + sum_{t, ci} X[tap t of pixel p, ci] * W[co, ci, t]
//
// whose rows are the output pixels: for a band of pixels at a time, each pixel's k = taps x
// C_in inputs (tap-major; a channels-last tap is C_in consecutive floats, a kernel row of
// k_w taps one run of k_w x C_in where it lies inside the input) are gathered into one row
// of the task's scratch, zeros where a tap lands in the padding, and the channels-last GEMM
// microkernel (gemm_rows_microkernel.h: output channels in the lanes) runs over the band's
// rows as the pointwise kernel (conv_pointwise_channels_last.h) runs over its pixels. Against
// the transposes that every other kernel needs around channels-last data (core/channels_last.h:
// two passes over the input and two over the output) it gathers k floats per output pixel, in
// L1, for the GEMM's k x C_out multiply-adds with them (a gathered float costs the time of
// several multiply-adds, though: gather_rows says what it measured).
//
// It takes the layers that the channels-first GEMM (conv_igemm.h) would run (fast_path.cc: not
// Winograd's 3x3 layers) with output channels that fill its blocks of lanes about as well as
// that GEMM's blocks of rows (the rule and its measurements: im2col_channels_last_applies):
// the stems of RGB networks, strided 3x3 layers, filters on one input channel.
// Its sums are the igemm's term for term (bias, then taps, then channels), and padding taps
// multiply their weights by zero as the reference's do.
//
// Weights: the pointwise kernel's packing with k = taps x C_in. Threads: its tasks (pieces
// of the pixels times pieces of the blocks), each gathering its own bands.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when `g` is a channels-last convolution with one group and zero padding, not a 1x1
// read in place (conv_pointwise_channels_last.h), whose output channels fill blocks of
// kTileN lanes within a quarter of blocks of kIgemmMR. The planner asks for the layers the
// channels-first GEMM would take.
bool im2col_channels_last_applies(const ConvGeometry& g);

Status conv_im2col_channels_last(const ConvGeometry& g, const float* packed, const float* x,
                                 const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
