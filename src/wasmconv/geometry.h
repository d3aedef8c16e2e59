// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvGeometry: a fully validated and resolved convolution problem, and plan_conv, the
// one place where parameters are checked.
//
// Every problem is stored as 3-D: index 0 is D, 1 is H, 2 is W. A 2-D problem has D = 1
// (size 1, kernel 1, stride 1, no padding); a 1-D problem also has H = 1. Kernels can
// therefore be written once for 3-D and serve all ranks.
//
// Per axis, with effective kernel K = d*(k-1) + 1:
//   conv:        out = floor((in + pad_begin + pad_end - K) / s) + 1
//                input index of output o and tap t:  i = o*s - pad_begin + t*d
//   transposed:  out = (in - 1)*s - pad_begin - pad_end + K          (output_padding and a
//                requested output_shape are folded into pad_end, which may be negative)
//                output index of input i and tap t: o = i*s - pad_begin + t*d
#pragma once

#include <cstdint>

#include "wasmconv/params.h"
#include "wasmconv/status.h"

namespace wasmconv {

struct ConvGeometry {
  Op op = Op::kConv;
  int spatial_dims = 2;
  int64_t batch = 1;
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t groups = 1;
  Dims input{1, 1, 1};
  Dims kernel{1, 1, 1};
  Dims output{1, 1, 1};
  Dims stride{1, 1, 1};
  Dims dilation{1, 1, 1};
  Dims pad_begin{0, 0, 0};
  Dims pad_end{0, 0, 0};
  PaddingMode padding_mode = PaddingMode::kZeros;
  bool has_bias = false;
  // The activation of the epilogue (conv -> + bias -> + residual -> activation).
  Activation activation;
  // The layout of the weight array that run_conv, conv_matrix and ConvLayer read. Every
  // other field, weight_size() and weight_shape() describe the canonical (kOihw) reading of
  // it, which plan_conv resolved (TF's depthwise filter included, see WeightLayout).
  WeightLayout weight_layout = WeightLayout::kOihw;
  // The layout of the caller's input, output and residual. Every other field is the same in
  // both; the kernels see channels-first data only (core/channels_last.h).
  DataLayout data_layout = DataLayout::kChannelsFirst;

  bool channels_last() const { return data_layout == DataLayout::kChannelsLast; }
  int64_t in_channels_per_group() const { return in_channels / groups; }
  int64_t out_channels_per_group() const { return out_channels / groups; }
  int64_t input_spatial() const { return input[0] * input[1] * input[2]; }
  int64_t output_spatial() const { return output[0] * output[1] * output[2]; }
  int64_t kernel_spatial() const { return kernel[0] * kernel[1] * kernel[2]; }
  int64_t input_size() const { return batch * in_channels * input_spatial(); }
  int64_t output_size() const { return batch * out_channels * output_spatial(); }
  int64_t weight_size() const { return in_channels * out_channels_per_group() * kernel_spatial(); }

  // Shapes in the caller's rank (spatial_dims + 2), the input's and the output's in the
  // caller's data layout; the weight's in the canonical layout.
  Shape input_shape() const;
  Shape weight_shape() const;
  Shape output_shape() const;

  // Multiply-accumulates of the dense formula (every tap of every output, padding taps
  // included for conv; every input times every tap for the transposed op).
  int64_t macs() const;
  // Weights plus bias.
  int64_t param_count() const { return weight_size() + (has_bias ? out_channels : 0); }
};

// Validates `params` against the input shape `x` and weight shape `w` and resolves the
// padding. `bias_length` is the bias tensor's length, or -1 when there is no bias. The
// batch x[0] may be 0 (as in PyTorch and TF.js): everything else is validated as for a
// batch of 1, and the geometry has no output values (run_conv then computes nothing).
// On failure the message names the parameter, its value and the rule, e.g.
//   "dilated kernel 9 is larger than padded input 7 on axis H".
// A weight that fails in its declared layout but plans in the other one is named as the
// likely mix-up, with the fix:
//   "weight shape [3, 3, 16, 32] does not fit input channels 16 as 'oihw' (it would need
//    [*, 16, *, *]); it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'".
// An hwio conv weight [k..., a, b] with a == groups reads as TF's depthwise filter when the
// input has `groups` channels, else as [k..., C_in/groups, C_out] (WeightLayout).
Status plan_conv(const ConvParams& params, const Shape& x, const Shape& w, int64_t bias_length,
                 ConvGeometry* out);

// The checks of plan_conv that do not depend on the input: the weight's rank and sizes,
// groups, the padding mode for the op, the bias length against the output channels, and
// per axis the stride, dilation, explicit padding, output padding and output shape ranges, and
// the activation's numbers (check_activation).
// A layer runs them at creation, so a bad option fails there, not at the first input. With
// no input to tell the two readings of an hwio weight [k..., groups, b] apart, it refuses
// only what neither reading allows; a mix-up is named as plan_conv names it.
Status check_params(const ConvParams& params, const Shape& w, int64_t bias_length);

// Checks an activation's numbers: a clamp's min and max finite with min <= max, a leaky
// ReLU's alpha finite. plan_conv calls it; ConvLayer::init too, so a layer fails at creation.
Status check_activation(const Activation& activation);

// Name of internal axis `axis` (0..2) for a problem of `spatial_dims` dims ("D", "H", "W",
// or "L" for 1-D).
const char* axis_name(int spatial_dims, int axis);

// The largest tensor, in bytes, that plan_conv accepts. wasm32 addresses 4 GiB and this
// build's memory may grow to 2 GiB; keeping each tensor under 1 GiB leaves room for the
// inputs, the output and scratch at once.
inline constexpr int64_t kMaxTensorBytes = int64_t{1} << 30;

}  // namespace wasmconv
