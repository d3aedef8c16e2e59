// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The epilogue of every op: v -> activation(v + residual), applied to output values that
// already hold conv + bias. Each activation comes in a scalar form (the definition, also
// used by the reference) and a Vec form (xsimd; lane by lane through the scalar form in
// builds without SIMD), both templates on the kind so that a kernel can apply one to a
// tile in registers just before its store. The formulas are in wasmconv/params.h.
//
// The Vec forms agree with the scalar ones to float rounding (exp, tanh and erf are
// xsimd's polynomials, not libm's), with the same NaN, Inf and -0 behaviour: comparisons
// are written so that NaN fails them and passes through, never as xsimd::max/min (SSE's
// maxps returns its second operand for NaN). relu, relu6 and clamp are vec.h's pmax / pmin,
// which are those comparisons (pmax(v, lo) = v < lo ? lo : v) in one wasm instruction each:
// with min <= max (plan_conv's rule) pmax(pmin(v, max), min) is the scalar form's value for
// every v, NaN included. They end with + 0, so that a zero result is +0 in every build:
// compilers may turn `v < 0 ? 0 : v` into a max, whose sign for max(-0, 0) differs between
// targets (wasm's f32.max gives +0).
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/vec.h"
#include "kernels/workspace.h"
#include "wasmconv/params.h"

namespace wasmconv::kernels {

// 1 / sqrt(2) as a float, the constant PyTorch's gelu multiplies by.
inline constexpr float kSqrtHalf = 0.70710678118654752440f;

template <ActivationKind K>
inline float activate(float v, const Activation& a) {
  if constexpr (K == ActivationKind::kNone) {
    (void)a;
    return v;
  } else if constexpr (K == ActivationKind::kRelu) {
    return (v < 0.0f ? 0.0f : v) + 0.0f;
  } else if constexpr (K == ActivationKind::kRelu6) {
    return (v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v)) + 0.0f;
  } else if constexpr (K == ActivationKind::kClamp) {
    return (v < a.min ? a.min : (v > a.max ? a.max : v)) + 0.0f;
  } else if constexpr (K == ActivationKind::kLeakyRelu) {
    return v < 0.0f ? a.alpha * v : v;
  } else if constexpr (K == ActivationKind::kSigmoid) {
    return 1.0f / (1.0f + std::exp(-v));
  } else if constexpr (K == ActivationKind::kTanh) {
    return std::tanh(v);
  } else if constexpr (K == ActivationKind::kHardSwish) {
    const float r = activate<ActivationKind::kRelu6>(v + 3.0f, a);
    return v * r / 6.0f;
  } else if constexpr (K == ActivationKind::kSilu) {
    return v / (1.0f + std::exp(-v));
  } else {
    static_assert(K == ActivationKind::kGelu, "every kind is handled");
    return v * 0.5f * (1.0f + std::erf(v * kSqrtHalf));
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <ActivationKind K>
inline Vec activate(const Vec& v, const Activation& a) {
  const Vec zero(0.0f);
  if constexpr (K == ActivationKind::kNone) {
    (void)a;
    return v;
  } else if constexpr (K == ActivationKind::kRelu) {
    return pmax(v, zero) + zero;
  } else if constexpr (K == ActivationKind::kRelu6) {
    return pmax(pmin(v, Vec(6.0f)), zero) + zero;
  } else if constexpr (K == ActivationKind::kClamp) {
    return pmax(pmin(v, Vec(a.max)), Vec(a.min)) + zero;
  } else if constexpr (K == ActivationKind::kLeakyRelu) {
    return xsimd::select(v < zero, Vec(a.alpha) * v, v);
  } else if constexpr (K == ActivationKind::kSigmoid) {
    return Vec(1.0f) / (Vec(1.0f) + xsimd::exp(-v));
  } else if constexpr (K == ActivationKind::kTanh) {
    return xsimd::tanh(v);
  } else if constexpr (K == ActivationKind::kHardSwish) {
    const Vec r = activate<ActivationKind::kRelu6>(v + Vec(3.0f), a);
    return v * r / Vec(6.0f);
  } else if constexpr (K == ActivationKind::kSilu) {
    return v / (Vec(1.0f) + xsimd::exp(-v));
  } else {
    static_assert(K == ActivationKind::kGelu, "every kind is handled");
    return v * Vec(0.5f) * (Vec(1.0f) + xsimd::erf(v * Vec(kSqrtHalf)));
  }
}
#else
template <ActivationKind K>
inline Vec activate(const Vec& v, const Activation& a) {
  Vec r;
  for (std::size_t l = 0; l < Vec::size; ++l) r.v[l] = activate<K>(v.v[l], a);
  return r;
}
#endif

// The scalar form for an activation known only at run time (the reference's per-element use).
inline float activate(float v, const Activation& a) {
  switch (a.kind) {
    case ActivationKind::kNone:
      return v;
    case ActivationKind::kRelu:
      return activate<ActivationKind::kRelu>(v, a);
    case ActivationKind::kRelu6:
      return activate<ActivationKind::kRelu6>(v, a);
    case ActivationKind::kClamp:
      return activate<ActivationKind::kClamp>(v, a);
    case ActivationKind::kLeakyRelu:
      return activate<ActivationKind::kLeakyRelu>(v, a);
    case ActivationKind::kSigmoid:
      return activate<ActivationKind::kSigmoid>(v, a);
    case ActivationKind::kTanh:
      return activate<ActivationKind::kTanh>(v, a);
    case ActivationKind::kHardSwish:
      return activate<ActivationKind::kHardSwish>(v, a);
    case ActivationKind::kSilu:
      return activate<ActivationKind::kSilu>(v, a);
    case ActivationKind::kGelu:
      return activate<ActivationKind::kGelu>(v, a);
  }
  return v;
}

// values[i] = activation(values[i] + residual[i]) for i < count; `residual` may be null
// (nothing is added: adding 0 would turn -0 into +0). Every value, the tail's too, goes
// through the Vec form, so a value's result does not depend on its position.
void apply_epilogue(float* values, int64_t count, const Activation& activation,
                    const float* residual);

// The same, in chunks of kEpilogueChunk values spread over threads' pool (each value's
// result does not depend on its chunk).
void apply_epilogue(float* values, int64_t count, const Activation& activation,
                    const float* residual, Workspaces* threads);
inline constexpr int64_t kEpilogueChunk = int64_t{1} << 14;

// True when apply_epilogue would change something (an activation or a residual).
inline bool has_epilogue(const Activation& activation, const float* residual) {
  return activation.kind != ActivationKind::kNone || residual != nullptr;
}

}  // namespace wasmconv::kernels
