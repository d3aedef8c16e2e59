// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// apply_epilogue (epilogue.h): one sweep over finished output values, a vector at a time.
//
// GCC 12 reports -Wmaybe-uninitialized (or -Wuninitialized, depending on what it inlines
// where) inside its own avx512fintrin.h when it inlines xsimd's exp and tanh (nearbyint's
// _mm512_roundscale_ps passes an undefined source operand on purpose) into native AVX-512
// builds: a false positive, silenced for this file, which must come before the includes to
// cover the inlined headers. A kernel that applies the Vec forms in its stores needs the same.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include "kernels/epilogue.h"

#include <algorithm>

namespace wasmconv::kernels {
namespace {

// Whole vectors only: `count` is a multiple of kLanes. Not inlined, so that the body and the
// tail below share one copy of the activation's code (xsimd's exp and tanh are long: the
// inlined second copies were 9 KB of the .wasm).
template <ActivationKind K, bool kResidual>
__attribute__((noinline)) void sweep_vectors(float* values, int64_t count, const Activation& a,
                                             const float* residual) {
  for (int64_t i = 0; i < count; i += kLanes) {
    Vec v = Vec::load_unaligned(values + i);
    if constexpr (kResidual) v = v + Vec::load_unaligned(residual + i);
    activate<K>(v, a).store_unaligned(values + i);
  }
}

template <ActivationKind K, bool kResidual>
void sweep(float* values, int64_t count, const Activation& a, const float* residual) {
  static_assert(kLanes == Vec::size, "the tail is one vector");
  const int64_t whole = count / kLanes * kLanes;
  sweep_vectors<K, kResidual>(values, whole, a, residual);
  if (whole == count) return;
  // The tail through a full vector, so that it is computed exactly as the body is.
  alignas(64) float tail[Vec::size] = {};
  alignas(64) float tail_residual[Vec::size] = {};
  const int64_t rest = count - whole;
  for (int64_t j = 0; j < rest; ++j) {
    tail[j] = values[whole + j];
    if constexpr (kResidual) tail_residual[j] = residual[whole + j];
  }
  sweep_vectors<K, kResidual>(tail, kLanes, a, tail_residual);
  for (int64_t j = 0; j < rest; ++j) values[whole + j] = tail[j];
}

template <ActivationKind K>
void sweep_kind(float* values, int64_t count, const Activation& a, const float* residual) {
  if (residual != nullptr) {
    sweep<K, true>(values, count, a, residual);
  } else {
    sweep<K, false>(values, count, a, residual);
  }
}

}  // namespace

void apply_epilogue(float* values, int64_t count, const Activation& a, const float* residual) {
  if (!has_epilogue(a, residual) || count <= 0) return;
  switch (a.kind) {
    case ActivationKind::kNone:
      return sweep_kind<ActivationKind::kNone>(values, count, a, residual);
    case ActivationKind::kRelu:
      return sweep_kind<ActivationKind::kRelu>(values, count, a, residual);
    case ActivationKind::kRelu6:
      return sweep_kind<ActivationKind::kRelu6>(values, count, a, residual);
    case ActivationKind::kClamp:
      return sweep_kind<ActivationKind::kClamp>(values, count, a, residual);
    case ActivationKind::kLeakyRelu:
      return sweep_kind<ActivationKind::kLeakyRelu>(values, count, a, residual);
    case ActivationKind::kSigmoid:
      return sweep_kind<ActivationKind::kSigmoid>(values, count, a, residual);
    case ActivationKind::kTanh:
      return sweep_kind<ActivationKind::kTanh>(values, count, a, residual);
    case ActivationKind::kHardSwish:
      return sweep_kind<ActivationKind::kHardSwish>(values, count, a, residual);
    case ActivationKind::kSilu:
      return sweep_kind<ActivationKind::kSilu>(values, count, a, residual);
    case ActivationKind::kGelu:
      return sweep_kind<ActivationKind::kGelu>(values, count, a, residual);
  }
}

void apply_epilogue(float* values, int64_t count, const Activation& a, const float* residual,
                    Workspaces* threads) {
  if (!has_epilogue(a, residual) || count <= 0) return;
  const int64_t chunks = (count + kEpilogueChunk - 1) / kEpilogueChunk;
  threads->parallel_for(chunks, [&](int64_t i, Workspace&) {
    const int64_t begin = i * kEpilogueChunk;
    apply_epilogue(values + begin, std::min(kEpilogueChunk, count - begin), a,
                   residual != nullptr ? residual + begin : nullptr);
  });
}

}  // namespace wasmconv::kernels
