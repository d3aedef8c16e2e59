// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Vec: the float vector the fast kernels are written with. It is xsimd's batch<float>
// for the compiled instruction set (4 lanes on WebAssembly SIMD128 and SSE, 8 on AVX2),
// or, in builds without SIMD (the scalar .wasm), a plain 4-float struct with the same
// operations, so that every kernel has exactly one source.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

namespace wasmconv::kernels {

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

using Vec = xsimd::batch<float>;

#else

struct Vec {
  static constexpr std::size_t size = 4;
  float v[size];

  Vec() = default;
  explicit Vec(float a) {
    for (float& e : v) e = a;
  }
  static Vec load_unaligned(const float* p) {
    Vec r;
    for (std::size_t i = 0; i < size; ++i) r.v[i] = p[i];
    return r;
  }
  void store_unaligned(float* p) const {
    for (std::size_t i = 0; i < size; ++i) p[i] = v[i];
  }
  Vec& operator+=(const Vec& o) {
    for (std::size_t i = 0; i < size; ++i) v[i] += o.v[i];
    return *this;
  }
  friend Vec operator*(const Vec& a, const Vec& b) {
    Vec r;
    for (std::size_t i = 0; i < size; ++i) r.v[i] = a.v[i] * b.v[i];
    return r;
  }
  friend Vec operator+(const Vec& a, const Vec& b) {
    Vec r;
    for (std::size_t i = 0; i < size; ++i) r.v[i] = a.v[i] + b.v[i];
    return r;
  }
};

#endif

inline constexpr int kLanes = static_cast<int>(Vec::size);

// dst[2j] = a[j], dst[2j + 1] = b[j] for j < kLanes: two rows merged column by column, as
// a transposed convolution's two W phases of stride 2 are. With 4 lanes it is one pair of
// shuffles (zip) and two vector stores; xsimd 8.1's zip works within 128-bit lanes, so
// wider vectors (AVX, AVX-512) and the scalar build store element by element.
inline void store_interleaved(const Vec& a, const Vec& b, float* dst) {
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  if constexpr (Vec::size == 4) {
    xsimd::zip_lo(a, b).store_unaligned(dst);
    xsimd::zip_hi(a, b).store_unaligned(dst + 4);
    return;
  }
#endif
  alignas(64) float ta[Vec::size], tb[Vec::size];
  a.store_unaligned(ta);
  b.store_unaligned(tb);
  for (std::size_t j = 0; j < Vec::size; ++j) {
    dst[2 * j] = ta[j];
    dst[2 * j + 1] = tb[j];
  }
}

}  // namespace wasmconv::kernels
