// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvParams: what a caller asks for, before any validation. One struct serves
// convolution and transposed convolution in 1, 2 and 3 spatial dimensions.
//
// Per-axis arrays hold the caller's spatial axes in order (D, H, W for 3-D; H, W for 2-D;
// L for 1-D); entries past `spatial_dims` are ignored. Layouts are channels-first:
//   input          [N, C_in, spatial...]     (or [N, spatial..., C_in]: DataLayout below)
//   conv weight    [C_out, C_in / groups, kernel...]            (PyTorch, ONNX)
//   convT weight   [C_in, C_out / groups, kernel...]            (PyTorch, ONNX)
//   bias           [C_out]
// unless `weight_layout` says the weight is in TF's layout (WeightLayout below), and the
// input, output and residual follow `data_layout`.
//
// The output of every op may go through an epilogue, in this order (as fused ops in
// PyTorch and TF.js): conv -> + bias -> + residual (a tensor of the output's shape, given
// per run) -> activation (below).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace wasmconv {

inline constexpr int kMaxSpatialDims = 3;
inline constexpr int kMaxRank = kMaxSpatialDims + 2;

using Dims = std::array<int64_t, kMaxSpatialDims>;

enum class Op { kConv, kConvTranspose };

// How the padding amounts are chosen. kExplicit uses pad_begin/pad_end. The `same`
// modes follow ONNX auto_pad: convolution output = ceil(input / stride), transposed
// output = input * stride; an odd total puts the extra unit at the end (upper) or the
// beginning (lower).
enum class AutoPad { kExplicit, kValid, kSameUpper, kSameLower };

// What the padded border of a convolution's input holds (PyTorch `padding_mode`).
// Transposed convolution only supports zeros, as in PyTorch.
enum class PaddingMode { kZeros, kReflect, kReplicate, kCircular };

// The activation applied to each output value v (after the bias and the residual), in
// float, as PyTorch evaluates it (src/kernels/epilogue.h holds the code):
//   kNone       v
//   kRelu       v < 0 ? 0 : v                      (NaN passes through)
//   kRelu6      min(max(v, 0), 6)                  (NaN passes through)
//   kClamp      min(max(v, min), max)              (min <= max, both finite; NaN passes)
//               (these three give +0 for a zero result, -0 included)
//   kLeakyRelu  v < 0 ? alpha * v : v              (alpha finite)
//   kSigmoid    1 / (1 + exp(-v))
//   kTanh       tanh(v)
//   kHardSwish  v * min(max(v + 3, 0), 6) / 6      (PyTorch's hardswish; -Inf gives NaN)
//   kSilu       v / (1 + exp(-v))                  (v * sigmoid(v); -Inf gives NaN)
//   kGelu       v * 0.5 * (1 + erf(v / sqrt(2)))   (the exact, erf form: PyTorch's default
//                                                   approximate='none'; -Inf gives NaN)
enum class ActivationKind {
  kNone,
  kRelu,
  kRelu6,
  kClamp,
  kLeakyRelu,
  kSigmoid,
  kTanh,
  kHardSwish,
  kSilu,
  kGelu,
};

// The layout of the weight array, at every rank (the kernel axes k... in the caller's axis
// order in both: [kL], [kH, kW] or [kD, kH, kW]):
//   kOihw  PyTorch, ONNX   conv [C_out, C_in/groups, k...]   convT [C_in, C_out/groups, k...]
//   kHwio  TF, Keras       conv [k..., C_in/groups, C_out]   convT [k..., C_out/groups, C_in]
// An hwio conv weight [k..., a, b] whose a equals groups also has TF's depthwise reading
// [k..., C_in = a, multiplier = b] (output channel c * b + m); plan_conv takes it when the
// input has groups == a channels. In memory that filter is Keras' grouped kernel
// [k..., 1, a * b], so both readings are one permutation, defined by the geometry alone.
// The kernels never see hwio: run_conv, conv_matrix and ConvLayer permute the weights into
// kOihw where they copy or pack them, and the reference gets that same copy.
enum class WeightLayout { kOihw, kHwio };

// The layout of the data: the input, the output and the residual, at every rank:
//   kChannelsFirst  [N, C, spatial...]   PyTorch, ONNX   ('nchw'; NCL, NCDHW)
//   kChannelsLast   [N, spatial..., C]   TF, Keras       ('nhwc'; NLC, NDHWC)
// The kernels compute channels-first: channels-last data is transposed into scratch and the
// result back (core/channels_last.h), bitwise the transpose of the channels-first result.
enum class DataLayout { kChannelsFirst, kChannelsLast };

struct Activation {
  ActivationKind kind = ActivationKind::kNone;
  float min = 0.0f;    // kClamp only
  float max = 0.0f;    // kClamp only
  float alpha = 0.0f;  // kLeakyRelu only: the slope for negative values
};

struct ConvParams {
  Op op = Op::kConv;
  int spatial_dims = 2;  // 1, 2 or 3
  Dims stride{1, 1, 1};
  Dims dilation{1, 1, 1};
  Dims pad_begin{0, 0, 0};
  Dims pad_end{0, 0, 0};
  AutoPad auto_pad = AutoPad::kExplicit;
  int64_t groups = 1;
  PaddingMode padding_mode = PaddingMode::kZeros;
  // Transposed convolution only: extra size at the end of each axis, 0 <= op < max(s, d).
  Dims output_padding{0, 0, 0};
  // Transposed convolution only: the requested spatial output size; pads are derived from
  // it by ONNX's rule (see plan_conv), split as auto_pad says (kExplicit splits like
  // kSameLower). Cannot be combined with explicit non-zero padding, nor with kValid.
  bool has_output_shape = false;
  Dims output_shape{0, 0, 0};
  // Applied to every output value after the bias and the residual; validated by plan_conv.
  Activation activation;
  // How the weight array is laid out (see WeightLayout); every other field is the same in both.
  WeightLayout weight_layout = WeightLayout::kOihw;
  // How the input, the output and the residual are laid out (see DataLayout).
  DataLayout data_layout = DataLayout::kChannelsFirst;
};

// A tensor shape of rank 1..kMaxRank. Sizes are validated by plan_conv, not here.
struct Shape {
  int rank = 0;
  std::array<int64_t, kMaxRank> dims{};

  Shape() = default;
  Shape(std::initializer_list<int64_t> values) {
    for (int64_t v : values) {
      if (rank < kMaxRank) dims[static_cast<size_t>(rank)] = v;
      ++rank;
    }
  }
  int64_t operator[](int i) const { return dims[static_cast<size_t>(i)]; }
  // Product of the dims; only meaningful after validation (no overflow check here).
  int64_t numel() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[static_cast<size_t>(i)];
    return n;
  }
};

const char* op_name(Op op);
const char* padding_mode_name(PaddingMode mode);
// "oihw" or "hwio": the name of the JavaScript option's value, at every rank.
const char* weight_layout_name(WeightLayout layout);
// "nchw" or "nhwc": the name of the JavaScript `layout` option's value, at every rank.
const char* data_layout_name(DataLayout layout);
// "none", "relu", "relu6", "clamp", "leakyRelu", "sigmoid", "tanh", "hardSwish", "silu", "gelu".
const char* activation_name(ActivationKind kind);

}  // namespace wasmconv
