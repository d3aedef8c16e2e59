// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The GEMM-bound fast paths against the reference, on the layouts their speed-ups added:
// pointwise convolution read straight from the NCHW input (and its copied fallback for
// cache-aliasing strides), padded images whose channel stride is rounded up to an odd
// number of cache lines, and the stride-2 phase split / merge of strided convolution and
// sub-pixel transposed convolution. Channel counts off the microkernel's block size,
// widths at the pixel tile's edges, batches, groups, bias, 1-D to 3-D, and NaN/Inf.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/conv_igemm.h"
#include "kernels/conv_pointwise_strided.h"
#include "kernels/conv_transpose_subpixel.h"
#include "kernels/fast_path.h"
#include "kernels/igemm_microkernel.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"

namespace {

using namespace wasmconv;

// Runs the setting on the fast path and the reference and checks they agree: relative
// error <= 1e-5, non-finite outputs exactly where the reference has them. Returns the
// chosen kernel so that callers can check they exercised the path they meant to.
kernels::FastKernel check_setting(const ConvParams& p, const Shape& xs, const Shape& ws, bool bias,
                                  test::Rng& rng, float poison = 0.0f) {
  const int64_t c_out = p.op == Op::kConv ? ws[0] : ws[1] * p.groups;
  ConvGeometry g;
  const Status s = plan_conv(p, xs, ws, bias ? c_out : -1, &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  std::vector<float> x = rng.tensor(g.input_size());
  const std::vector<float> w = rng.tensor(g.weight_size());
  const std::vector<float> b = rng.tensor(g.out_channels);
  if (poison != 0.0f) {
    // A non-finite value near the start, one in the last pixel tile, and a NaN.
    x[static_cast<size_t>(g.input_size() / 3)] = poison;
    x[static_cast<size_t>(g.input_size() - 1)] = -poison;
    x[static_cast<size_t>(g.input_size() / 2)] = NAN;
  }
  const float* bp = bias ? b.data() : nullptr;
  const std::vector<float> want = test::run(g, x, w, bp, Backend::kReference);
  const std::vector<float> got = test::run(g, x, w, bp, Backend::kAuto);
  const kernels::FastKernel kernel = kernels::choose_fast_kernel(g);
  INFO(test::describe(g), " kernel=", kernels::fast_kernel_name(kernel));
  CHECK(test::nonfinite_mismatches(got, want) == 0);
  if (poison == 0.0f) {
    CHECK(test::relative_error(got, want) <= 1e-5);
  } else {
    int64_t non_finite = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      non_finite += std::isfinite(want[i]) ? 0 : 1;
      if (std::isfinite(want[i])) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5));
    }
    CHECK(non_finite > 0);
  }
  return kernel;
}

ConvParams params(Op op, int nd) {
  ConvParams p;
  p.op = op;
  p.spatial_dims = nd;
  return p;
}

// A 2-D convolution with stride s, dilation d and padding pb before / pe after, on H and W.
ConvParams conv2d(int64_t s, int64_t d, int64_t pb, int64_t pe) {
  ConvParams p = params(Op::kConv, 2);
  p.stride = {s, s, 1};
  p.dilation = {d, d, 1};
  p.pad_begin = {pb, pb, 0};
  p.pad_end = {pe, pe, 0};
  return p;
}

// How many drawn settings ran on a GEMM path, and how many of them on a gathered pixel
// panel: both walks must be exercised.
struct GatherCount {
  int settings = 0, gathered = 0;
  void check(const char* path) const {
    MESSAGE(std::string(path), " settings: ", settings, ", gathered: ", gathered);
    CHECK(gathered >= 15);
    CHECK(settings - gathered >= 10);
  }
};

// Checks a drawn setting against the reference if `kernel` runs it (igemm or sub-pixel),
// counting it in `count`.
void check_drawn(const ConvParams& p, const Shape& xs, const Shape& ws, kernels::FastKernel kernel,
                 GatherCount* count, test::Rng& rng) {
  ConvGeometry g;
  if (!plan_conv(p, xs, ws, -1, &g).ok() || kernels::choose_fast_kernel(g) != kernel) return;
  ++count->settings;
  const bool gathered = kernel == kernels::FastKernel::kIgemm ? kernels::igemm_tasks(g).gathered
                                                              : kernels::subpixel_tasks(g).gathered;
  count->gathered += gathered ? 1 : 0;
  check_setting(p, xs, ws, rng.chance(2), rng);
}

}  // namespace

TEST_CASE("pointwise convolution matches the reference, read in place or copied") {
  WASMCONV_SEEDED_RNG(rng, 20261201u);
  const int64_t tile = kernels::kTileN;
  // Pixel counts around the tile (the in-place path's partial last tile), 28x28 (spread
  // channel stride: read in place) and 32x32 / 64x16 (4 KiB strides: copied).
  const int64_t sizes[][2] = {{1, 1},    {1, tile - 1}, {1, tile}, {1, tile + 1}, {3, 5},
                              {2, tile}, {7, 9},        {28, 28},  {32, 32},      {64, 16}};
  // Reductions as short as two input channels ({4, 4} runs as 2 groups of two).
  const int64_t channels[][2] = {{8, 4}, {9, 5}, {16, 7}, {33, 13}, {64, 9},
                                 {4, 4}, {3, 5}, {6, 13}, {2, 9}};
  int checked = 0;
  for (const auto& hw : sizes)
    for (const auto& cc : channels) {
      ConvParams p = params(Op::kConv, 2);
      const int64_t groups = (cc[0] % 2 == 0 && cc[1] % 2 == 0) ? 2 : 1;
      p.groups = groups;
      const int64_t batch = rng.uniform(1, 2);
      const Shape xs{batch, cc[0], hw[0], hw[1]}, ws{cc[1] * groups, cc[0] / groups, 1, 1};
      CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
      ++checked;
    }
  CHECK(checked == 90);
}

