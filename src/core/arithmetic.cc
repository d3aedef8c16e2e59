// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Per-axis convolution arithmetic and receptive fields (formulas in wasmconv/arithmetic.h).
#include "wasmconv/arithmetic.h"

#include <algorithm>
#include <cmath>

namespace wasmconv {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t dilated_kernel(int64_t kernel, int64_t dilation) { return dilation * (kernel - 1) + 1; }

int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                         int64_t pad_begin, int64_t pad_end) {
  const int64_t span = in + pad_begin + pad_end - dilated_kernel(kernel, dilation);
  if (span < 0) return 0;
  return span / stride + 1;
}

int64_t conv_transpose_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                                   int64_t pad_begin, int64_t pad_end, int64_t output_padding) {
  return (in - 1) * stride - pad_begin - pad_end + dilated_kernel(kernel, dilation) +
         output_padding;
}

int64_t max_output_padding(int64_t stride, int64_t dilation) {
  return std::max(stride, dilation) - 1;
}

std::vector<ReceptiveField> receptive_field(const std::vector<LayerSpec>& layers) {
  std::vector<ReceptiveField> result;
  result.reserve(layers.size());
  ReceptiveField rf;
  for (const LayerSpec& layer : layers) {
    // In double: kernel and dilation may each be up to 2^31, whose product overflows no
    // double but would need care in int64.
    const double reach = static_cast<double>(layer.dilation) * static_cast<double>(layer.kernel - 1);
    if (layer.transposed) {
      rf.size += std::floor(reach / static_cast<double>(layer.stride)) * rf.jump;
      rf.jump /= static_cast<double>(layer.stride);
    } else {
      rf.size += reach * rf.jump;
      rf.jump *= static_cast<double>(layer.stride);
    }
    result.push_back(rf);
  }
  return result;
}

}  // namespace wasmconv
