// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Building the padded input image of the fast convolution paths (layout in padded_image.h).
#include "kernels/padded_image.h"

#include <algorithm>

#include "core/border.h"
#include "kernels/code_size.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/row_ops.h"
#include "kernels/transpose_channels.h"

namespace wasmconv::kernels {

int64_t PaddedImage::size() const {
  // Image, zero slack for tile over-reads, and (phase-split layouts) one natural-order row.
  return channels * channel_stride + kTileN + (stride_w > 1 ? width : 0);
}

int64_t PaddedImage::column_offset(int64_t col) const {
  if (stride_w == 1) return col;
  const PhaseShift ps = phase_shift(col, stride_w);
  return ps.phase * phase_stride(width, stride_w) + ps.shift;
}

void PaddedImage::tap_offsets(const ConvGeometry& g, std::vector<int64_t>* offsets,
                              int64_t first_plane) const {
  offsets->resize(static_cast<size_t>(g.kernel_spatial()));
  size_t t = 0;
  for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
      for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
        const int64_t plane = (first_plane + kd * g.dilation[0]) % depth;
        (*offsets)[t++] = row_offset(plane, kh * g.dilation[1]) + column_offset(kw * g.dilation[2]);
      }
}

// Channels are `stride` floats apart in the GEMM kernels' reduction, which walks one
// cache line per channel. A stride that is a multiple of 4 KiB (a 64x64 image) maps every
// channel onto the same L1 set, and the panel no longer fits in L1 (measured: 25 instead
// of 31 GFLOP/s for K = 128). Rounding the stride up to an odd number of 64-byte lines
// walks all sets; it costs at most 31 floats per channel.
int64_t spread_channel_stride(int64_t floats) {
  constexpr int64_t kLine = 16;  // floats per 64-byte cache line
  int64_t lines = (floats + kLine - 1) / kLine;
  if (lines % 2 == 0) ++lines;
  return lines * kLine;
}

PaddedImage padded_image_layout(const ConvGeometry& g) {
  PaddedImage p;
  p.depth = g.input[0] + g.pad_begin[0] + g.pad_end[0];
  p.height = g.input[1] + g.pad_begin[1] + g.pad_end[1];
  p.width = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  p.stride_w = g.stride[2];
  p.row_len = p.stride_w == 1 ? p.width : phased_row_size(p.width, p.stride_w);
  p.channel_stride = spread_channel_stride(p.depth * p.height * p.row_len);
  p.channels = g.in_channels;
  return p;
}

PaddedImage PaddedImage::columns(int64_t cols) const {
  PaddedImage b = *this;
  b.width = cols;
  b.row_len = stride_w == 1 ? cols : phased_row_size(cols, stride_w);
  b.channel_stride = spread_channel_stride(b.depth * b.height * b.row_len);
  return b;
}

PaddedImage PaddedImage::slice(int64_t planes, int64_t rows) const {
  PaddedImage b = *this;
  b.depth = planes;
  b.height = rows;
  b.channel_stride = spread_channel_stride(b.depth * b.height * b.row_len);
  return b;
}

int64_t band_units(int64_t total, int64_t row_bytes, int64_t step, int64_t extent,
                   int64_t band_bytes) {
  const int64_t shared = std::max<int64_t>(0, extent - step);
  int64_t units = 1;
  while (units < total && band_input_rows(units + 1, step, extent) * row_bytes <= band_bytes)
    ++units;
  while (units < total && 8 * shared > units * step) ++units;
  return units;
}

void fill_padded_plane(const ConvGeometry& g, const PaddedImage& layout, const float* x, float* out,
                       int64_t plane, int64_t slot, int64_t first_row, int64_t rows,
                       int64_t first_col) {
  if (rows < 0) rows = layout.height;
  const int64_t in_h = g.input[1], in_w = g.input[2];
  const int64_t sd = border_index(plane - g.pad_begin[0], g.input[0], g.padding_mode);
  // Rows are assembled in place when stride_w == 1; phase-split rows are assembled in
  // natural order in the scratch row after the slack, then split.
  float* const row_buf = out + layout.channels * layout.channel_stride + kTileN;
  for (int64_t c = 0; c < g.in_channels; ++c) {
    const float* xc = x + c * g.input_spatial();
    for (int64_t h = 0; h < layout.height; ++h) {
      float* dst = out + c * layout.channel_stride + layout.row_offset(slot, h);
      float* row = layout.stride_w == 1 ? dst : row_buf;
      // Rows past `rows` (the last band's unused ones) are zeros, like padding.
      const int64_t sh =
          h < rows ? border_index(first_row + h - g.pad_begin[1], in_h, g.padding_mode) : -1;
      if (sd < 0 || sh < 0) {
        std::fill(row, row + layout.width, 0.0f);
      } else {
        fill_padded_row(g, xc + (sd * in_h + sh) * in_w, first_col, layout.width, row);
      }
      if (layout.stride_w > 1) {
        split_phases(row, layout.width, layout.stride_w, dst);
        // Only the slots past each phase's length stay unwritten (one when the width is
        // not a multiple of the stride); zero them rather than the whole row first.
        const int64_t slots = phase_stride(layout.width, layout.stride_w);
        for (int64_t ph = 0; ph < phase_count(layout.width, layout.stride_w); ++ph) {
          std::fill(dst + ph * slots + phase_len(layout.width, layout.stride_w, ph),
                    dst + (ph + 1) * slots, 0.0f);
        }
      }
    }
  }
}