TEST_CASE("short reductions: the GEMM from 2 input channels per group, and where it is not") {
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  const int64_t tile = kernels::kTileN;
  struct Case {
    int64_t c, h, w, co, k, s, d, pad, groups;
  };
  // Output channels off the block size and pixel counts off the tile; strides 1-3,
  // dilation, padding, groups of 2-3 channels.
  const Case cases[] = {
      {2, 9, 9, 4, 2, 1, 1, 0, 1},   {3, 7, tile + 1, 5, 2, 2, 1, 1, 1},
      {2, 13, 11, 7, 2, 1, 2, 1, 1}, {3, 20, 17, 46, 1, 3, 1, 0, 1},
      {6, 8, 8, 138, 1, 1, 1, 0, 1}, {6, 15, 14, 12, 1, 2, 1, 0, 3},
      {4, 10, 10, 8, 2, 3, 1, 2, 2}, {3, 1, tile - 1, 9, 1, 1, 1, 0, 1},
      {7, 5, 6, 4, 1, 1, 1, 1, 1},   {2, 30, 3, 16, 2, 2, 2, 2, 1},
  };
  for (const Case& c : cases) {
    ConvParams p = conv2d(c.s, c.d, c.pad, c.pad);
    p.groups = c.groups;
    const Shape xs{rng.uniform(1, 2), c.c, c.h, c.w}, ws{c.co, c.c / c.groups, c.k, c.k};
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
  }
  // Inf and NaN in a 3-channel 1x1 reach exactly the reference's outputs.
  CHECK(check_setting(params(Op::kConv, 2), Shape{1, 3, 9, 10}, Shape{8, 3, 1, 1}, true, rng,
                      INFINITY) == kernels::FastKernel::kIgemm);
  // One output channel per group of a pointwise layer: the row path, which streams each
  // input plane in place; strided, or with 2 outputs, the few-output kernel.
  CHECK(check_setting(params(Op::kConv, 2), Shape{1, 32, 9, 2 * tile + 3}, Shape{1, 32, 1, 1}, true,
                      rng) == kernels::FastKernel::kRow);
  ConvParams grouped = params(Op::kConv, 2);
  grouped.groups = 3;
  CHECK(check_setting(grouped, Shape{2, 6, 7, 5}, Shape{3, 2, 1, 1}, false, rng) ==
        kernels::FastKernel::kRow);
  CHECK(check_setting(conv2d(2, 1, 0, 0), Shape{1, 32, 9, 9}, Shape{1, 32, 1, 1}, true, rng) ==
        kernels::FastKernel::kFewOut);
  CHECK(check_setting(params(Op::kConv, 2), Shape{1, 32, 9, 9}, Shape{2, 32, 1, 1}, true, rng) ==
        kernels::FastKernel::kFewOut);
  // One input channel per group: a 1x1 (dwconv_1x1.h) and 2-7 taps stay on the depthwise
  // kernels, 8 or more go to the GEMM (fast_path.cc says why).
  const auto kernel_for = [&](int64_t k_h, int64_t k_w) {
    ConvParams p = params(Op::kConv, 2);
    p.groups = 4;
    return check_setting(p, Shape{1, 4, 12, 12}, Shape{16, 1, k_h, k_w}, true, rng);
  };
  CHECK(kernel_for(1, 1) == kernels::FastKernel::kDepthwise);
  CHECK(kernel_for(2, 2) == kernels::FastKernel::kDepthwise);
  CHECK(kernel_for(1, 7) == kernels::FastKernel::kDepthwise);
  CHECK(kernel_for(2, 4) == kernels::FastKernel::kIgemm);
  CHECK(kernel_for(3, 3) == kernels::FastKernel::kIgemm);
}

TEST_CASE("pointwise convolution in 1-D and 3-D, with bias, matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 77u);
  for (int64_t len : {1, 5, 8, 17, 100}) {
    CHECK(check_setting(params(Op::kConv, 1), Shape{2, 12, len}, Shape{6, 12, 1}, true, rng) ==
          kernels::FastKernel::kIgemm);
  }
  CHECK(check_setting(params(Op::kConv, 3), Shape{1, 10, 3, 5, 7}, Shape{9, 10, 1, 1, 1}, true,
                      rng) == kernels::FastKernel::kIgemm);
  CHECK(check_setting(params(Op::kConv, 3), Shape{1, 16, 16, 16, 16}, Shape{5, 16, 1, 1, 1}, false,
                      rng) == kernels::FastKernel::kIgemm);
}

TEST_CASE("pointwise convolution propagates Inf and NaN exactly as the reference") {
  WASMCONV_SEEDED_RNG(rng, 3u);
  for (const float poison : {INFINITY, -INFINITY}) {
    // 28x28 reads x in place, 32x32 copies it; 7x9 ends in a partial tile.
    for (const int64_t h : {28, 32, 7}) {
      const int64_t w = h == 7 ? 9 : h;
      CHECK(check_setting(params(Op::kConv, 2), Shape{1, 16, h, w}, Shape{6, 16, 1, 1}, true, rng,
                          poison) == kernels::FastKernel::kIgemm);
    }
  }
}

TEST_CASE("strided pointwise convolution gathers its pixels in bands: matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 20261206u);
  // Strides 2 and 3 on H and W (and only one of them), odd and even input sizes (the last
  // sample at the input's edge or one before it), a single output pixel, groups, batches.
  struct Case {
    int64_t c, h, w, co, s_h, s_w, groups;
  };
  const Case cases[] = {
      {8, 56, 56, 16, 2, 2, 1}, {16, 7, 7, 8, 2, 2, 1},    {9, 15, 13, 5, 2, 2, 1},
      {12, 9, 10, 6, 3, 3, 1},  {8, 1, 1, 4, 2, 2, 1},     {10, 12, 11, 7, 1, 2, 1},
      {8, 13, 6, 9, 3, 1, 1},   {32, 14, 14, 12, 2, 2, 2}, {24, 5, 33, 12, 2, 3, 3},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConv, 2);
    p.stride = {c.s_h, c.s_w, 1};
    p.groups = c.groups;
    const Shape xs{rng.uniform(1, 2), c.c, c.h, c.w}, ws{c.co, c.c / c.groups, 1, 1};
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
  }
  // Enough channels that a band holds fewer pixel tiles than the image: every band edge.
  {
    ConvParams p = params(Op::kConv, 2);
    p.stride = {2, 2, 1};
    const Shape xs{1, 1024, 19, 23}, ws{6, 1024, 1, 1};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
    CHECK(kernels::strided_pointwise_band_pixels(g) < g.output_spatial());
    CHECK(check_setting(p, xs, ws, true, rng) == kernels::FastKernel::kIgemm);
  }
  // 1-D and 3-D, Inf and NaN.
  ConvParams p1 = params(Op::kConv, 1);
  p1.stride = {2, 1, 1};
  CHECK(check_setting(p1, Shape{2, 12, 37}, Shape{6, 12, 1}, true, rng) ==
        kernels::FastKernel::kIgemm);
  ConvParams p3 = params(Op::kConv, 3);
  p3.stride = {2, 3, 2};
  CHECK(check_setting(p3, Shape{1, 10, 5, 7, 9}, Shape{9, 10, 1, 1, 1}, true, rng) ==
        kernels::FastKernel::kIgemm);
  for (const float poison : {INFINITY, -INFINITY}) {
    ConvParams p = params(Op::kConv, 2);
    p.stride = {2, 2, 1};
    // The poisoned last input (odd sizes) is sampled; so may the others be.
    CHECK(check_setting(p, Shape{1, 16, 9, 11}, Shape{6, 16, 1, 1}, true, rng, poison) ==
          kernels::FastKernel::kIgemm);
  }
}

