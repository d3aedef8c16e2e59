// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last (NHWC) data in and out of the channels-first kernels. transpose_planes turns
// each of `batch` row-major [rows x cols] matrices into its [cols x rows] transpose: NHWC ->
// NCHW is rows = pixels, cols = channels, and NCHW -> NHWC the other way round. It walks
// tiles of kTransposeTileRows x kTransposeTileCols, so that the reads and the writes both stay
// within a few KB; inside a tile, 4 x 4 blocks go through registers (SSE's transpose, which
// the wasm SIMD builds compile to SIMD128 shuffles), the tails and the scalar build element
// by element. A copy: every build and thread count gives the same bits.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wasmconv/thread_pool.h"

namespace wasmconv::kernels {

inline constexpr int64_t kTransposeTileRows = 16;
inline constexpr int64_t kTransposeTileCols = 64;

// dst[b][c][r] = src[b][r][c] for b < batch, r < rows, c < cols (src and dst do not overlap).
// The tiles are spread over `pool`'s threads when it is not null.
void transpose_planes(const float* src, float* dst, int64_t batch, int64_t rows, int64_t cols,
                      ThreadPool* pool);

// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols: one block of a
// larger matrix, for kernels that turn a few channels-last rows into channel rows of their
// own scratch (conv_winograd.cc's bands). Keep the block to a few KB on each side.
void transpose_block(const float* src, std::ptrdiff_t src_stride, float* dst,
                     std::ptrdiff_t dst_stride, std::ptrdiff_t rows, std::ptrdiff_t cols);

}  // namespace wasmconv::kernels
