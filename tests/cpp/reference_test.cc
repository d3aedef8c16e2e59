// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The reference implementation on small cases computed by hand (exact values): conv and
// transposed conv in 1-D, 2-D and 3-D with bias, stride, dilation, groups, every padding
// mode, output_padding and output_shape. Every case also runs on the SIMD and fast paths,
// which must give the same numbers (all values here are small integers, so exactly).
#include <doctest/doctest.h>

#include <vector>

#include "support/test_support.h"

using namespace wasmconv;

namespace {

using Floats = std::vector<float>;

// Runs the request on the reference and checks that the other backends agree exactly.
Floats compute(ConvParams p, const Shape& xs, const Shape& ws, const Floats& x, const Floats& w,
               const Floats& bias = {}) {
  ConvGeometry g;
  const Status s = plan_conv(p, xs, ws, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  const float* b = bias.empty() ? nullptr : bias.data();
  const Floats want = test::run(g, x, w, b, Backend::kReference);
  CHECK(test::run(g, x, w, b, Backend::kSimd) == want);
  CHECK(test::run(g, x, w, b, Backend::kAuto) == want);
  return want;
}

Floats iota(int n, float start = 1) {
  Floats v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + static_cast<float>(i);
  return v;
}

}  // namespace

TEST_CASE("conv1d: stride, dilation, bias, channels, groups") {
  ConvParams p;
  p.spatial_dims = 1;
  const Floats x = iota(6);  // 1 2 3 4 5 6
  // Kernel [1, -1] is a backward difference read as cross-correlation: x[i] - x[i+1].
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, -1}) == Floats{-1, -1, -1, -1, -1});
  // Stride 2: windows start at 0, 2, 4 (length 3, the concept list's C is 3x6).
  p.stride = {2, 1, 1};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 10}) == Floats{21, 43, 65});
  // Stride 4 > kernel 2: inputs 3 and 4 (index 2, 3) are never read.
  p.stride = {4, 1, 1};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 10}) == Floats{21, 65});
  // Dilation 2: x[i] + x[i+2], plus bias 0.5.
  p.stride = {1, 1, 1};
  p.dilation = {2, 1, 1};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 1}, {0.5f}) == Floats{4.5f, 6.5f, 8.5f, 10.5f});
  // Dilation 2 with stride 2 and padding 1/2: padded 0 1 2 3 4 5 6 0 0, taps 2 apart.
  p.stride = {2, 1, 1};
  p.pad_begin = {1, 0, 0};
  p.pad_end = {2, 0, 0};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 10}) == Floats{20, 42, 64, 6});
  // Two input channels sum; two output channels with their own bias.
  ConvParams c;
  c.spatial_dims = 1;
  CHECK(compute(c, {1, 2, 2}, {2, 2, 1}, {1, 2, 3, 4}, {1, 10, 100, 1000}, {0.5f, -1}) ==
        Floats{31.5f, 42.5f, 3099, 4199});
  // Groups 2 on 4 channels: output channel 0 reads inputs 0-1, channel 1 reads 2-3.
  c.groups = 2;
  CHECK(compute(c, {1, 4, 1}, {2, 2, 1}, {1, 2, 3, 4}, {1, 10, 100, 1000}) == Floats{21, 4300});
  // Batch 2: each image separately.
  CHECK(compute(c, {2, 4, 1}, {2, 2, 1}, {1, 2, 3, 4, 5, 6, 7, 8}, {1, 10, 100, 1000}) ==
        Floats{21, 4300, 65, 8700});
}