TEST_CASE("transposed convolution of a one-pixel input runs as W^T x and matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 4096u);
  // Channel counts around the four-row step, kernels from 1x1 to 4x4 and non-square, a
  // group count, batches; strides do not matter for one input pixel.
  struct Case {
    int64_t c_in, c_out, kh, kw, groups, stride;
  };
  const Case cases[] = {{100, 512, 4, 4, 1, 1}, {1, 3, 4, 4, 1, 2}, {5, 7, 3, 5, 1, 1},
                        {8, 4, 1, 1, 1, 1},     {6, 9, 2, 3, 3, 2}, {4, 2, 7, 7, 2, 3},
                        {3, 1, 4, 4, 1, 1}};
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {c.stride, c.stride, 1};
    p.groups = c.groups;
    const Shape xs{rng.uniform(1, 3), c.c_in, 1, 1}, ws{c.c_in, c.c_out / c.groups, c.kh, c.kw};
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kTransposeGemv);
  }
  // 1-D and 3-D.
  CHECK(check_setting(params(Op::kConvTranspose, 1), Shape{2, 9, 1}, Shape{9, 5, 6}, true, rng) ==
        kernels::FastKernel::kTransposeGemv);
  CHECK(check_setting(params(Op::kConvTranspose, 3), Shape{1, 6, 1, 1, 1}, Shape{6, 4, 2, 3, 4},
                      true, rng) == kernels::FastKernel::kTransposeGemv);
  // Inf and NaN in the input reach exactly the outputs the reference gives them.
  for (const float poison : {INFINITY, -INFINITY}) {
    CHECK(check_setting(params(Op::kConvTranspose, 2), Shape{1, 12, 1, 1}, Shape{12, 5, 4, 4}, true,
                        rng, poison) == kernels::FastKernel::kTransposeGemv);
  }
  // Padding, output padding or dilation move taps off the kernel's own grid: another path,
  // still the reference's answer.
  ConvParams padded = params(Op::kConvTranspose, 2);
  padded.pad_begin = padded.pad_end = {1, 1, 0};
  CHECK(check_setting(padded, Shape{1, 8, 1, 1}, Shape{8, 8, 4, 4}, false, rng) !=
        kernels::FastKernel::kTransposeGemv);
  ConvParams extra = params(Op::kConvTranspose, 2);
  extra.stride = {2, 2, 1};
  extra.output_padding = {1, 1, 0};
  CHECK(check_setting(extra, Shape{1, 8, 1, 1}, Shape{8, 8, 4, 4}, true, rng) !=
        kernels::FastKernel::kTransposeGemv);
  ConvParams dilated = params(Op::kConvTranspose, 2);
  dilated.dilation = {2, 2, 1};
  CHECK(check_setting(dilated, Shape{1, 8, 1, 1}, Shape{8, 8, 3, 3}, true, rng) !=
        kernels::FastKernel::kTransposeGemv);
}

TEST_CASE("transposed convolution with few output channels: one GEMM over (channel, phase) rows") {
  WASMCONV_SEEDED_RNG(rng, 1606u);
  // DCGAN's and ESPCN's output layers, scaled down; kernels the stride does not divide
  // (phases with fewer taps: zero taps in the window), kernels smaller than the stride,
  // padding beyond one stride, output padding, groups, batches, 1-D and 3-D.
  struct Case {
    int nd;
    int64_t n, c, len, co, k, s, p, op, groups;
  };
  const Case cases[] = {
      {2, 1, 64, 32, 3, 4, 2, 1, 0, 1}, {2, 1, 16, 20, 1, 9, 3, 4, 2, 1},
      {2, 2, 16, 11, 1, 3, 2, 1, 1, 1}, {2, 1, 12, 9, 2, 5, 2, 2, 0, 1},
      {2, 1, 24, 7, 1, 2, 3, 0, 1, 1},  {2, 1, 32, 13, 2, 4, 2, 3, 1, 2},
      {2, 1, 9, 8, 1, 3, 3, 0, 0, 1},   {1, 2, 8, 40, 1, 7, 3, 2, 1, 1},
      {1, 1, 6, 17, 2, 4, 2, 1, 0, 1},  {3, 1, 16, 6, 1, 4, 2, 1, 0, 1},
      {3, 1, 27, 5, 1, 3, 3, 1, 2, 1},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, c.nd);
    Shape xs{c.n, c.c}, ws{c.c, c.co / c.groups};
    for (int a = 0; a < c.nd; ++a) {
      p.stride[static_cast<size_t>(a)] = c.s;
      p.pad_begin[static_cast<size_t>(a)] = p.pad_end[static_cast<size_t>(a)] = c.p;
      p.output_padding[static_cast<size_t>(a)] = c.op;
      xs.dims[static_cast<size_t>(2 + a)] = c.len + a;  // not square
      ws.dims[static_cast<size_t>(2 + a)] = c.k;
    }
    xs.rank = ws.rank = 2 + c.nd;
    p.groups = c.groups;
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kPhaseGemm);
    // Inf and NaN inputs: exact where every phase has all its taps, the scatter path
    // where zero taps would turn them into NaN elsewhere.
    CHECK(check_setting(p, xs, ws, true, rng, INFINITY) == kernels::FastKernel::kPhaseGemm);
  }
}

