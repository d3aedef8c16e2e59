// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Single-pixel transposed convolution as a matrix-vector product (conv_transpose_gemv.h).
#include "kernels/conv_transpose_gemv.h"

#include <algorithm>

#include "kernels/gemm_tasks.h"
#include "kernels/vec.h"

namespace wasmconv::kernels {
namespace {

// Columns per pass (a chunk of y, 16 KiB, stays in L1 while the rows stream past it), and
// the unit in which tasks cut the columns: a multiple of every vector width, so that a
// column is in a vector part or in the scalar tail (whose sum is associated differently)
// whatever the split.
constexpr int64_t kChunk = 4096;
constexpr int64_t kColumnAlign = 64;

// y[j] += a0*r0[j] + a1*r1[j] + a2*r2[j] + a3*r3[j] for j < len: four weight rows per pass
// over y, so y is loaded and stored once per four rows instead of once per row.
void axpy4(int64_t len, const float* a, const float* const* r, float* y) {
  const Vec a0(a[0]), a1(a[1]), a2(a[2]), a3(a[3]);
  int64_t j = 0;
  for (; j + kLanes <= len; j += kLanes) {
    Vec acc = Vec::load_unaligned(y + j);
    acc = madd(a0, Vec::load_unaligned(r[0] + j), acc);
    acc = madd(a1, Vec::load_unaligned(r[1] + j), acc);
    acc = madd(a2, Vec::load_unaligned(r[2] + j), acc);
    acc = madd(a3, Vec::load_unaligned(r[3] + j), acc);
    acc.store_unaligned(y + j);
  }
  for (; j < len; ++j) y[j] += a[0] * r[0][j] + a[1] * r[1][j] + a[2] * r[2][j] + a[3] * r[3][j];
}

void axpy1(int64_t len, float a, const float* r, float* y) {
  const Vec av(a);
  int64_t j = 0;
  for (; j + kLanes <= len; j += kLanes)
    madd(av, Vec::load_unaligned(r + j), Vec::load_unaligned(y + j)).store_unaligned(y + j);
  for (; j < len; ++j) y[j] += a * r[j];
}

}  // namespace

bool conv_transpose_gemv_applies(const ConvGeometry& g) {
  if (g.op != Op::kConvTranspose || g.input_spatial() != 1) return false;
  for (int a = 0; a < 3; ++a) {
    // Output = kernel extent exactly: each tap k writes output k.
    if (g.dilation[a] != 1 || g.pad_begin[a] != 0 || g.pad_end[a] != 0) return false;
  }
  return true;
}

GemmTasks transpose_gemv_tasks(const ConvGeometry& g, int threads) {
  // Pieces of a group's columns, whole kColumnAlign-column units, so that each y[j] takes
  // the same (vector or scalar tail) path as on one thread.
  return split_gemm(g.macs(), g.batch * g.groups, g.out_channels_per_group() * g.kernel_spatial(),
                    kChunk, kColumnAlign, 1, 1, threads);
}

void conv_transpose_gemv(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                         float* y, Workspaces* threads) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t taps = g.kernel_spatial();
  const int64_t len = cog * taps;  // one weight row: a group's outputs, [co, k]
  const GemmTasks tasks = transpose_gemv_tasks(g, threads->threads());
  threads->parallel_for(tasks.count(), [&](int64_t t, Workspace&) {
    const GemmTasks::Cell cell = tasks.cell(t);
    const int64_t n = cell.outer / g.groups, grp = cell.outer % g.groups;
    const float* xg = x + n * g.in_channels + grp * cig;
    const float* wg = w + grp * cig * len;
    float* yg = y + (n * g.out_channels + grp * cog) * taps;
    // The bias of the task's columns (column j is output channel j / taps).
    for (int64_t j = cell.u0; j < cell.u1; ++j) {
      yg[j] = bias != nullptr ? bias[grp * cog + j / taps] : 0.0f;
    }
    // Columns per pass: a chunk of y (16 KiB) stays in L1 while every row's chunk streams
    // past it; W is still read once, in order within each row.
    for (int64_t j0 = cell.u0; j0 < cell.u1; j0 += kChunk) {
      const int64_t chunk = std::min(kChunk, cell.u1 - j0);
      int64_t ci = 0;
      for (; ci + 4 <= cig; ci += 4) {
        const float* rows[4] = {wg + ci * len + j0, wg + (ci + 1) * len + j0,
                                wg + (ci + 2) * len + j0, wg + (ci + 3) * len + j0};
        axpy4(chunk, xg + ci, rows, yg + j0);
      }
      for (; ci < cig; ++ci) axpy1(chunk, xg[ci], wg + ci * len + j0, yg + j0);
    }
  });
}

}  // namespace wasmconv::kernels