TEST_CASE("conv2d: padding, cross-correlation (no flip), stride with dilation, groups") {
  ConvParams p;
  p.pad_begin = p.pad_end = {1, 1, 0};
  // A kernel with a single 1 at the top-left reads x[i-1, j-1]: the image shifts down-right.
  const Floats k = {1, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(compute(p, {1, 1, 2, 2}, {1, 1, 3, 3}, {1, 2, 3, 4}, k) == Floats{0, 0, 0, 1});
  // 5x5 input x[r][c] = 5r + c, kernel [[1, 10], [100, 1000]], dilation 2, stride 2:
  // y[i][j] = x[2i][2j] + 10 x[2i][2j+2] + 100 x[2i+2][2j] + 1000 x[2i+2][2j+2].
  ConvParams sd;
  sd.stride = {2, 2, 1};
  sd.dilation = {2, 2, 1};
  CHECK(compute(sd, {1, 1, 5, 5}, {1, 1, 2, 2}, iota(25, 0), {1, 10, 100, 1000}) ==
        Floats{13020, 15242, 24130, 26352});
  // Asymmetric padding (ONNX test_conv_with_strides_and_asymmetric_padding): 7x5 input
  // 0..34, ones 3x3, stride 2, pads H 1/1, W 0/0 -> 4x2.
  ConvParams asym;
  asym.stride = {2, 2, 1};
  asym.pad_begin = asym.pad_end = {1, 0, 0};
  CHECK(compute(asym, {1, 1, 7, 5}, {1, 1, 3, 3}, iota(35, 0), Floats(9, 1.0f)) ==
        Floats{21, 33, 99, 117, 189, 207, 171, 183});
  // Two groups: each output channel sees only its own input channel.
  ConvParams g;
  g.groups = 2;
  CHECK(compute(g, {1, 2, 1, 2}, {2, 1, 1, 1}, {1, 2, 3, 4}, {10, 100}) == Floats{10, 20, 300, 400});
  // Depthwise with multiplier 2: outputs 0, 1 from input 0; 2, 3 from input 1.
  CHECK(compute(g, {1, 2, 1, 1}, {4, 1, 1, 1}, {1, 2}, {1, 2, 3, 4}) == Floats{1, 2, 6, 8});
}

TEST_CASE("padding modes on a 1-D signal, symmetric and asymmetric") {
  ConvParams p;
  p.spatial_dims = 1;
  p.pad_begin = {2, 0, 0};
  p.pad_end = {2, 0, 0};
  const Floats x = {1, 2, 3, 4};
  const Floats pick = {1};  // a 1-tap kernel: the output is the padded input itself
  // reflect 3 2 | 1 2 3 4 | 3 2; replicate 1 1 | ... | 4 4; circular 3 4 | ... | 1 2.
  p.padding_mode = PaddingMode::kReflect;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{3, 2, 1, 2, 3, 4, 3, 2});
  p.padding_mode = PaddingMode::kReplicate;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{1, 1, 1, 2, 3, 4, 4, 4});
  p.padding_mode = PaddingMode::kCircular;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{3, 4, 1, 2, 3, 4, 1, 2});
  p.padding_mode = PaddingMode::kZeros;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{0, 0, 1, 2, 3, 4, 0, 0});
  // Asymmetric: 3 before, 1 after; reflect 3 before is the largest allowed (< 4).
  p.pad_begin = {3, 0, 0};
  p.pad_end = {1, 0, 0};
  p.padding_mode = PaddingMode::kReflect;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{4, 3, 2, 1, 2, 3, 4, 3});
  p.padding_mode = PaddingMode::kCircular;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{2, 3, 4, 1, 2, 3, 4, 1});
  p.padding_mode = PaddingMode::kReplicate;
  p.pad_begin = {0, 0, 0};
  p.pad_end = {3, 0, 0};
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{1, 2, 3, 4, 4, 4, 4});
  // Circular padding by the whole input wraps once: 1 2 3 4 | 1 2 3 4 | 1 2 3 4.
  p.padding_mode = PaddingMode::kCircular;
  p.pad_begin = p.pad_end = {4, 0, 0};
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == Floats{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4});
  // With stride 2 and a 2-tap kernel: reflect-padded 3 2 | 1 2 3 4 5 | 4 3, windows at
  // 0, 2, 4, 6 of p[s] + 10 p[s+1].
  ConvParams s;
  s.spatial_dims = 1;
  s.stride = {2, 1, 1};
  s.pad_begin = s.pad_end = {2, 0, 0};
  s.padding_mode = PaddingMode::kReflect;
  CHECK(compute(s, {1, 1, 5}, {1, 1, 2}, iota(5), {1, 10}) == Floats{23, 21, 43, 45});
  // A box filter with reflect padding keeps a constant image constant (no dark border).
  ConvParams box;
  box.pad_begin = box.pad_end = {1, 1, 0};
  box.padding_mode = PaddingMode::kReflect;
  for (float v : compute(box, {1, 1, 3, 3}, {1, 1, 3, 3}, Floats(9, 2.0f), Floats(9, 1.0f))) CHECK(v == 18.0f);
}