TEST_CASE("phase GEMM: an Inf weight reaches exactly the reference's outputs") {
  // The phase convolution multiplies its zero padding by every weight; 0 * Inf would be
  // NaN where the reference adds no term, so such weights are not packed for it.
  WASMCONV_SEEDED_RNG(rng, 99u);
  ConvParams p = params(Op::kConvTranspose, 2);
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 16, 6, 7}, Shape{16, 2, 4, 4}, 2, &g).ok());
  REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kPhaseGemm);
  const std::vector<float> x = rng.tensor(g.input_size()), b = rng.tensor(g.out_channels);
  for (size_t at : {size_t{0}, size_t{37}, size_t{255}}) {
    std::vector<float> w = rng.tensor(g.weight_size());
    w[at] = INFINITY;
    const std::vector<float> want = test::run(g, x, w, b.data(), Backend::kReference);
    const std::vector<float> got = test::run(g, x, w, b.data(), Backend::kAuto);
    CHECK(test::nonfinite_mismatches(got, want) == 0);
    CHECK(test::nonfinite_mismatches(want, std::vector<float>(want.size(), 0.0f)) > 0);
  }
}

TEST_CASE(
    "the planner ranks sub-pixel, phase GEMM and scatter by the share of real multiply-adds") {
  auto kernel_for = [](int64_t c_in, int64_t c_out, int64_t k, int64_t s) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {s, s, 1};
    ConvGeometry g;
    REQUIRE(plan_conv(p, Shape{1, c_in, 16, 16}, Shape{c_in, c_out, k, k}, -1, &g).ok());
    return kernels::choose_fast_kernel(g);
  };
  // Output channels filling the microkernel's rows: sub-pixel, whatever the phases.
  CHECK(kernel_for(64, 8, 4, 2) == kernels::FastKernel::kSubpixel);
  CHECK(kernel_for(64, 16, 3, 2) == kernels::FastKernel::kSubpixel);
  // 3 of 4 rows on sub-pixel, 12 of 12 on the phase GEMM.
  CHECK(kernel_for(64, 3, 4, 2) == kernels::FastKernel::kPhaseGemm);
  // One channel, 3x3 stride 2: 1/4 on sub-pixel, 4/4 rows x (3/4)^2 taps = 0.56 on phase GEMM.
  CHECK(kernel_for(16, 1, 3, 2) == kernels::FastKernel::kPhaseGemm);
  // The phase GEMM's output-sized scratch is allowed only where it is no larger than the
  // input (C_out * s^2 <= C_in): 3 x 4 > 8, so sub-pixel with 3 of 4 rows.
  CHECK(kernel_for(8, 3, 4, 2) == kernels::FastKernel::kSubpixel);
  // One input channel: the depthwise transposed kernels (row path); two are a reduction
  // the GEMM still wins (3 of them, one output channel: share 1/4, a tie with scattering).
  CHECK(kernel_for(1, 1, 4, 2) == kernels::FastKernel::kRow);
  CHECK(kernel_for(2, 4, 4, 2) == kernels::FastKernel::kSubpixel);
  CHECK(kernel_for(3, 1, 4, 2) == kernels::FastKernel::kSubpixel);
  // Stride 4 on a 2x2 kernel: 3 of 4 phases per axis get no tap and hold the bias, the
  // rest run on sub-pixel (1 of 4 rows); the phase GEMM's share is also 1 x (2/4)^2.
  CHECK(kernel_for(64, 1, 2, 4) == kernels::FastKernel::kSubpixel);
  CHECK(kernel_for(64, 8, 1, 3) == kernels::FastKernel::kSubpixel);
}

TEST_CASE("GEMM paths take large weights a chunk of blocks at a time: every chunk edge matches") {
  WASMCONV_SEEDED_RNG(rng, 256u);
  const int64_t mr = kernels::kIgemmMR;
  auto chunks = [&](int64_t block_floats, int64_t c_out) {
    const int64_t blocks = (c_out + mr - 1) / mr;
    const int64_t per = kernels::blocks_per_chunk(block_floats, blocks);
    return (blocks + per - 1) / per;
  };
  // igemm, 3x3 stride 2 (a late ResNet downsampling layer, smaller): 256 x 9 taps per row.
  CHECK(chunks(256 * 9 * mr, 30) > 1);
  CHECK(check_setting(conv2d(2, 1, 1, 1), Shape{1, 256, 9, 11}, Shape{30, 256, 3, 3}, true, rng) ==
        kernels::FastKernel::kIgemm);
  // Pointwise read in place (with a partial last tile), and strided pointwise.
  CHECK(chunks(4096 * mr, 22) > 1);
  CHECK(check_setting(params(Op::kConv, 2), Shape{1, 4096, 3, 5}, Shape{22, 4096, 1, 1}, true,
                      rng) == kernels::FastKernel::kIgemm);
  ConvParams strided = params(Op::kConv, 2);
  strided.stride = {2, 2, 1};
  CHECK(check_setting(strided, Shape{1, 4096, 5, 7}, Shape{22, 4096, 1, 1}, false, rng) ==
        kernels::FastKernel::kIgemm);
  // Sub-pixel: stride 2 (W phases merged in pairs) and stride 3, 16 and 9 taps per block.
  CHECK(chunks(16 * 512 * mr, 16) > 1);
  CHECK(chunks(9 * 512 * mr, 16) > 1);
  for (const int64_t s : {2, 3}) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {s, s, 1};
    p.pad_begin = p.pad_end = {1, 1, 0};
    const int64_t k = s == 2 ? 4 : 3;
    CHECK(check_setting(p, Shape{1, 512, 4, 5}, Shape{512, 16, k, k}, true, rng) ==
          kernels::FastKernel::kSubpixel);
  }
}

