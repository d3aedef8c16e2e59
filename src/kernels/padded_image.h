// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// PaddedImage: one input image with its border materialised (zeros, reflect, replicate
// or circular), laid out so that every kernel tap reads a contiguous run of inputs for a
// run of neighbouring outputs along W:
//   - stride_w == 1: plain padded rows; output column ow, tap t reads column ow + t*d_w.
//   - stride_w  > 1: each padded row split into stride_w phases (row_ops.h); output column
//     ow reads padded column ow*s + t*d = (ow + q)*s + p, i.e. slot ow + q of phase p.
// Rows are `row_len` floats apart, channels `channel_stride` apart (rounded up to an odd
// number of cache lines, so that a reduction over channels does not alias in L1), and `kTileN`
// floats of zeros follow the last row so that a microkernel may over-read a tile past a row's end
// (the phase-split layout keeps one more row of scratch after them).
#pragma once

#include <cstdint>
#include <vector>

#include "wasmconv/geometry.h"

namespace wasmconv::kernels {

struct PaddedImage {
  int64_t depth = 1, height = 1, width = 1;  // padded sizes
  int64_t stride_w = 1;
  int64_t row_len = 1;
  int64_t channel_stride = 1;
  int64_t channels = 1;

  // Floats the image needs, slack included.
  int64_t size() const;
  // Offset, from a row's start, of what output column 0 reads through a tap at padded
  // column offset `col` (= t * d_w).
  int64_t column_offset(int64_t col) const;
  // Offset of padded row (d, h) within a channel.
  int64_t row_offset(int64_t d, int64_t h) const { return (d * height + h) * row_len; }
  // offsets[t] for each tap t = (kd, kh, kw) of `g`: where that tap of output (0, 0, 0)
  // reads within a channel (output rows add row_offset, output columns add ow). Tap kd
  // reads padded depth plane first_plane + kd * d_d, which a layout of fewer planes than the
  // image (a ring, see slice) holds in plane (first_plane + kd * d_d) % depth.
  void tap_offsets(const ConvGeometry& g, std::vector<int64_t>* offsets,
                   int64_t first_plane = 0) const;
  // The layout of a part of this image: `planes` depth planes of `rows` padded rows each,
  // per channel (a band of rows, or a ring of planes). Tap offsets within a plane do not
  // depend on the height.
  PaddedImage slice(int64_t planes, int64_t rows) const;
  // The layout of a band of `width` padded columns of this image (its rows, and their
  // phases, that wide). Tap offsets depend on the width when stride_w > 1.
  PaddedImage columns(int64_t width) const;
};

// `floats` rounded up to an odd number of 64-byte cache lines: a distance between
// channels that walks every L1 set (padded_image.cc says why).
int64_t spread_channel_stride(int64_t floats);

// Bands. A path that builds a 2-D padded image a band of rows at a time, each band right
// before its kernel reads it, keeps one band in scratch instead of a copy of the input, and
// reads rows written a moment before, still in L2. It works in units (output rows, or rows
// of Winograd tiles) of which `count` consecutive ones read (count - 1) * step + extent
// padded rows. band_units picks how many units a band holds (at most `total`): as many as
// keep the band within `band_bytes`, but enough that the rows two bands share
// (extent - step), built twice, are at most an eighth of the rows a band steps over.
// kBandBytes, an eighth of a 2 MB L2, leaves room in it for the weights and the output rows
// being written.
inline constexpr int64_t kBandBytes = 256 * 1024;
inline int64_t band_input_rows(int64_t count, int64_t step, int64_t extent) {
  return (count - 1) * step + extent;
}
int64_t band_units(int64_t total, int64_t row_bytes, int64_t step, int64_t extent,
                   int64_t band_bytes = kBandBytes);

// The layout for a convolution geometry's input (channels = in_channels).
PaddedImage padded_image_layout(const ConvGeometry& g);

// Writes image `x` (one batch element, all channels) into `out` in the layout: padded rows
// first_row .. first_row + rows - 1 of every depth plane (all of them by default) as rows
// 0 .. rows - 1, and zeros in any rows of the layout after them; of each row, the layout's
// width of padded columns from first_col on.
void fill_padded_image(const ConvGeometry& g, const PaddedImage& layout, const float* x, float* out,
                       int64_t first_row = 0, int64_t rows = -1, int64_t first_col = 0);

// The same for padded depth plane `plane` of `g`'s image alone, written into plane `slot` of
// the layout. The zeros between channels and after the image, which tile over-reads meet,
// are written by zero_padded_gaps (fill_padded_image writes them too).
void fill_padded_plane(const ConvGeometry& g, const PaddedImage& layout, const float* x, float* out,
                       int64_t plane, int64_t slot, int64_t first_row = 0, int64_t rows = -1,
                       int64_t first_col = 0);
void zero_padded_gaps(const PaddedImage& layout, float* out);

// The same from channels-last data, zero padding, stride_w == 1, the layout's `channels`
// channels from x: x points at the first of them in the image's first pixel, pixels
// `pixel_stride` floats apart (the image's channel count). Each padded row's inside part is
// a [W x channels] block of x turned into `channels` rows (transpose_block).
void fill_padded_plane_channels_last(const ConvGeometry& g, const PaddedImage& layout,
                                     const float* x, int64_t pixel_stride, float* out,
                                     int64_t plane, int64_t first_row = 0, int64_t rows = -1);

// Writes padded columns [first_col, first_col + cols) of one padded row of `g` into dst:
// the input row `src` (g.input[2] floats) with its W border materialised per g's padding
// mode, and zeros past the padded row. The row-building step that every padded copy
// shares (the padded images above, the depthwise row ring, the row path's channels).
void fill_padded_row(const ConvGeometry& g, const float* src, int64_t first_col, int64_t cols,
                     float* dst);

}  // namespace wasmconv::kernels
