// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The planner of the fast paths: which kernel runs a geometry, its packed weights, and
// running it. Packing depends only on the weights and on the geometry's weight-side
// fields, so a layer packs once and runs on many inputs.
#pragma once

#include <cstdint>

#include "core/buffer.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

enum class FastKernel {
  kIgemm,          // conv_igemm.h: general convolution
  kSubpixel,       // conv_transpose_subpixel.h: transposed convolution with enough channels
  kDepthwise,      // dwconv_direct.h: one input channel per group (depthwise, image filters)
  kWinograd,       // conv_winograd.h: 3x3 stride-1 convolution with enough channels
  kRow,            // simd_path.h: the simple row-axpy path (everything not covered above)
  kTransposeGemv,  // conv_transpose_gemv.h: transposed convolution of a one-pixel input
  kPhaseGemm,      // conv_transpose_phase_gemm.h: transposed convolution with few output channels
  kFewOut,         // conv_fewout.h: convolution with 1-3 output channels per group
  kPointwiseChannelsLast,  // conv_pointwise_channels_last.h: 1x1 on channels-last data in place
  kIm2colChannelsLast,     // conv_im2col_channels_last.h: other one-group convolutions on it
  kTransposePointwiseChannelsLast,  // conv_transpose_pointwise_channels_last.h: kernel ==
                                    // stride transposed convolutions on it
};

const char* fast_kernel_name(FastKernel kernel);
FastKernel choose_fast_kernel(const ConvGeometry& g);
// True when the fast paths run `g` on its channels-last data as given; every other
// channels-last call runs channels-first on transposed copies (core/channels_last.h).
bool reads_channels_last(const ConvGeometry& g);
// True when `kernel`'s padded image of the input (built in bands or rings, but indexed as
// a whole) stays within the tensor size limit (pads may be up to 2^31 per side; huge pads
// cancelled by huge strides still plan fine).
bool padded_input_fits(const ConvGeometry& g, FastKernel kernel);

// The pool a run of `g` should use: `pool`, or null when the call is too small for the
// cost of handing its work to other threads to pay off (pool->min_threaded_macs()).
ThreadPool* pool_for(const ConvGeometry& g, ThreadPool* pool);

class PackedConv {
 public:
  PackedConv() = default;
  PackedConv(PackedConv&&) = default;
  PackedConv& operator=(PackedConv&&) = default;

  // Packs `w` (in the layout of g.op) for the kernel chosen for `g`.
  Status pack(const ConvGeometry& g, const float* w);
  // True when the packing made for an earlier geometry also serves `g`.
  bool serves(const ConvGeometry& g) const;
  FastKernel kernel() const { return kernel_; }

  Status run(const ConvGeometry& g, const float* x, const float* bias, float* y,
             Workspaces* threads) const;  // the kernel's tasks run on threads' pool

 private:
  FastKernel kernel_ = FastKernel::kRow;
  ConvGeometry key_;         // the geometry packed for (its weight-side fields matter)
  FloatBuffer weights_;      // the kernel's packing (empty for kRow, kFewOut; for kDepthwise
                             // only where a channels-in-lanes kernel runs)
  FloatBuffer raw_weights_;  // the weights as given, for those kernels and all fallbacks
};

}  // namespace wasmconv::kernels