TEST_CASE("strided and padded igemm on images with rounded-up channel strides") {
  WASMCONV_SEEDED_RNG(rng, 11u);
  // 64x64 and 32x32 images (4 KiB channel strides before rounding), stride 1 and 2,
  // asymmetric padding, odd and even output widths, dilation with stride.
  struct Case {
    int64_t c, h, w, co, k, s, pb, pe, d;
  };
  const Case cases[] = {
      {8, 64, 64, 6, 3, 2, 1, 1, 1},  {12, 32, 32, 5, 3, 2, 1, 0, 1}, {8, 32, 31, 7, 3, 2, 0, 2, 1},
      {16, 64, 64, 4, 2, 2, 0, 0, 1}, {8, 33, 17, 9, 3, 2, 1, 1, 2},  {9, 32, 32, 5, 3, 1, 1, 1, 1},
      {8, 16, 16, 6, 5, 3, 2, 2, 1},  {8, 9, 9, 4, 3, 2, 1, 1, 1},    {8, 20, 20, 5, 2, 3, 1, 0, 1},
      {8, 1, 1, 6, 3, 2, 1, 1, 1},
  };
  for (const Case& c : cases) {
    CHECK(check_setting(conv2d(c.s, c.d, c.pb, c.pe), Shape{1, c.c, c.h, c.w},
                        Shape{c.co, c.c, c.k, c.k}, rng.chance(2),
                        rng) == kernels::FastKernel::kIgemm);
  }
}

TEST_CASE("igemm builds the padded image in bands of output rows: every band edge matches") {
  WASMCONV_SEEDED_RNG(rng, 20261201u);
  // Images wide and deep enough in channels for several bands: stride 1 (two rows shared
  // by neighbouring bands), 2 (C3's kind), dilation with stride, k5 s3 with asymmetric
  // padding, stride above the kernel (no rows shared), 512 channels (bands held at 16 rows
  // so that the shared rows stay an eighth), groups, reflect and circular borders (whose
  // rows come from the image's other end), batch 2, and output heights that leave a short
  // last band.
  struct Case {
    int64_t n, c, h, w, co, k, s, pb, pe, d, groups;
    PaddingMode mode;
  };
  const Case cases[] = {
      {1, 48, 40, 150, 6, 3, 1, 1, 1, 1, 1, PaddingMode::kZeros},
      {1, 32, 50, 112, 16, 3, 2, 1, 1, 1, 1, PaddingMode::kZeros},
      {1, 32, 45, 100, 8, 3, 2, 2, 1, 2, 1, PaddingMode::kZeros},
      {1, 40, 47, 90, 8, 5, 3, 2, 0, 1, 1, PaddingMode::kZeros},
      {1, 64, 30, 80, 8, 2, 3, 0, 1, 1, 1, PaddingMode::kZeros},
      {1, 512, 40, 24, 6, 3, 1, 1, 1, 1, 1, PaddingMode::kZeros},
      {1, 32, 41, 120, 12, 3, 1, 1, 1, 1, 2, PaddingMode::kReflect},
      {1, 36, 38, 96, 6, 3, 2, 1, 1, 1, 1, PaddingMode::kCircular},
      {2, 40, 27, 101, 7, 3, 2, 1, 1, 1, 1, PaddingMode::kReplicate},
  };
  for (const Case& c : cases) {
    ConvParams p = conv2d(c.s, c.d, c.pb, c.pe);
    p.groups = c.groups;
    p.padding_mode = c.mode;
    const Shape xs{c.n, c.c, c.h, c.w}, ws{c.co, c.c / c.groups, c.k, c.k};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
    INFO(test::describe(g));
    const int64_t band = kernels::igemm_band_rows(g);
    CHECK(band < g.output[1]);  // several bands, or the case tests nothing new
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
  }
}

TEST_CASE("igemm builds a one-row input in bands of columns: every band edge matches") {
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  // Long 1-D signals (bands of whole pixel tiles, the columns two bands share built twice):
  // stride 1, 2 (phase-split rows) and 3 with dilation, kernels wider than the stride,
  // reflect / circular / replicate borders (whose columns come from the signal's other end),
  // groups, batch 2, a last band of a few columns, bands wholly in the zero border; and a
  // 2-D image one output row tall.
  struct Case {
    int64_t n, c, w, co, k, s, d, pb, pe, groups;
    PaddingMode mode;
  };
  const Case cases[] = {
      {1, 64, 3001, 6, 5, 1, 1, 2, 2, 1, PaddingMode::kZeros},
      {1, 48, 4000, 8, 3, 2, 1, 1, 0, 1, PaddingMode::kZeros},
      {1, 40, 5003, 5, 4, 3, 2, 3, 1, 1, PaddingMode::kZeros},
      {2, 32, 2600, 8, 7, 1, 1, 3, 3, 2, PaddingMode::kReflect},
      {1, 36, 2999, 4, 3, 2, 1, 1, 1, 1, PaddingMode::kCircular},
      {1, 64, 1100, 9, 3, 1, 1, 0, 1, 1, PaddingMode::kReplicate},
      // Padding wider than a band: whole bands of border columns at both ends.
      {1, 64, 900, 6, 3, 1, 1, 1500, 1700, 1, PaddingMode::kZeros},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConv, 1);
    p.stride = {c.s, 1, 1};
    p.dilation = {c.d, 1, 1};
    p.pad_begin = {c.pb, 0, 0};
    p.pad_end = {c.pe, 0, 0};
    p.groups = c.groups;
    p.padding_mode = c.mode;
    const Shape xs{c.n, c.c, c.w}, ws{c.co, c.c / c.groups, c.k};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
    INFO(test::describe(g));
    CHECK(kernels::igemm_band_cols(g) < g.output[2]);  // several bands
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
  }
  // Three padded rows, one output row: the bands hold every row of their columns.
  ConvParams p = conv2d(1, 1, 0, 0);
  p.pad_begin = {1, 1, 0};  // H, W
  p.pad_end = {0, 1, 0};
  const Shape xs{1, 48, 2, 3000}, ws{6, 48, 3, 3};  // 6 outputs: not Winograd
  ConvGeometry g;
  REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
  REQUIRE(g.output[1] == 1);
  CHECK(kernels::igemm_band_cols(g) < g.output[2]);
  CHECK(check_setting(p, xs, ws, true, rng) == kernels::FastKernel::kIgemm);
}

