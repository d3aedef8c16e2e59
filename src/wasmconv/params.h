// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvParams: what a caller asks for, before any validation. One struct serves
// convolution and transposed convolution in 1, 2 and 3 spatial dimensions.
//
// Per-axis arrays hold the caller's spatial axes in order (D, H, W for 3-D; H, W for 2-D;
// L for 1-D); entries past `spatial_dims` are ignored. Layouts are channels-first:
//   input          [N, C_in, spatial...]
//   conv weight    [C_out, C_in / groups, kernel...]            (PyTorch, ONNX)
//   convT weight   [C_in, C_out / groups, kernel...]            (PyTorch, ONNX)
//   bias           [C_out]
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

}  // namespace wasmconv