WASMCONV_SET_UP __attribute__((noinline)) void fill_padded_plane_channels_last(
    const ConvGeometry& g, const PaddedImage& layout, const float* x, int64_t pixel_stride,
    float* out, int64_t plane, int64_t first_row, int64_t rows) {
  if (rows < 0) rows = layout.height;
  const int64_t in_h = g.input[1], in_w = g.input[2];
  const int64_t sd = plane - g.pad_begin[0];
  // Columns [lo, hi) of a padded row hold input columns 0 .. hi - lo - 1.
  const int64_t lo = std::min(g.pad_begin[2], layout.width);
  const int64_t hi = std::min(g.pad_begin[2] + in_w, layout.width);
  const int64_t cs = layout.channel_stride;
  for (int64_t h = 0; h < layout.height; ++h) {
    const int64_t sh = h < rows ? first_row + h - g.pad_begin[1] : -1;
    float* const row = out + layout.row_offset(0, h);
    if (sd < 0 || sd >= g.input[0] || sh < 0 || sh >= in_h) {
      for (int64_t c = 0; c < layout.channels; ++c)
        std::fill(row + c * cs, row + c * cs + layout.width, 0.0f);
      continue;
    }
    // The border columns, a few per row, column by column across the channels: a fill per
    // channel row was a memset call for one or two floats (U08, 256 channels: 4% of its time).
    auto zero_column = [&](int64_t w) {
#if defined(__clang__)
#pragma clang loop vectorize(disable) unroll(disable)
#endif
      for (int64_t c = 0; c < layout.channels; ++c) row[c * cs + w] = 0.0f;
    };
    for (int64_t w = 0; w < lo; ++w) zero_column(w);
    for (int64_t w = hi; w < layout.width; ++w) zero_column(w);
    if (hi > lo) {
      transpose_block(x + (sd * in_h + sh) * in_w * pixel_stride, pixel_stride, row + lo, cs,
                      hi - lo, layout.channels);
    }
  }
}

void zero_padded_gaps(const PaddedImage& layout, float* out) {
  // The gaps between channels (and the slack) are read by tile over-reads into lanes
  // that are never stored; zeros keep those lanes finite and the runs deterministic.
  const int64_t used = layout.depth * layout.height * layout.row_len;
  for (int64_t c = 0; c < layout.channels; ++c) {
    std::fill(out + c * layout.channel_stride + used, out + (c + 1) * layout.channel_stride, 0.0f);
  }
  float* const slack = out + layout.channels * layout.channel_stride;
  std::fill(slack, slack + kTileN, 0.0f);
}

void fill_padded_row(const ConvGeometry& g, const float* src, int64_t first_col, int64_t cols,
                     float* dst) {
  const int64_t in_w = g.input[2], padded_w = in_w + g.pad_begin[2] + g.pad_end[2];
  // Column w of dst is padded column first_col + w, input column first_col + w - pad:
  // inside the input for w in [lo, hi), past the padded row from `end` (a last band's
  // columns that only outputs past the row's end read).
  const int64_t pw = g.pad_begin[2] - first_col;
  const int64_t lo = std::clamp<int64_t>(pw, 0, cols);
  const int64_t hi = std::clamp<int64_t>(pw + in_w, lo, cols);
  const int64_t end = std::clamp<int64_t>(padded_w - first_col, hi, cols);
  auto border = [&](int64_t w) {
    const int64_t sw = border_index(w - pw, in_w, g.padding_mode);
    return sw < 0 ? 0.0f : src[sw];
  };
  for (int64_t w = 0; w < lo; ++w) dst[w] = border(w);
  // A band wholly in the border has nothing to copy (and src + lo - pw would point outside
  // the row). An explicit vector loop: rows are short, and Emscripten's memcpy is a scalar
  // loop below 512 bytes.
  if (hi > lo) {
    const float* from = src + (lo - pw);
    float* to = dst + lo;
    const int64_t n = hi - lo;
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) Vec::load_unaligned(from + i).store_unaligned(to + i);
    for (; i < n; ++i) to[i] = from[i];
  }
  for (int64_t w = hi; w < end; ++w) dst[w] = border(w);
  std::fill(dst + end, dst + cols, 0.0f);
}

void fill_padded_image(const ConvGeometry& g, const PaddedImage& layout, const float* x, float* out,
                       int64_t first_row, int64_t rows, int64_t first_col) {
  for (int64_t d = 0; d < layout.depth; ++d)
    fill_padded_plane(g, layout, x, out, d, d, first_row, rows, first_col);
  zero_padded_gaps(layout, out);
}

}  // namespace wasmconv::kernels