TEST_CASE("3-D igemm builds its padded input on a ring of depth planes") {
  WASMCONV_SEEDED_RNG(rng, 20261204u);
  // Output plane od reads padded planes od * s_d + kd * d_d from a ring of (k_d - 1) * d_d + 1
  // planes: stride 1 (all but one plane kept from the previous output plane), stride 2, stride
  // above the kernel (planes skipped, never built), dilation in depth, a kernel depth of 1 on a
  // deep image (a ring of one plane), asymmetric and reflect / circular / replicate borders in
  // depth (the ring's planes then come from the volume's other end), stride 2 along W (the
  // phase-split rows), groups and batch 2.
  struct Case {
    int64_t n, c, d, h, w, co, kd, k, sd, dd, pb, pe, groups;
    PaddingMode mode;
  };
  const Case cases[] = {
      {1, 8, 9, 7, 11, 6, 3, 3, 1, 1, 1, 1, 1, PaddingMode::kZeros},
      {1, 6, 10, 6, 9, 8, 3, 3, 2, 1, 1, 0, 1, PaddingMode::kZeros},
      {1, 4, 11, 5, 6, 4, 2, 2, 3, 1, 0, 1, 1, PaddingMode::kZeros},
      {1, 8, 12, 6, 7, 5, 3, 3, 1, 2, 2, 2, 1, PaddingMode::kZeros},
      {2, 8, 7, 6, 10, 4, 1, 3, 1, 1, 0, 0, 1, PaddingMode::kZeros},
      {1, 6, 8, 7, 9, 6, 3, 3, 1, 1, 2, 1, 1, PaddingMode::kReflect},
      {1, 8, 6, 5, 8, 8, 3, 2, 2, 1, 1, 1, 2, PaddingMode::kCircular},
      {2, 4, 7, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, PaddingMode::kReplicate},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConv, 3);
    p.stride = {c.sd, 1, c.groups == 2 ? 2 : 1};
    p.dilation = {c.dd, 1, 1};
    p.pad_begin = {c.pb, 1, 1};
    p.pad_end = {c.pe, 1, 0};
    p.groups = c.groups;
    p.padding_mode = c.mode;
    const Shape xs{c.n, c.c, c.d, c.h, c.w}, ws{c.co, c.c / c.groups, c.kd, c.k, c.k};
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kIgemm);
  }
}

TEST_CASE("sub-pixel transposed convolution (stride 2, 3; 1-D to 3-D) matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 2026u);
  // Kernel 2, 3, 4 with stride 2 (the two-phase merge), padding and output padding giving
  // odd and even output widths, dilation 2, 64x64 inputs (4 KiB channel strides), groups,
  // a 1x2 input (a one-pixel input without padding runs as a matrix-vector product).
  struct Case {
    int64_t c, h, w, co, k, p, op, d, groups;
  };
  const Case cases[] = {
      {16, 64, 64, 8, 2, 0, 0, 1, 1}, {8, 17, 9, 5, 3, 1, 1, 1, 1},   {8, 16, 16, 6, 4, 1, 0, 1, 1},
      {8, 15, 15, 4, 3, 1, 0, 1, 1},  {8, 16, 16, 8, 3, 2, 1, 2, 1},  {8, 1, 2, 5, 3, 0, 0, 1, 1},
      {8, 12, 7, 8, 4, 2, 1, 1, 2},   {12, 32, 32, 7, 3, 1, 1, 1, 1},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {2, 2, 1};
    p.dilation = {c.d, c.d, 1};
    p.pad_begin = p.pad_end = {c.p, c.p, 0};
    p.output_padding = {c.op, c.op, 0};
    p.groups = c.groups;
    CHECK(check_setting(p, Shape{1, c.c, c.h, c.w}, Shape{c.c, c.co / c.groups, c.k, c.k},
                        rng.chance(2), rng) == kernels::FastKernel::kSubpixel);
  }
  // Stride larger than the kernel but within the dilated kernel (k 2, d 3, s 3): one W and
  // one H phase get every tap, the others hold only the bias.
  {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {3, 3, 1};
    p.dilation = {3, 3, 1};
    p.pad_begin = {1, 0, 0};
    p.pad_end = {0, 2, 0};
    CHECK(check_setting(p, Shape{1, 8, 7, 10}, Shape{8, 5, 2, 2}, true, rng) ==
          kernels::FastKernel::kSubpixel);
  }
  // 1-D and 3-D.
  {
    ConvParams p = params(Op::kConvTranspose, 1);
    p.stride = {2, 1, 1};
    p.pad_begin = p.pad_end = {1, 0, 0};
    p.output_padding = {1, 0, 0};
    CHECK(check_setting(p, Shape{2, 8, 19}, Shape{8, 6, 4}, true, rng) ==
          kernels::FastKernel::kSubpixel);
    ConvParams q = params(Op::kConvTranspose, 3);
    q.stride = {2, 2, 2};
    q.pad_begin = q.pad_end = {1, 0, 1};
    CHECK(check_setting(q, Shape{1, 8, 3, 4, 5}, Shape{8, 5, 3, 2, 3}, false, rng) ==
          kernels::FastKernel::kSubpixel);
  }
  // Non-finite inputs through the sub-pixel path.
  ConvParams p = params(Op::kConvTranspose, 2);
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  CHECK(check_setting(p, Shape{1, 8, 9, 9}, Shape{8, 6, 3, 3}, true, rng, INFINITY) ==
        kernels::FastKernel::kSubpixel);
}

TEST_CASE("igemm on short output rows gathers whole pixel tiles: matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 20261208u);
  // Small outputs: strides 1-3, kernels 1-5 (not pointwise), dilation, asymmetric padding in
  // every padding mode (taps reading past both borders), groups, batches, bias or not.
  const PaddingMode modes[] = {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kReplicate,
                               PaddingMode::kCircular};
  GatherCount count;
  for (int i = 0; i < 80; ++i) {
    const int64_t s = rng.uniform(1, 3), k = rng.uniform(1, 5), d = rng.uniform(1, 2);
    const int64_t groups = rng.uniform(1, 2);
    ConvParams p = conv2d(s, d, rng.uniform(0, k - 1), rng.uniform(0, k - 1));
    p.pad_begin[2] = rng.uniform(0, k - 1);
    p.padding_mode = modes[rng.uniform(0, 3)];
    p.groups = groups;
    const int64_t cig = rng.uniform(2, 24), cout = groups * rng.uniform(4, 64);
    const Shape xs{rng.uniform(1, 2), cig * groups, rng.uniform(2, 16), rng.uniform(2, 16)};
    const Shape ws{cout, cig, k, k};
    check_drawn(p, xs, ws, kernels::FastKernel::kIgemm, &count, rng);
  }
  count.check("igemm");
  // An 11x11 output of a 3x3 stride-2 layer, with non-finite inputs; wide rows stay in rows.
  const ConvParams p = conv2d(2, 1, 1, 1);
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 40, 22, 22}, Shape{96, 40, 3, 3}, 96, &g).ok());
  CHECK(kernels::igemm_tasks(g).gathered);
  CHECK(check_setting(p, Shape{1, 40, 22, 22}, Shape{96, 40, 3, 3}, true, rng, INFINITY) ==
        kernels::FastKernel::kIgemm);
  const int64_t tile = kernels::kTileN;  // output rows of whole pixel tiles
  REQUIRE(plan_conv(p, Shape{1, 40, 22, 2 * tile - 1}, Shape{96, 40, 3, 3}, 96, &g).ok());
  CHECK_FALSE(kernels::igemm_tasks(g).gathered);
}

