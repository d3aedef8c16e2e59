// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// transpose_planes and transpose_block (transpose_channels.h): tiles of one plane, each a task.
#include "kernels/transpose_channels.h"

#include <algorithm>
#include <cstddef>

#include "kernels/row_tasks.h"

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

// The scalar tails are short (under 4, or under a tile's edge): clang would otherwise unroll
// and vectorize them into more code than the 4 x 4 blocks (the .wasm has a size budget).
#if defined(__clang__)
#define WASMCONV_SCALAR_TAIL _Pragma("clang loop vectorize(disable) unroll(disable)")
#else
#define WASMCONV_SCALAR_TAIL
#endif

namespace wasmconv::kernels {

void transpose_block(const float* src, std::ptrdiff_t src_stride, float* dst,
                     std::ptrdiff_t dst_stride, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  // Indices are pointer-sized: a tensor holds at most 2^28 floats (plan_conv), and on
  // wasm32 64-bit index arithmetic would double the code.
  std::ptrdiff_t r = 0;
#if defined(__SSE__)
  // SSE's intrinsics (wasm SIMD128 in the wasm builds, through -msse4.1) rather than xsimd's
  // zips: they are always inlined, also in this file's -Os.
  for (; r + 4 <= rows; r += 4) {
    const float* s = src + r * src_stride;
    std::ptrdiff_t c = 0;
    for (; c + 4 <= cols; c += 4) {
      __m128 a = _mm_loadu_ps(s + c), b = _mm_loadu_ps(s + src_stride + c);
      __m128 e = _mm_loadu_ps(s + 2 * src_stride + c), f = _mm_loadu_ps(s + 3 * src_stride + c);
      _MM_TRANSPOSE4_PS(a, b, e, f);  // now a is column c of the block, b column c + 1, ...
      float* d = dst + c * dst_stride + r;
      _mm_storeu_ps(d, a);
      _mm_storeu_ps(d + dst_stride, b);
      _mm_storeu_ps(d + 2 * dst_stride, e);
      _mm_storeu_ps(d + 3 * dst_stride, f);
    }
    WASMCONV_SCALAR_TAIL
    for (; c < cols; ++c) {
      for (std::ptrdiff_t i = 0; i < 4; ++i) dst[c * dst_stride + r + i] = s[i * src_stride + c];
    }
  }
#endif
  for (; r < rows; ++r) {
    WASMCONV_SCALAR_TAIL
    for (std::ptrdiff_t c = 0; c < cols; ++c) dst[c * dst_stride + r] = src[r * src_stride + c];
  }
}

void transpose_planes(const float* src, float* dst, int64_t batch, int64_t rows, int64_t cols,
                      ThreadPool* pool) {
  if (batch <= 0 || rows <= 0 || cols <= 0) return;
  const int64_t row_tiles = (rows + kTransposeTileRows - 1) / kTransposeTileRows;
  const int64_t col_tiles = (cols + kTransposeTileCols - 1) / kTransposeTileCols;
  const int64_t units = batch * row_tiles * col_tiles;
  // A copied value counted as one multiply-add: tasks of about kRowTaskMacs values.
  const int64_t tasks = row_task_count(units, kTransposeTileRows * kTransposeTileCols,
                                       pool != nullptr ? pool->threads() : 1);
  const auto task = [&](int64_t t, int) {
    const TaskRange range = row_task_range(t, tasks, units);
    for (int64_t u = range.begin; u < range.end; ++u) {
      const auto b = static_cast<std::ptrdiff_t>(u / (row_tiles * col_tiles));
      const auto tile = static_cast<std::ptrdiff_t>(u % (row_tiles * col_tiles));
      const auto r0 = tile / static_cast<std::ptrdiff_t>(col_tiles) * kTransposeTileRows;
      const auto c0 = tile % static_cast<std::ptrdiff_t>(col_tiles) * kTransposeTileCols;
      const auto r = static_cast<std::ptrdiff_t>(rows), c = static_cast<std::ptrdiff_t>(cols);
      // Rows [r0, r1) and columns [c0, c1) of plane b into its transpose.
      const std::ptrdiff_t r1 = std::min<std::ptrdiff_t>(r, r0 + kTransposeTileRows);
      const std::ptrdiff_t c1 = std::min<std::ptrdiff_t>(c, c0 + kTransposeTileCols);
      transpose_block(src + b * r * c + r0 * c + c0, c, dst + b * r * c + c0 * r + r0, r, r1 - r0,
                      c1 - c0);
    }
  };
  if (pool == nullptr || tasks <= 1) {
    task(0, 0);
  } else {
    pool->parallel_for(tasks, task);
  }
}

}  // namespace wasmconv::kernels
