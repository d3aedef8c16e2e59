// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Row primitives shared by the SIMD path: a vectorised axpy and the strided-row phase
// layout (see simd_path.h for why rows are split into phases).
//
// Phase layout of a row of length n for stride s: phase p (0 <= p < min(s, n)) holds
// row[p], row[p + s], row[p + 2s], ... in `phase_len(n, s, p)` slots, and phase p starts at
// p * phase_stride(n, s). So row[j*s + p] lives at phase p, slot j.
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

// y[i] += a * x[i] for i in [0, n).
inline void axpy(float a, const float* x, float* y, int64_t n) {
  int64_t i = 0;
  const Vec va(a);
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    Vec y0 = Vec::load_unaligned(y + i);
    Vec y1 = Vec::load_unaligned(y + i + kLanes);
    y0 = madd(va, Vec::load_unaligned(x + i), y0);
    y1 = madd(va, Vec::load_unaligned(x + i + kLanes), y1);
    y0.store_unaligned(y + i);
    y1.store_unaligned(y + i + kLanes);
  }
  for (; i + kLanes <= n; i += kLanes) {
    Vec y0 = Vec::load_unaligned(y + i);
    y0 = madd(va, Vec::load_unaligned(x + i), y0);
    y0.store_unaligned(y + i);
  }
  for (; i < n; ++i) y[i] += a * x[i];
}

inline int64_t phase_count(int64_t n, int64_t s) { return std::min(n, s); }
inline int64_t phase_stride(int64_t n, int64_t s) { return (n + s - 1) / s; }
inline int64_t phase_len(int64_t n, int64_t s, int64_t p) {
  return p < n ? (n - p + s - 1) / s : 0;
}
inline int64_t phased_row_size(int64_t n, int64_t s) {
  return phase_count(n, s) * phase_stride(n, s);
}

// Row offset o = t*d - pad (the column read or written by tap t is j*s + o) as phase p and
// shift q with o = q*s + p, 0 <= p < s.
struct PhaseShift {
  int64_t phase;
  int64_t shift;
};
inline PhaseShift phase_shift(int64_t offset, int64_t s) {
  int64_t q = offset / s;
  if (offset % s != 0 && offset < 0) --q;
  return {offset - q * s, q};
}

// The columns j in [lo, hi) of a row of length n whose partner column j*s + offset lies
// inside a row of length m, and where the partner of column lo is: at lo + offset when
// s == 1, else in the phase layout of the m-row (j*s + offset = (j + q)*s + p is slot j + q
// of phase p). A convolution reads input column ow*s + offset for output column ow; a
// transposed one writes output column iw*s + offset from input column iw.
struct StridedRun {
  int64_t lo, hi;
  int64_t partner;
};
inline StridedRun strided_run(int64_t n, int64_t m, int64_t s, int64_t offset) {
  if (s == 1) {
    const int64_t lo = std::max<int64_t>(0, -offset);
    return {lo, std::min(n, m - offset), lo + offset};
  }
  const PhaseShift ps = phase_shift(offset, s);
  const int64_t lo = std::max<int64_t>(0, -ps.shift);
  return {lo, std::min(n, phase_len(m, s, ps.phase) - ps.shift),
          ps.phase * phase_stride(m, s) + lo + ps.shift};
}

// dst[i] = src[i * s] for i < n, reading nothing at or past src[readable] (readable >=
// (n - 1) * s + 1): a gather of every s-th input, as strided layers read their rows. Vector
// loads for s = 1, and for s = 2 two loads and one shuffle of their even lanes per vector
// (the wasm SIMD builds, where even_lanes is one shufps); one float at a time otherwise.
inline void copy_strided(const float* src, int64_t s, int64_t n, int64_t readable, float* dst) {
  int64_t i = 0;
  if (s == 1) {
    for (; i + kLanes <= n; i += kLanes) Vec::load_unaligned(src + i).store_unaligned(dst + i);
  }
#if defined(__wasm_simd128__) && !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  if (s == 2) {
    for (; i + kLanes <= n && 2 * (i + kLanes) <= readable; i += kLanes) {
      even_lanes(Vec::load_unaligned(src + 2 * i), Vec::load_unaligned(src + 2 * i + kLanes))
          .store_unaligned(dst + i);
    }
  }
#endif
  for (; i < n; ++i) dst[i] = src[i * s];
}

// split_phases for s == 3, out of line (row_ops.cc): one copy of its vectorised loop
// instead of one per caller.
void split_phases_3(const float* row, int64_t n, float* out);

// Writes `row` (length n) into `out` in phase layout.
inline void split_phases(const float* row, int64_t n, int64_t s, float* out) {
  const int64_t stride = phase_stride(n, s);
  if (s == 2) {
    // The common stride as one loop with constant strides, which clang vectorises into
    // shuffles (the general loop below has a run-time stride and stays scalar).
    float* const odd = out + stride;
    int64_t j = 0;
    for (; 2 * j + 1 < n; ++j) {
      out[j] = row[2 * j];
      odd[j] = row[2 * j + 1];
    }
    if (2 * j < n) out[j] = row[2 * j];
    return;
  }
  if (s == 3) {
    split_phases_3(row, n, out);
    return;
  }
  for (int64_t p = 0; p < phase_count(n, s); ++p) {
    float* dst = out + p * stride;
    for (int64_t j = 0, c = p; c < n; ++j, c += s) dst[j] = row[c];
  }
}

// Inverse of split_phases.
inline void merge_phases(const float* in, int64_t n, int64_t s, float* row) {
  const int64_t stride = phase_stride(n, s);
  if (s == 2) {  // as in split_phases
    const float* const odd = in + stride;
    int64_t j = 0;
    for (; 2 * j + 1 < n; ++j) {
      row[2 * j] = in[j];
      row[2 * j + 1] = odd[j];
    }
    if (2 * j < n) row[2 * j] = in[j];
    return;
  }
  for (int64_t p = 0; p < phase_count(n, s); ++p) {
    const float* src = in + p * stride;
    for (int64_t j = 0, c = p; c < n; ++j, c += s) row[c] = src[j];
  }
}

}  // namespace wasmconv::kernels