TEST_CASE("sub-pixel on short phase rows gathers whole pixel tiles: matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  // Small inputs whose phase rows are shorter than a pixel tile, or just past one: strides
  // 2-3, kernels 2-5, padding (some taps reading past every border), output padding,
  // dilation, groups, bias or not, one-row and one-column inputs, and phases without taps.
  GatherCount count;
  for (int i = 0; i < 100; ++i) {
    ConvParams p = params(Op::kConvTranspose, 2);
    const int64_t s = rng.uniform(2, 3), k = rng.uniform(2, 5), d = rng.uniform(1, 2);
    const int64_t groups = rng.uniform(1, 2);
    p.stride = {s, s, 1};
    p.dilation = {d, d, 1};
    p.pad_begin = {rng.uniform(0, k - 1), rng.uniform(0, k - 1), 0};
    p.pad_end = {rng.uniform(0, k - 1), rng.uniform(0, k - 1), 0};
    p.output_padding = {rng.uniform(0, s - 1), rng.uniform(0, s - 1), 0};
    p.groups = groups;
    const int64_t h = rng.uniform(1, 7), w = rng.uniform(1, 12);
    const int64_t cig = rng.uniform(2, 21), cog = rng.uniform(1, 48);
    const Shape xs{rng.uniform(1, 2), cig * groups, h, w}, ws{cig * groups, cog, k, k};
    check_drawn(p, xs, ws, kernels::FastKernel::kSubpixel, &count, rng);
  }
  count.check("sub-pixel");
  // DCGAN's 4x4 stride-2 layer on a 4x4 input (fewer channels), with non-finite inputs.
  ConvParams p = params(Op::kConvTranspose, 2);
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 64, 4, 4}, Shape{64, 32, 4, 4}, 32, &g).ok());
  CHECK(kernels::subpixel_tasks(g).gathered);
  CHECK(check_setting(p, Shape{1, 64, 4, 4}, Shape{64, 32, 4, 4}, true, rng) ==
        kernels::FastKernel::kSubpixel);
  CHECK(check_setting(p, Shape{1, 64, 4, 4}, Shape{64, 32, 4, 4}, false, rng, INFINITY) ==
        kernels::FastKernel::kSubpixel);
  // Phase rows of whole pixel tiles keep the padded image.
  const int64_t tile = kernels::kTileN;
  REQUIRE(plan_conv(p, Shape{1, 64, 16, tile}, Shape{64, 32, 4, 4}, 32, &g).ok());
  CHECK_FALSE(kernels::subpixel_tasks(g).gathered);
}

TEST_CASE("sub-pixel transposed convolution builds the padded image in bands of rows") {
  WASMCONV_SEEDED_RNG(rng, 20261203u);
  // Images deep and wide enough for several bands of phase-output rows: T2's kind (k3 s2
  // p1 op1, phases with one and two taps), T1's (k4 s2 p1), T5's (k3 s2 p2 d2), stride 3
  // with k5 and asymmetric padding, groups with batch 2, and 512 channels (bands of a few
  // rows, widened so the rows two bands share stay an eighth).
  struct Case {
    int64_t n, c, h, w, co, k, s, pb, pe, op, d, groups;
  };
  const Case cases[] = {
      {1, 48, 24, 150, 4, 3, 2, 1, 1, 1, 1, 1}, {1, 32, 24, 120, 8, 4, 2, 1, 1, 0, 1, 1},
      {1, 32, 24, 100, 4, 3, 2, 2, 2, 1, 2, 1}, {1, 40, 40, 90, 4, 5, 3, 2, 1, 0, 1, 1},
      {2, 64, 24, 96, 8, 3, 2, 1, 1, 1, 1, 2},  {1, 512, 20, 16, 4, 4, 2, 1, 1, 0, 1, 1},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {c.s, c.s, 1};
    p.dilation = {c.d, c.d, 1};
    p.pad_begin = {c.pb, c.pb, 0};
    p.pad_end = {c.pe, c.pe, 0};
    p.output_padding = {c.op, c.op, 0};
    p.groups = c.groups;
    const Shape xs{c.n, c.c, c.h, c.w}, ws{c.c, c.co / c.groups, c.k, c.k};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
    INFO(test::describe(g));
    const int64_t phase_rows = (g.output[1] + c.s - 1) / c.s;  // rows of the largest H phase
    CHECK(kernels::subpixel_band_rows(g) < phase_rows);        // several bands
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kSubpixel);
  }
}

TEST_CASE("1-D sub-pixel transposed convolution builds its padded input in bands of columns") {
  WASMCONV_SEEDED_RNG(rng, 20261208u);
  // Long signals: stride 2 (both W phases merged, phases with one and two taps), k4 s2,
  // stride 3 with k5 and asymmetric padding, dilation 2, output padding, groups, batch 2.
  struct Case {
    int64_t n, c, w, co, k, s, d, pb, pe, op, groups;
  };
  const Case cases[] = {
      {1, 64, 2001, 4, 3, 2, 1, 1, 1, 1, 1}, {1, 48, 3000, 8, 4, 2, 1, 1, 1, 0, 1},
      {1, 40, 2500, 4, 5, 3, 1, 2, 1, 0, 1}, {1, 32, 4001, 4, 3, 2, 2, 2, 2, 1, 1},
      {2, 64, 1700, 8, 3, 2, 1, 1, 1, 1, 2},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 1);
    p.stride = {c.s, 1, 1};
    p.dilation = {c.d, 1, 1};
    p.pad_begin = {c.pb, 0, 0};
    p.pad_end = {c.pe, 0, 0};
    p.output_padding = {c.op, 0, 0};
    p.groups = c.groups;
    const Shape xs{c.n, c.c, c.w}, ws{c.c, c.co / c.groups, c.k};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
    INFO(test::describe(g));
    CHECK(kernels::subpixel_band_cols(g) < (g.output[2] + c.s - 1) / c.s);  // several bands
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kSubpixel);
  }
}

