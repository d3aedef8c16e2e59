// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Vec: the float vector the fast kernels are written with. It is xsimd's batch<float>
// for the compiled instruction set (4 lanes on WebAssembly SIMD128 and SSE, 8 on AVX2),
// or, in builds without SIMD (the scalar .wasm), a plain 4-float struct with the same
// operations, so that every kernel has exactly one source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <xsimd/xsimd.hpp>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

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

// v with lanes l < k (zero_lanes_before) or l >= k (zero_lanes_from) set to zero.
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// The mask of the lanes l < k.
inline xsimd::batch_bool<float> lanes_below(int k) {
  alignas(64) static constexpr float kLaneIndex[16] = {0, 1, 2,  3,  4,  5,  6,  7,
                                                       8, 9, 10, 11, 12, 13, 14, 15};
  static_assert(Vec::size <= 16, "kLaneIndex covers every lane");
  return Vec::load_aligned(kLaneIndex) < Vec(static_cast<float>(k));
}
inline Vec zero_lanes_before(const Vec& v, int k) {
  return xsimd::select(lanes_below(k), Vec(0.0f), v);
}
inline Vec zero_lanes_from(const Vec& v, int k) {
  return xsimd::select(lanes_below(k), v, Vec(0.0f));
}
#else
inline Vec zero_lanes_before(const Vec& v, int k) {
  Vec r = v;
  for (int l = 0; l < k && l < static_cast<int>(Vec::size); ++l) r.v[l] = 0.0f;
  return r;
}
inline Vec zero_lanes_from(const Vec& v, int k) {
  Vec r = v;
  for (int l = k < 0 ? 0 : k; l < static_cast<int>(Vec::size); ++l) r.v[l] = 0.0f;
  return r;
}
#endif

// a * b + acc, the step of every dot product in the kernels. In the relaxed-SIMD build
// (WASMCONV_RELAXED_MADD, wasm only) it is one f32x4.relaxed_madd: fused (rounded once)
// where the CPU has FMA, which halves the FP ops of a multiply-accumulate; the engine may
// also round twice, so results agree with the reference to rounding, not bit for bit.
// Elsewhere it is a multiply and an add.
inline Vec madd(const Vec& a, const Vec& b, const Vec& acc) {
#if defined(WASMCONV_RELAXED_MADD) && defined(__wasm_relaxed_simd__)
  // clang 14's prototype builtin computes x + y * z (and the compilers fold it so); its
  // opcode, f32x4.qfma, is rewritten after linking to the standard relaxed_madd with the
  // operands reordered to keep that meaning (cmake/relaxed_simd.cmake).
  return Vec(static_cast<__m128>(__builtin_wasm_fma_f32x4(
      static_cast<__f32x4>(acc.data), static_cast<__f32x4>(a.data), static_cast<__f32x4>(b.data))));
#else
  return a * b + acc;
#endif
}

// Stores the V vectors of one output row of a tile, V * kLanes floats at `out`, or only its
// first n_valid floats (a partial last tile, through a buffer): the row microkernels' store.
template <int V>
inline void store_tile_row(const Vec (&row)[V], float* out, int64_t n_valid) {
  if (n_valid == V * kLanes) {
    for (int v = 0; v < V; ++v) row[v].store_unaligned(out + v * kLanes);
    return;
  }
  alignas(64) float tmp[V * kLanes];
  for (int v = 0; v < V; ++v) row[v].store_unaligned(tmp + v * kLanes);
  for (int64_t j = 0; j < n_valid; ++j) out[j] = tmp[j];
}

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

// pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a, lane by lane: a NaN in a or b
// gives a, and so does a tie (0 and -0). In wasm each is one instruction (f32x4.pmax / pmin,
// a maxps / minps on x64), where a compare and xsimd::select are three (Emscripten's SSE
// blendv is a shift and a bitselect, several x64 instructions); elsewhere they are a compare
// and a select. B: a 4-lane SSE batch in wasm (Vec, or the image code's).
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class B>
inline B pmax(const B& a, const B& b) {
#if defined(__wasm_simd128__)
  static_assert(B::size == 4, "wasm's f32x4");
  return B(static_cast<__m128>(
      wasm_f32x4_pmax(static_cast<v128_t>(a.data), static_cast<v128_t>(b.data))));
#else
  return xsimd::select(a < b, b, a);
#endif
}
template <class B>
inline B pmin(const B& a, const B& b) {
#if defined(__wasm_simd128__)
  static_assert(B::size == 4, "wasm's f32x4");
  return B(static_cast<__m128>(
      wasm_f32x4_pmin(static_cast<v128_t>(a.data), static_cast<v128_t>(b.data))));
#else
  return xsimd::select(b < a, b, a);
#endif
}
#else
inline Vec pmax(const Vec& a, const Vec& b) {
  Vec r;
  for (std::size_t l = 0; l < Vec::size; ++l) r.v[l] = a.v[l] < b.v[l] ? b.v[l] : a.v[l];
  return r;
}
inline Vec pmin(const Vec& a, const Vec& b) {
  Vec r;
  for (std::size_t l = 0; l < Vec::size; ++l) r.v[l] = b.v[l] < a.v[l] ? b.v[l] : a.v[l];
  return r;
}
#endif

// The even and the odd lanes of the 2 * kLanes floats a, b (a's lanes first):
// even_lanes = (a[0], a[2], .., b[0], b[2], ..), odd_lanes = (a[1], a[3], .., b[1], b[3], ..).
// In the wasm SIMD builds each is one i8x16.shuffle, which V8 compiles to one shufps on x64;
// elsewhere (the scalar build, and native builds whose vectors are 8 or 16 lanes, which
// only the tests run) they go through memory.
#if defined(__wasm_simd128__) && !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
static_assert(Vec::size == 4, "the wasm SIMD builds' vectors are xsimd's 4-lane SSE batches");
inline Vec even_lanes(const Vec& a, const Vec& b) {
  return Vec(_mm_shuffle_ps(a.data, b.data, _MM_SHUFFLE(2, 0, 2, 0)));
}
inline Vec odd_lanes(const Vec& a, const Vec& b) {
  return Vec(_mm_shuffle_ps(a.data, b.data, _MM_SHUFFLE(3, 1, 3, 1)));
}
#else
inline Vec lanes_of_pair(const Vec& a, const Vec& b, int first) {
  alignas(64) float t[2 * Vec::size], r[Vec::size];
  a.store_unaligned(t);
  b.store_unaligned(t + Vec::size);
  for (std::size_t l = 0; l < Vec::size; ++l) r[l] = t[2 * l + static_cast<std::size_t>(first)];
  return Vec::load_unaligned(r);
}
inline Vec even_lanes(const Vec& a, const Vec& b) { return lanes_of_pair(a, b, 0); }
inline Vec odd_lanes(const Vec& a, const Vec& b) { return lanes_of_pair(a, b, 1); }
#endif

}  // namespace wasmconv::kernels
