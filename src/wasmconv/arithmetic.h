// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution arithmetic on one spatial axis, and the receptive field of a layer stack.
// These are the formulas of Dumoulin and Visin (arXiv 1603.07285) with dilation and
// asymmetric padding; plan_conv uses them, and the playground shows them.
#pragma once

#include <cstdint>
#include <vector>

namespace wasmconv {

// Effective (dilated) kernel extent: d*(k-1) + 1.
int64_t dilated_kernel(int64_t kernel, int64_t dilation);

// floor((in + pad_begin + pad_end - K) / stride) + 1. A result < 1 means the dilated
// kernel does not fit the padded input.
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                         int64_t pad_begin, int64_t pad_end);

// (in - 1)*stride - pad_begin - pad_end + K + output_padding.
int64_t conv_transpose_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                                   int64_t pad_begin, int64_t pad_end, int64_t output_padding);

// The largest legal output_padding, max(stride, dilation) - 1 (PyTorch's rule). A strided
// convolution maps `stride` neighbouring input sizes onto one output size; output_padding
// picks which of them the transposed convolution produces.
int64_t max_output_padding(int64_t stride, int64_t dilation);

// Floor division that rounds towards negative infinity (C++'s `/` truncates).
int64_t floor_div(int64_t a, int64_t b);

struct LayerSpec {
  bool transposed = false;
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t dilation = 1;
};

// Receptive field after a layer, in input pixels, and the jump: the distance in input
// pixels between neighbouring outputs of that layer.
struct ReceptiveField {
  double size = 1;
  double jump = 1;
};

// r_0 = 1, j_0 = 1; for a convolution layer l:  r_l = r_{l-1} + (k_l - 1) d_l j_{l-1},
// j_l = j_{l-1} s_l, which unrolls to r_L = 1 + sum_l (k_l - 1) d_l prod_{j<l} s_j.
// A transposed layer spreads each input over a window of K = d(k-1)+1 outputs spaced s
// apart, so one of its outputs sees floor((K-1)/s) + 1 inputs:
//   r_l = r_{l-1} + floor(d_l (k_l - 1) / s_l) j_{l-1},  j_l = j_{l-1} / s_l.
// Returns one entry per layer.
std::vector<ReceptiveField> receptive_field(const std::vector<LayerSpec>& layers);

}  // namespace wasmconv