TEST_CASE(
    "3-D sub-pixel transposed convolution builds its padded input on a ring of depth planes") {
  WASMCONV_SEEDED_RNG(rng, 20261205u);
  // Phase-output plane md reads padded planes md .. md + e - 1 from a ring of e planes: kernel
  // depths 3 and 4 at stride 2 (depth phases with one and two taps), dilation 2 in depth, stride
  // 3 with k5 and asymmetric padding, output padding, stride 2 along W too (the two-phase
  // merge), groups and batch 2.
  struct Case {
    int64_t n, c, d, h, w, co, kd, sd, dd, pb, pe, op, groups;
  };
  const Case cases[] = {
      {1, 8, 7, 5, 6, 6, 3, 2, 1, 1, 1, 1, 1}, {1, 6, 6, 4, 5, 4, 4, 2, 1, 1, 1, 0, 1},
      {1, 8, 6, 4, 4, 5, 3, 2, 2, 2, 2, 1, 1}, {1, 4, 5, 3, 4, 4, 5, 3, 1, 2, 1, 0, 1},
      {2, 8, 5, 4, 5, 8, 3, 2, 1, 1, 1, 1, 2},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 3);
    p.stride = {c.sd, 1, 2};
    p.dilation = {c.dd, 1, 1};
    p.pad_begin = {c.pb, 1, 1};
    p.pad_end = {c.pe, 0, 1};
    p.output_padding = {c.op, 0, 1};
    p.groups = c.groups;
    const Shape xs{c.n, c.c, c.d, c.h, c.w}, ws{c.c, c.co / c.groups, c.kd, 3, 3};
    CHECK(check_setting(p, xs, ws, rng.chance(2), rng) == kernels::FastKernel::kSubpixel);
  }
  // One output column, in a phase that no tap reaches (k2 d2 s3 p1 along W: the taps feed
  // phases 1 and 2): no phase has work, every output is the bias, and the ring stays empty.
  ConvParams p = params(Op::kConvTranspose, 3);
  p.stride = {2, 1, 3};
  p.dilation = {1, 1, 2};
  p.pad_begin = {1, 0, 1};
  p.pad_end = {1, 0, 1};
  CHECK(check_setting(p, Shape{1, 4, 5, 3, 1}, Shape{4, 4, 3, 2, 2}, true, rng) ==
        kernels::FastKernel::kSubpixel);
  // The same in 2-D (bands of rows) and 1-D (bands of columns).
  ConvParams q = params(Op::kConvTranspose, 2);
  q.stride = {1, 3, 1};
  q.dilation = {1, 2, 1};
  q.pad_begin = q.pad_end = {0, 1, 0};
  CHECK(check_setting(q, Shape{1, 4, 3, 1}, Shape{4, 4, 2, 2}, true, rng) ==
        kernels::FastKernel::kSubpixel);
  ConvParams r = params(Op::kConvTranspose, 1);
  r.stride = {3, 1, 1};
  r.dilation = {2, 1, 1};
  r.pad_begin = r.pad_end = {1, 0, 0};
  CHECK(check_setting(r, Shape{2, 4, 1}, Shape{4, 4, 2}, true, rng) ==
        kernels::FastKernel::kSubpixel);
}

TEST_CASE(
    "sub-pixel transposed convolution with kernel <= stride reads input rows through a panel") {
  // Kernel = stride, no padding: no border and every tap offset 0, so each input row's
  // channels are gathered into a panel instead of a padded copy. Widths at the pixel tile's
  // edges (2, 7, 8, 9, 17, 33), 4 KiB channel strides (64x64), strides 2 and 3, groups,
  // batches, 1-D to 3-D, output_shape below the full size, and Inf/NaN.
  WASMCONV_SEEDED_RNG(rng, 2027u);
  struct Case {
    int64_t n, c, h, w, co, k, s, groups;
  };
  const Case cases[] = {
      {1, 16, 64, 64, 8, 2, 2, 1}, {2, 5, 3, 9, 7, 2, 2, 1},  {1, 9, 1, 2, 4, 2, 2, 1},
      {1, 8, 4, 7, 8, 2, 2, 2},    {1, 6, 5, 17, 5, 2, 2, 1}, {1, 4, 3, 8, 6, 3, 3, 1},
      {1, 12, 2, 33, 12, 3, 3, 3},
  };
  for (const Case& c : cases) {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {c.s, c.s, 1};
    p.groups = c.groups;
    CHECK(check_setting(p, Shape{c.n, c.c, c.h, c.w}, Shape{c.c, c.co / c.groups, c.k, c.k},
                        rng.chance(2), rng) == kernels::FastKernel::kSubpixel);
  }
  {
    ConvParams p = params(Op::kConvTranspose, 2);
    p.stride = {2, 2, 1};
    p.output_shape = {9, 11, 0};  // full size 10 x 12: the last row and column dropped
    p.has_output_shape = true;
    CHECK(check_setting(p, Shape{1, 8, 5, 6}, Shape{8, 4, 2, 2}, true, rng) ==
          kernels::FastKernel::kSubpixel);
  }
  {
    ConvParams p = params(Op::kConvTranspose, 1);
    p.stride = {2, 1, 1};
    CHECK(check_setting(p, Shape{2, 8, 21}, Shape{8, 6, 2}, true, rng) ==
          kernels::FastKernel::kSubpixel);
    ConvParams q = params(Op::kConvTranspose, 3);
    q.stride = {2, 2, 2};
    CHECK(check_setting(q, Shape{1, 8, 3, 4, 10}, Shape{8, 5, 2, 2, 2}, false, rng) ==
          kernels::FastKernel::kSubpixel);
  }
  ConvParams p = params(Op::kConvTranspose, 2);
  p.stride = {2, 2, 1};
  CHECK(check_setting(p, Shape{1, 8, 9, 9}, Shape{8, 6, 2, 2}, true, rng, INFINITY) ==
        kernels::FastKernel::kSubpixel);
}