TEST_CASE("padding modes in 2-D: every one-hot 3x3 kernel reads a shifted window of the padded image") {
  // x = 1..9 in a 3x3 grid, padded by 1 on every side. The padded images, by hand:
  const Floats reflect = {5, 4, 5, 6, 5,  //
                          2, 1, 2, 3, 2,  //
                          5, 4, 5, 6, 5,  //
                          8, 7, 8, 9, 8,  //
                          5, 4, 5, 6, 5};
  const Floats replicate = {1, 1, 2, 3, 3,  //
                            1, 1, 2, 3, 3,  //
                            4, 4, 5, 6, 6,  //
                            7, 7, 8, 9, 9,  //
                            7, 7, 8, 9, 9};
  const Floats circular = {9, 7, 8, 9, 7,  //
                           3, 1, 2, 3, 1,  //
                           6, 4, 5, 6, 4,  //
                           9, 7, 8, 9, 7,  //
                           3, 1, 2, 3, 1};
  const Floats zeros = {0, 0, 0, 0, 0,  //
                        0, 1, 2, 3, 0,  //
                        0, 4, 5, 6, 0,  //
                        0, 7, 8, 9, 0,  //
                        0, 0, 0, 0, 0};
  const std::pair<PaddingMode, const Floats*> modes[] = {{PaddingMode::kReflect, &reflect},
                                                         {PaddingMode::kReplicate, &replicate},
                                                         {PaddingMode::kCircular, &circular},
                                                         {PaddingMode::kZeros, &zeros}};
  for (const auto& mode_and_image : modes) {
    const PaddingMode mode = mode_and_image.first;
    const Floats* padded = mode_and_image.second;
    INFO("mode ", std::string(padding_mode_name(mode)));
    ConvParams p;
    p.pad_begin = p.pad_end = {1, 1, 0};
    p.padding_mode = mode;
    for (int ky = 0; ky < 3; ++ky)
      for (int kx = 0; kx < 3; ++kx) {
        CAPTURE(ky);
        CAPTURE(kx);
        Floats k(9, 0.0f);
        k[static_cast<size_t>(ky * 3 + kx)] = 1;
        Floats want;
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j) want.push_back((*padded)[static_cast<size_t>((i + ky) * 5 + j + kx)]);
        CHECK(compute(p, {1, 1, 3, 3}, {1, 1, 3, 3}, iota(9), k) == want);
      }
    // With a 1x1 kernel and only the padding visible: the whole padded image.
    CHECK(compute(p, {1, 1, 3, 3}, {1, 1, 1, 1}, iota(9), {1}) == *padded);
  }
}

