// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out: 8-bit pixels (gray, RGB or RGBA, interleaved, rows top to bottom) to a
// float tensor of one image, [C, H, W] (NCHW without N) or [H, W, C] (NHWC without N), and a
// tensor back to RGBA bytes, as ImageData holds them.
//
// The value map, per tensor channel c, and its inverse:
//   value = (byte * scale - mean[c]) / std[c]     computed as byte * a[c] + b[c]
//   byte  = value * std[c] / scale + mean[c] / scale, computed as (value - b[c]) * k[c]
// with a = scale / std, b = -mean / std and k = std / scale worked out in double and rounded
// to float once. The bytes back are what storing the float into a Uint8ClampedArray gives:
// NaN -> 0, clamped to 0..255, rounded to nearest with ties to even.
//
// Gray from colour is the luma Y' = wr R' + wg G' + wb B' of the gamma-encoded (sRGB) values,
// with the weights of BT.601 (0.299, 0.587, 0.114: what PIL's convert('L') and OpenCV's
// RGB2GRAY use) or BT.709 (0.2126, 0.7152, 0.0722: HDTV and sRGB primaries), then mapped
// as a byte is. Since wr + wg + wb = 1 it is computed as Y = G + wr (R - G) + wb (B - G):
// a gray pixel (R = G = B) gives exactly its own value, so an RGBA image of a gray picture
// converts to the same gray tensor as its one-channel bytes. A gray tensor drawn back gives
// R = G = B; a tensor without alpha gives alpha 255, and a source without alpha reads as 255.
//
// Each conversion is one pass: every source byte is read once and every output value written
// once (min-max normalisation reads the tensor once more first). The SIMD paths give bitwise
// the results of the *_reference functions, the per-pixel definitions: both compute the same
// float operations in the same order (this file's .cc is built without contraction into
// fused multiply-adds).
#pragma once

#include <cstdint>

#include "wasmconv/status.h"

namespace wasmconv::image {

// Where a pixel's channels are: NCHW (planes, what the convolutions take) or NHWC
// (interleaved, what TensorFlow.js and most image libraries use).
enum class Layout { kNCHW, kNHWC };

// The weights of gray from colour (see above).
enum class Luma { kBt601, kBt709 };

// The affine map between bytes and values (above), one mean and std per tensor channel.
struct ChannelMap {
  double scale = 1.0 / 255.0;
  double mean[4] = {0, 0, 0, 0};
  double std[4] = {1, 1, 1, 1};
};

struct ImageToTensorParams {
  int64_t width = 0;
  int64_t height = 0;
  int source_channels = 4;  // bytes per source pixel: 1 (gray), 3 (RGB) or 4 (RGBA)
  int channels = 3;         // tensor channels: 1 (gray), 3 (RGB) or 4 (RGBA)
  Layout layout = Layout::kNCHW;
  ChannelMap map;
  Luma luma = Luma::kBt601;
};

struct TensorToImageParams {
  int64_t width = 0;
  int64_t height = 0;
  int channels = 3;  // tensor channels: 1 (gray), 3 (RGB) or 4 (RGBA)
  Layout layout = Layout::kNCHW;
  ChannelMap map;  // ignored when normalize is set
  // Map the smallest finite value to 0 and the largest to 255 instead (over every channel,
  // so colours keep their balance). NaN and +-Inf take no part in finding them; NaN draws
  // as 0, +Inf as 255, -Inf as 0. When every finite value is the same (or there is none),
  // finite values draw as 0.
  bool normalize = false;
};

// The checks each conversion makes first: sizes from 1 to 2^31 - 1 whose tensor fits in
// kMaxTensorBytes (out_of_memory otherwise), channel counts 1, 3 or 4, a finite positive
// scale, finite means and finite positive stds (those of the tensor's channels only).
Status check(const ImageToTensorParams& p);
Status check(const TensorToImageParams& p);

// `src` holds width * height * source_channels bytes; `dst` receives width * height *
// channels floats.
Status image_to_tensor(const ImageToTensorParams& p, const uint8_t* src, float* dst);

// `src` holds width * height * channels floats; `rgba` receives width * height * 4 bytes.
Status tensor_to_image(const TensorToImageParams& p, const float* src, uint8_t* rgba);

// The same conversions pixel by pixel in plain C++ (no checks): the definitions the tests
// hold the SIMD paths to, and the whole conversion in the build without SIMD.
void image_to_tensor_reference(const ImageToTensorParams& p, const uint8_t* src, float* dst);
void tensor_to_image_reference(const TensorToImageParams& p, const float* src, uint8_t* rgba);

// Whether image_to_tensor and tensor_to_image run the SIMD paths in this build.
bool image_simd_compiled();

}  // namespace wasmconv::image
