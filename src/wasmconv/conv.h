// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The public compute API. Plan with plan_conv (wasmconv/geometry.h), allocate the output
// (geometry.output_size() floats), then run:
//
//   wasmconv::ConvParams p;  p.stride = {2, 2, 1};  p.pad_begin = p.pad_end = {1, 1, 0};
//   wasmconv::ConvGeometry g;
//   if (auto s = wasmconv::plan_conv(p, {1, 3, 32, 32}, {8, 3, 3, 3}, -1, &g); !s.ok()) ...
//   std::vector<float> y(g.output_size());
//   wasmconv::run_conv(g, x.data(), w.data(), nullptr, y.data());
//
// Buffers are dense, channels-first, in the layouts of wasmconv/params.h. The functions
// never keep pointers past their return and hold no global state.
#pragma once

#include "wasmconv/geometry.h"
#include "wasmconv/status.h"
#include "wasmconv/thread_pool.h"

namespace wasmconv {

enum class Backend {
  kAuto,       // the fast kernels, chosen per geometry by the planner (kernels/fast_path.h)
  kReference,  // plain loops with double accumulation: the definition
  kSimd,       // the simple row-axpy xsimd path (kernels/simd_path.h), for every geometry
};

// Computes y = activation(conv(x, w) + bias + residual) (or the transposed op, per g.op),
// with g.activation (see wasmconv/params.h). `bias` may be null when g.has_bias is false;
// `residual` (g.output_size() floats, the output's shape) may be null, and must not
// overlap y. With a `pool` (wasmconv/thread_pool.h) the fast kernels spread their work over
// its threads; the result is bitwise the same for any pool. Fails only when scratch memory
// cannot be allocated.
Status run_conv(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                const float* residual, float* y, Backend backend = Backend::kAuto,
                ThreadPool* pool = nullptr);
// The same without a residual.
Status run_conv(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                Backend backend = Backend::kAuto, ThreadPool* pool = nullptr);

// True when this binary was compiled with a SIMD instruction set for the kSimd path.
bool simd_compiled();
// Name of the instruction set the kSimd path uses ("sse4.1", "avx2", ..., or "scalar").
const char* simd_arch_name();

// The largest convolution matrix conv_matrix builds (rows * columns entries).
inline constexpr int64_t kMaxMatrixEntries = int64_t{1} << 22;

// The dense matrix C of the linear map x -> conv(x, w) (bias, residual and activation
// excluded) for batch 1:
// C has g.output_size() rows and g.input_size() columns, row-major, and
// conv(x) = C x on the flattened tensors. For a transposed geometry it is the matrix of
// the transposed op, which equals the transpose of the matching convolution's matrix.
// `matrix` must hold rows * columns floats.
Status conv_matrix(const ConvGeometry& g, const float* w, float* matrix);

}  // namespace wasmconv