TEST_CASE("transposed convolution: scatter, stride, padding crops, output_padding, dilation") {
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  // Each input scatters the kernel: [1, 2] with kernel [1, 10] -> [1, 12, 20].
  CHECK(compute(p, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == Floats{1, 12, 20});
  // Stride 2 places copies 2 apart: [1, 10, 2, 20] (no overlap).
  p.stride = {2, 1, 1};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == Floats{1, 10, 2, 20});
  // Stride 3 > kernel 2: a gap of zeros between the copies.
  p.stride = {3, 1, 1};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == Floats{1, 10, 0, 2, 20});
  // Stride 2, kernel 3: overlap at the middle: [1, 10, 100+2, 20, 200].
  p.stride = {2, 1, 1};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}) == Floats{1, 10, 102, 20, 200});
  // Padding 1 crops one from each end; output_padding 1 adds one at the end.
  p.pad_begin = p.pad_end = {1, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}) == Floats{10, 102, 20});
  p.output_padding = {1, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}, {0.5f}) == Floats{10.5f, 102.5f, 20.5f, 200.5f});
  // Asymmetric: crop 2 at the beginning, none at the end.
  p.output_padding = {0, 0, 0};
  p.pad_begin = {2, 0, 0};
  p.pad_end = {0, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}) == Floats{102, 20, 200});
  // output_padding past a stride gap reaches a position no tap writes: bias only.
  ConvParams gap;
  gap.op = Op::kConvTranspose;
  gap.spatial_dims = 1;
  gap.stride = {3, 1, 1};
  gap.output_padding = {2, 0, 0};
  CHECK(compute(gap, {1, 1, 2}, {1, 1, 1}, {1, 2}, {5}, {1}) == Floats{6, 1, 1, 11, 1, 1});
  // Dilation 2: taps 2 apart.
  ConvParams d;
  d.op = Op::kConvTranspose;
  d.spatial_dims = 1;
  d.dilation = {2, 1, 1};
  CHECK(compute(d, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == Floats{1, 2, 10, 20});
  // Dilation 3 with output_padding 2 (allowed since 2 < max(1, 3)).
  d.dilation = {3, 1, 1};
  d.output_padding = {2, 0, 0};
  CHECK(compute(d, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == Floats{1, 2, 0, 10, 20, 0, 0});
}

TEST_CASE("transposed convolution: channels, groups, batch") {
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  // Weights [C_in, C_out/groups, k]: two inputs feed one output: 2*[1, 1] + 3*[10, 100].
  CHECK(compute(p, {1, 2, 1}, {2, 1, 2}, {2, 3}, {1, 1, 10, 100}) == Floats{32, 302});
  // Two groups: channel 0 scatters [1, 10], channel 1 scatters [100, 1000].
  p.groups = 2;
  CHECK(compute(p, {1, 2, 2}, {2, 1, 2}, {1, 2, 3, 4}, {1, 10, 100, 1000}, {0, 1}) ==
        Floats{1, 12, 20, 301, 3401, 4001});
  // Batch 2.
  CHECK(compute(p, {2, 2, 1}, {2, 1, 2}, {1, 2, 3, 4}, {1, 10, 100, 1000}) ==
        Floats{1, 10, 200, 2000, 3, 30, 400, 4000});
  // 2-D, weights [C_in, C_out, k, k]: one input pixel, two output channels.
  ConvParams t;
  t.op = Op::kConvTranspose;
  CHECK(compute(t, {1, 1, 1, 1}, {1, 2, 2, 2}, {3}, iota(8)) == Floats{3, 6, 9, 12, 15, 18, 21, 24});
  // ONNX test_convtranspose: 3x3 input 0..8, ones 3x3 kernel, 2 output channels: each
  // output is the sum of the inputs whose 3x3 footprint covers it.
  const Floats window_sums = {0, 1, 3,  3,  2,  3,  8,  15, 12, 7,  9,  21, 36,
                              27, 15, 9, 20, 33, 24, 13, 6,  13, 21, 15, 8};
  Floats both = window_sums;
  both.insert(both.end(), window_sums.begin(), window_sums.end());
  CHECK(compute(t, {1, 1, 3, 3}, {1, 2, 3, 3}, iota(9, 0), Floats(18, 1.0f)) == both);
}

TEST_CASE("transposed convolution with output_shape: pads by ONNX's rule") {
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  p.stride = {2, 1, 1};
  p.has_output_shape = true;
  const Floats x = {1, 2}, k = {1, 10, 100};
  // The unpadded output is 1 10 102 20 200 (length 5).
  // Length 4: total 1, NOTSET puts it at the beginning: drop the first.
  p.output_shape = {4, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, x, k) == Floats{10, 102, 20, 200});
  // SAME_UPPER puts it at the end.
  p.auto_pad = AutoPad::kSameUpper;
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, x, k) == Floats{1, 10, 102, 20});
  // Length 6: total -1, one more at the end (ONNX test_convtranspose_output_shape).
  p.auto_pad = AutoPad::kExplicit;
  p.output_shape = {6, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, x, k, {0.5f}) == Floats{1.5f, 10.5f, 102.5f, 20.5f, 200.5f, 0.5f});
  // Length 1: total 4, centred: the middle element.
  p.output_shape = {1, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, x, k) == Floats{102});
}

