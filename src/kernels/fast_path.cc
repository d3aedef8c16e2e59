// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Kernel choice and dispatch of the fast paths (fast_path.h).
#include "kernels/fast_path.h"

#include <cstring>

#include "kernels/conv_igemm.h"
#include "kernels/conv_transpose_subpixel.h"
#include "kernels/conv_winograd.h"
#include "kernels/dwconv_direct.h"
#include "kernels/simd_path.h"

namespace wasmconv::kernels {

const char* fast_kernel_name(FastKernel kernel) {
  switch (kernel) {
    case FastKernel::kIgemm: return "conv_nchw_f32_igemm";
    case FastKernel::kSubpixel: return "conv_transpose_nchw_f32_subpixel";
    case FastKernel::kDepthwise: return "dwconv_nchw_f32_direct";
    case FastKernel::kWinograd: return "conv_nchw_f32_winograd_4x4_3x3";
    case FastKernel::kRow: return "row_axpy";
  }
  return "?";
}

FastKernel choose_fast_kernel(const ConvGeometry& g) {
  // The GEMM microkernel needs whole blocks of output channels and a reduction long
  // enough to amortise its loads; depthwise and single-channel filters run faster on the
  // row path (measured with bench/conv_bench on C1, C6, C7).
  if (winograd_applies(g) && g.out_channels_per_group() >= 8 && g.in_channels_per_group() >= 8) {
    return FastKernel::kWinograd;
  }
  if (g.op == Op::kConv && g.out_channels_per_group() >= kIgemmMR &&
      g.in_channels_per_group() * g.kernel_spatial() >= 8) {
    return FastKernel::kIgemm;
  }
  if (g.op == Op::kConv && g.in_channels_per_group() == 1) return FastKernel::kDepthwise;
  if (g.op == Op::kConvTranspose && g.out_channels_per_group() >= kIgemmMR &&
      g.in_channels_per_group() >= 4) {
    return FastKernel::kSubpixel;
  }
  return FastKernel::kRow;
}

Status PackedConv::pack(const ConvGeometry& g, const float* w) {
  kernel_ = choose_fast_kernel(g);
  key_ = g;
  raw_weights_ = FloatBuffer();
  if (kernel_ == FastKernel::kWinograd) {
    if (!all_finite(w, g.weight_size())) kernel_ = FastKernel::kIgemm;
  }
  switch (kernel_) {
    case FastKernel::kIgemm:
      WASMCONV_RETURN_IF_ERROR(weights_.allocate(igemm_packed_size(g), "packed weights"));
      pack_igemm_weights(g, w, weights_.data());
      break;
    case FastKernel::kWinograd:
      WASMCONV_RETURN_IF_ERROR(weights_.allocate(winograd_packed_size(g), "packed weights"));
      pack_winograd_weights(g, w, weights_.data());
      WASMCONV_RETURN_IF_ERROR(raw_weights_.allocate(g.weight_size(), "weights"));
      std::memcpy(raw_weights_.data(), w, static_cast<size_t>(g.weight_size()) * sizeof(float));
      break;
    case FastKernel::kSubpixel:
      WASMCONV_RETURN_IF_ERROR(weights_.allocate(subpixel_packed_size(g), "packed weights"));
      pack_subpixel_weights(g, w, weights_.data());
      break;
    case FastKernel::kDepthwise:
    case FastKernel::kRow:
      WASMCONV_RETURN_IF_ERROR(weights_.allocate(g.weight_size(), "weights"));
      std::memcpy(weights_.data(), w, static_cast<size_t>(g.weight_size()) * sizeof(float));
      break;
  }
  return Status();
}

bool PackedConv::serves(const ConvGeometry& g) const {
  if (weights_.data() == nullptr) return false;
  const FastKernel wanted = choose_fast_kernel(g);
  // A Winograd choice demoted at pack time (non-finite weights) stays demoted.
  const bool demoted = wanted == FastKernel::kWinograd && kernel_ == FastKernel::kIgemm &&
                       key_.op == g.op && winograd_applies(key_);
  if (wanted != kernel_ && !demoted) return false;
  // The packings depend on the op, channels, groups and kernel extents; the sub-pixel
  // packing also on which taps feed which output phase (stride, dilation, pad_begin).
  const bool same_phases = kernel_ != FastKernel::kSubpixel ||
                           (g.stride == key_.stride && g.dilation == key_.dilation &&
                            g.pad_begin == key_.pad_begin);
  return same_phases && g.op == key_.op && g.in_channels == key_.in_channels &&
         g.out_channels == key_.out_channels && g.groups == key_.groups && g.kernel == key_.kernel;
}

Status PackedConv::run(const ConvGeometry& g, const float* x, const float* bias, float* y,
                       Workspace* ws) const {
  switch (kernel_) {
    case FastKernel::kIgemm:
      return conv_igemm(g, weights_.data(), x, bias, y, ws);
    case FastKernel::kSubpixel:
      return conv_transpose_subpixel(g, weights_.data(), x, bias, y, ws);
    case FastKernel::kDepthwise:
      return dwconv_direct(g, weights_.data(), x, bias, y, ws);
    case FastKernel::kWinograd:
      if (!all_finite(x, g.input_size())) return conv_simd(g, x, raw_weights_.data(), bias, y);
      return conv_winograd(g, weights_.data(), x, bias, y, ws);
    case FastKernel::kRow:
      return g.op == Op::kConv ? conv_simd(g, x, weights_.data(), bias, y)
                               : conv_transpose_simd(g, x, weights_.data(), bias, y);
  }
  return Status();
}

}  // namespace wasmconv::kernels