TEST_CASE("conv3d and convTranspose3d") {
  ConvParams p;
  p.spatial_dims = 3;
  const Floats x = iota(8);  // x[d][h][w] = 4d + 2h + w + 1
  // A 2x2x2 box over a 2x2x2 input sums everything.
  CHECK(compute(p, {1, 1, 2, 2, 2}, {1, 1, 2, 2, 2}, x, Floats(8, 1.0f)) == Floats{36});
  // Padding 1 on D only, stride 2 everywhere, 1x1x1 kernel 2: reads d = -1 (zero) and
  // d = 1, h = w = 0.
  ConvParams ps = p;
  ps.stride = {2, 2, 2};
  ps.pad_begin = ps.pad_end = {1, 0, 0};
  CHECK(compute(ps, {1, 1, 2, 2, 2}, {1, 1, 1, 1, 1}, x, {2}, {0.25f}) == Floats{0.25f, 10.25f});
  // 3x3x3 input x = 9d + 3h + w, ones 2x2x2 kernel with dilation 2: one output, the sum of
  // the eight corners = 4*(0+18) + 4*(0+6) + 4*(0+2) = 104.
  ConvParams dil = p;
  dil.dilation = {2, 2, 2};
  CHECK(compute(dil, {1, 1, 3, 3, 3}, {1, 1, 2, 2, 2}, iota(27, 0), Floats(8, 1.0f)) == Floats{104});
  // Different stride per axis: D stride 1, H stride 2, W stride 1 with a 1x1x2 kernel.
  ConvParams mix = p;
  mix.stride = {1, 2, 1};
  CHECK(compute(mix, {1, 1, 2, 2, 2}, {1, 1, 1, 1, 2}, x, {1, 10}) == Floats{21, 65});
  // Transposed, stride 2: each input fills its own 2x2x2 block with value * kernel.
  ConvParams t = p;
  t.op = Op::kConvTranspose;
  t.stride = {2, 2, 2};
  const auto y = compute(t, {1, 1, 1, 1, 2}, {1, 1, 2, 2, 2}, {1, 2}, iota(8));
  // Output 2x2x4: y[d][h][w] = x[w / 2] * k[d][h][w % 2].
  Floats want;
  for (int d = 0; d < 2; ++d)
    for (int h = 0; h < 2; ++h)
      for (int w = 0; w < 4; ++w) want.push_back(static_cast<float>((w / 2 + 1) * (4 * d + 2 * h + w % 2 + 1)));
  CHECK(y == want);
  // ONNX test_convtranspose_3d shape: 3x4x5 -> 5x6x7 with a 3x3x3 kernel; the centre
  // output sees all 27 taps.
  ConvParams t3 = p;
  t3.op = Op::kConvTranspose;
  const auto big = compute(t3, {1, 1, 3, 4, 5}, {1, 1, 3, 3, 3}, Floats(60, 1.0f), Floats(27, 1.0f));
  REQUIRE(big.size() == 5 * 6 * 7);
  CHECK(big[0] == 1);
  CHECK(big[(2 * 6 + 2) * 7 + 3] == 27);
}

TEST_CASE("overlap counts of a transposed convolution: checkerboard when stride does not divide the kernel") {
  // Transposed conv of ones with a ones kernel counts the taps that reach each output.
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  p.stride = {2, 1, 1};
  p.pad_begin = p.pad_end = {1, 0, 0};
  // k3 s2: outputs alternate between 1 and 2 taps (uneven overlap).
  CHECK(compute(p, {1, 1, 5}, {1, 1, 3}, Floats(5, 1.0f), Floats(3, 1.0f)) == Floats{1, 2, 1, 2, 1, 2, 1, 2, 1});
  // k4 s2 (DCGAN): every interior output gets 2 taps (even overlap).
  CHECK(compute(p, {1, 1, 5}, {1, 1, 4}, Floats(5, 1.0f), Floats(4, 1.0f)) == Floats{1, 2, 2, 2, 2, 2, 2, 2, 2, 1});
  // In 2-D the counts multiply: 1, 2 and 4 in a checkerboard.
  ConvParams q;
  q.op = Op::kConvTranspose;
  q.stride = {2, 2, 1};
  q.pad_begin = q.pad_end = {1, 1, 0};
  const auto y = compute(q, {1, 1, 3, 3}, {1, 1, 3, 3}, Floats(9, 1.0f), Floats(9, 1.0f));
  const Floats row = {1, 2, 1, 2, 1};
  REQUIRE(y.size() == 25);
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = 0; j < 5; ++j) CHECK(y[i * 5 + j] == row[i] * row[j]);
}
