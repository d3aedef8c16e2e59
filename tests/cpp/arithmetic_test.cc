// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution arithmetic: the per-axis formulas and the numbers of the project's concept
// list (output sizes, transposed sizes and output_padding, parameter counts and MACs,
// receptive fields, 'same' padding with odd and even kernels, fully-connected = conv).
#include <doctest/doctest.h>

#include "support/axis.h"
#include "support/test_support.h"
#include "wasmconv/arithmetic.h"

using namespace wasmconv;
using test::axis;
using test::Axis;

namespace {

ConvGeometry plan2d(Op op, Shape x, Shape w, int64_t stride = 1, int64_t pad = 0, int64_t dil = 1,
                    bool bias = false, int64_t groups = 1) {
  ConvParams p;
  p.op = op;
  p.groups = groups;
  p.stride = {stride, stride, 1};
  p.dilation = {dil, dil, 1};
  p.pad_begin = p.pad_end = {pad, pad, 0};
  ConvGeometry g;
  const int64_t c_out = op == Op::kConv ? w[0] : w[1] * groups;
  const Status s = plan_conv(p, x, w, bias ? c_out : -1, &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return g;
}

// The number of window positions along one axis, counted one by one: start positions
// 0, s, 2s, ... of a dilated kernel inside the padded input.
int64_t count_windows(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb, int64_t pe) {
  int64_t n = 0;
  for (int64_t start = 0; start + d * (k - 1) < in + pb + pe; start += s) ++n;
  return n;
}

}  // namespace

TEST_CASE("conv output size: the concept list's numbers") {
  // 1-D: length 6, kernel 2: stride 1 gives 5, stride 2 gives 3.
  CHECK(conv_output_size(6, 2, 1, 1, 0, 0) == 5);
  CHECK(conv_output_size(6, 2, 2, 1, 0, 0) == 3);
  // 4x4 input, 3x3 kernel: 2x2. 25x25, 5x5 kernel, stride 2: 11x11. 9x9, 3x3, stride 2: 4x4.
  CHECK(conv_output_size(4, 3, 1, 1, 0, 0) == 2);
  CHECK(conv_output_size(25, 5, 2, 1, 0, 0) == 11);
  CHECK(conv_output_size(9, 3, 2, 1, 0, 0) == 4);
  // Dilation 4 on a 9x9 input with a 3x3 kernel: the kernel spans 9, a single output.
  CHECK(dilated_kernel(3, 4) == 9);
  CHECK(dilated_kernel(1, 7) == 1);
  CHECK(conv_output_size(9, 3, 1, 4, 0, 0) == 1);
  // "Full" convolution: 9x9 to 11x11 with a 3x3 kernel and padding 2.
  CHECK(conv_output_size(9, 3, 1, 1, 2, 2) == 11);
  // Dilation with matching padding keeps the size.
  for (int64_t d = 1; d <= 4; ++d) CHECK(conv_output_size(17, 3, 1, d, d, d) == 17);
  // Asymmetric padding counts both sides: 7 + 1 + 0 - 3 = 5, / 2 + 1 = 3 (ONNX
  // test_conv_with_strides_and_asymmetric_padding, H axis 7 -> 4 with pads 1/1, W 5 -> 2).
  CHECK(conv_output_size(7, 3, 2, 1, 1, 1) == 4);
  CHECK(conv_output_size(5, 3, 2, 1, 0, 0) == 2);
  // The kernel does not fit: no output.
  CHECK(conv_output_size(4, 3, 1, 2, 0, 0) == 0);
  // The same through plan_conv, per axis of a real 2-D problem.
  const ConvGeometry g = plan2d(Op::kConv, {1, 1, 25, 25}, {1, 1, 5, 5}, 2);
  CHECK(g.output[1] == 11);
  CHECK(g.output[2] == 11);
  CHECK(plan2d(Op::kConv, {1, 1, 9, 9}, {1, 1, 3, 3}, 1, 2).output[1] == 11);
}

TEST_CASE("conv output size formula equals a count of window positions") {
  for (int64_t in = 1; in <= 12; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 3; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t pb = 0; pb <= 2; ++pb)
            for (int64_t pe = 0; pe <= 2; ++pe) {
              CAPTURE(in);
              CAPTURE(k);
              CAPTURE(s);
              CAPTURE(d);
              CAPTURE(pb);
              CAPTURE(pe);
              REQUIRE(conv_output_size(in, k, s, d, pb, pe) == count_windows(in, k, s, d, pb, pe));
            }
}

TEST_CASE("transposed output size and the legal output_padding range") {
  // C^T maps 2x2 back to 4x4 (3x3 kernel, stride 1) and length 3 back to 6 (kernel 2, stride 2).
  CHECK(conv_transpose_output_size(2, 3, 1, 1, 0, 0, 0) == 4);
  CHECK(conv_transpose_output_size(3, 2, 2, 1, 0, 0, 0) == 6);
  // o = (i-1)*s - pb - pe + d*(k-1) + op + 1
  CHECK(conv_transpose_output_size(3, 3, 2, 1, 1, 1, 1) == 6);
  CHECK(conv_transpose_output_size(16, 4, 2, 1, 1, 1, 0) == 32);  // DCGAN-style doubling
  CHECK(conv_transpose_output_size(5, 3, 1, 2, 0, 0, 0) == 9);
  CHECK(conv_transpose_output_size(3, 3, 3, 1, 0, 0, 1) == 10);  // ONNX test_convtranspose_pad, H
  CHECK(conv_transpose_output_size(3, 3, 2, 1, 2, 2, 0) == 3);   // ONNX test_convtranspose_pads, W
  // 0 <= output_padding < max(stride, dilation).
  CHECK(max_output_padding(1, 1) == 0);
  CHECK(max_output_padding(2, 1) == 1);
  CHECK(max_output_padding(1, 3) == 2);
  CHECK(max_output_padding(3, 2) == 2);
  CHECK(max_output_padding(4, 4) == 3);
  // output_padding picks among the input sizes a strided convolution maps to one size:
  // sizes 7 and 8 both give 4 with k3 s2 p1; transposed, op 0 gives 7 and op 1 gives 8.
  CHECK(conv_output_size(7, 3, 2, 1, 1, 1) == 4);
  CHECK(conv_output_size(8, 3, 2, 1, 1, 1) == 4);
  CHECK(conv_transpose_output_size(4, 3, 2, 1, 1, 1, 0) == 7);
  CHECK(conv_transpose_output_size(4, 3, 2, 1, 1, 1, 1) == 8);
}

TEST_CASE("every output_padding below the stride gives a size the convolution maps back") {
  // For op in [0, s): conv(convT(o, op)) == o, and the s sizes are exactly the inputs that
  // the convolution maps to o.
  for (int64_t o = 1; o <= 6; ++o)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 2; ++d)
          for (int64_t p = 0; p <= 2; ++p) {
            const int64_t base = conv_transpose_output_size(o, k, s, d, p, p, 0);
            if (base < 1) continue;
            CAPTURE(o);
            CAPTURE(k);
            CAPTURE(s);
            CAPTURE(d);
            CAPTURE(p);
            int64_t preimages = 0;
            for (int64_t in = 1; in <= base + 2 * s; ++in) preimages += conv_output_size(in, k, s, d, p, p) == o;
            CHECK(preimages == s);
            for (int64_t op = 0; op < s; ++op) {
              CHECK(conv_transpose_output_size(o, k, s, d, p, p, op) == base + op);
              CHECK(conv_output_size(base + op, k, s, d, p, p) == o);
            }
          }
}

TEST_CASE("floor division rounds towards negative infinity") {
  CHECK(floor_div(-1, 2) == -1);
  CHECK(floor_div(-4, 2) == -2);
  CHECK(floor_div(5, 2) == 2);
  CHECK(floor_div(-5, 3) == -2);
  CHECK(floor_div(0, 3) == 0);
  CHECK(floor_div(5, -2) == -3);
}

TEST_CASE("parameter counts and multiply-accumulates") {
  // 16 -> 32 channels, 3x3, with bias: 16*9*32 + 32 = 4640.
  CHECK(plan2d(Op::kConv, {1, 16, 8, 8}, {32, 16, 3, 3}, 1, 1, 1, true).param_count() == 4640);
  // The 1x1 bottleneck: 32 -> 64 with 3x3 costs 18496; 32 -> 16 (1x1) + 16 -> 64 (3x3) = 9808.
  const int64_t direct = plan2d(Op::kConv, {1, 32, 8, 8}, {64, 32, 3, 3}, 1, 1, 1, true).param_count();
  const int64_t squeeze = plan2d(Op::kConv, {1, 32, 8, 8}, {16, 32, 1, 1}, 1, 0, 1, true).param_count();
  const int64_t expand = plan2d(Op::kConv, {1, 16, 8, 8}, {64, 16, 3, 3}, 1, 1, 1, true).param_count();
  CHECK(direct == 18496);
  CHECK(squeeze == 528);
  CHECK(expand == 9280);
  CHECK(squeeze + expand == 9808);
  // Without bias; groups divide the weights: C_in/groups * k*k * C_out.
  CHECK(plan2d(Op::kConv, {1, 16, 8, 8}, {32, 16, 3, 3}).param_count() == 4608);
  CHECK(plan2d(Op::kConv, {1, 16, 8, 8}, {32, 4, 3, 3}, 1, 1, 1, true, 4).param_count() == 4 * 9 * 32 + 32);
  // Depthwise 3x3 on 32 channels: 9 weights + 1 bias per channel.
  CHECK(plan2d(Op::kConv, {1, 32, 8, 8}, {32, 1, 3, 3}, 1, 1, 1, true, 32).param_count() == 320);
  // Transposed weights [C_in, C_out/groups, k, k]: the same count as the matching conv.
  CHECK(plan2d(Op::kConvTranspose, {1, 16, 8, 8}, {16, 32, 3, 3}, 2, 1, 1, true).param_count() == 4640);
  CHECK(plan2d(Op::kConvTranspose, {1, 16, 8, 8}, {16, 8, 3, 3}, 2, 1, 1, true, 4).param_count() ==
        16 * 8 * 9 + 32);
  // MACs: 4x4 input, 3x3 kernel: 4 outputs x 9 taps. Transposed 2x2 -> 4x4: 4 inputs x 9.
  CHECK(plan2d(Op::kConv, {1, 1, 4, 4}, {1, 1, 3, 3}).macs() == 36);
  CHECK(plan2d(Op::kConvTranspose, {1, 1, 2, 2}, {1, 1, 3, 3}).macs() == 36);
  CHECK(plan2d(Op::kConv, {2, 8, 10, 10}, {4, 8, 3, 3}, 1, 1).macs() == 2 * 4 * 100 * 8 * 9);
  CHECK(plan2d(Op::kConv, {1, 8, 10, 10}, {8, 2, 3, 3}, 1, 1, 1, false, 4).macs() == 8 * 100 * 2 * 9);
  CHECK(plan2d(Op::kConvTranspose, {1, 4, 5, 5}, {4, 3, 3, 3}, 2, 1, 1, false, 2).macs() == 4 * 25 * 3 * 9);
}

TEST_CASE("receptive field of a layer stack") {
  // Dilations 1, 2, 4, 8 with 3x3 kernels: 3, 7, 15, 31 (exponential growth, 9 weights each).
  std::vector<LayerSpec> context;
  for (int64_t d : {1, 2, 4, 8}) context.push_back({false, 3, 1, d});
  const auto rf = receptive_field(context);
  REQUIRE(rf.size() == 4);
  CHECK(rf[0].size == 3);
  CHECK(rf[1].size == 7);
  CHECK(rf[2].size == 15);
  CHECK(rf[3].size == 31);
  CHECK(rf[3].jump == 1);
  // Without dilation the growth is linear: 3, 5, 7, 9.
  const auto plain = receptive_field({{false, 3, 1, 1}, {false, 3, 1, 1}, {false, 3, 1, 1}, {false, 3, 1, 1}});
  CHECK(plain[3].size == 9);
  // r_L = 1 + sum (k_l - 1) d_l prod_{j<l} s_j: k3 s2, k3 s2, k3 s1 -> 3, 7, 15; jumps 2, 4, 4.
  const auto strided = receptive_field({{false, 3, 2, 1}, {false, 3, 2, 1}, {false, 3, 1, 1}});
  CHECK(strided[0].size == 3);
  CHECK(strided[1].size == 7);
  CHECK(strided[2].size == 15);
  CHECK(strided[0].jump == 2);
  CHECK(strided[1].jump == 4);
  CHECK(strided[2].jump == 4);
  // Mixed: k7 s2, k3 s2 d2, k5 s1: 1 + 6 + 2*2*2 + 4*4 = 31.
  const auto mixed = receptive_field({{false, 7, 2, 1}, {false, 3, 2, 2}, {false, 5, 1, 1}});
  CHECK(mixed[2].size == 31);
  // The closed form on random stacks.
  WASMCONV_SEEDED_RNG(rng, 271828);
  for (int it = 0; it < 50; ++it) {
    std::vector<LayerSpec> stack;
    for (int64_t l = rng.uniform(1, 6); l > 0; --l) {
      stack.push_back({false, rng.uniform(1, 7), rng.uniform(1, 3), rng.uniform(1, 4)});
    }
    double closed = 1, jump = 1;
    for (const LayerSpec& l : stack) {
      closed += static_cast<double>((l.kernel - 1) * l.dilation) * jump;
      jump *= static_cast<double>(l.stride);
    }
    CHECK(receptive_field(stack).back().size == closed);
  }
  // A transposed k4 s2 layer after a k3 s2 conv: each of its outputs sees floor(3/2) + 1
  // = 2 of its inputs, 2 apart in the image.
  const auto up = receptive_field({{false, 3, 2, 1}, {true, 4, 2, 1}});
  CHECK(up[1].size == 3 + 1 * 2);
  CHECK(up[1].jump == 1);
}

TEST_CASE("'same' padding: upper and lower split odd totals; even kernels pad asymmetrically") {
  ConvParams p;
  p.auto_pad = AutoPad::kSameUpper;
  ConvGeometry g;
  // 6x6 kernel (centre at 3.5, 3.5): total padding 5 -> 2 before, 3 after (upper).
  REQUIRE(plan_conv(p, {1, 1, 10, 10}, {1, 1, 6, 6}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{10, 2, 3});
  p.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan_conv(p, {1, 1, 10, 10}, {1, 1, 6, 6}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{10, 3, 2});
  // The even kernel's output shifts by half a pixel: with a 2-tap box filter and 'same'
  // upper, y[i] = (x[i] + x[i+1]) / 2 (no padding before); lower, (x[i-1] + x[i]) / 2.
  ConvParams box;
  box.spatial_dims = 1;
  box.auto_pad = AutoPad::kSameUpper;
  REQUIRE(plan_conv(box, {1, 1, 4}, {1, 1, 2}, -1, &g).ok());
  const std::vector<float> x = {2, 4, 6, 8}, half = {0.5f, 0.5f};
  CHECK(test::run(g, x, half, nullptr) == std::vector<float>{3, 5, 7, 4});
  box.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan_conv(box, {1, 1, 4}, {1, 1, 2}, -1, &g).ok());
  CHECK(test::run(g, x, half, nullptr) == std::vector<float>{1, 3, 5, 7});
  // Odd kernel: symmetric. Stride 2: output ceil(in / 2).
  p.auto_pad = AutoPad::kSameUpper;
  p.stride = {2, 2, 1};
  REQUIRE(plan_conv(p, {1, 1, 7, 7}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{4, 1, 1});
  // in 5, k4, s2: output 3, total (3-1)*2 + 4 - 5 = 3: upper 1/2, lower 2/1.
  REQUIRE(plan_conv(p, {1, 1, 5, 5}, {1, 1, 4, 4}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{3, 1, 2});
  p.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan_conv(p, {1, 1, 5, 5}, {1, 1, 4, 4}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{3, 2, 1});
  // A 1x1 kernel with stride larger than needed: total would be negative, no padding.
  p.stride = {4, 4, 1};
  REQUIRE(plan_conv(p, {1, 1, 9, 9}, {1, 1, 1, 1}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{3, 0, 0});
  // Transposed 'same': output = input * stride.
  p = ConvParams();
  p.op = Op::kConvTranspose;
  p.auto_pad = AutoPad::kSameUpper;
  p.stride = {2, 3, 1};
  REQUIRE(plan_conv(p, {1, 1, 3, 3}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 6);
  CHECK(g.output[2] == 9);
}

TEST_CASE("a fully-connected layer is a convolution with kernels the size of the input") {
  WASMCONV_SEEDED_RNG(rng, 11);
  const int64_t c = 2, h = 3, w = 4, o = 5;
  ConvParams p;
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, c, h, w}, {o, c, h, w}, o, &g).ok());
  CHECK(g.output_size() == o);
  CHECK(g.output[1] == 1);
  CHECK(g.output[2] == 1);
  CHECK(g.param_count() == o * c * h * w + o);
  const auto x = rng.tensor(c * h * w), wt = rng.tensor(o * c * h * w), b = rng.tensor(o);
  for (Backend backend : {Backend::kReference, Backend::kSimd, Backend::kAuto}) {
    const auto y = test::run(g, x, wt, b.data(), backend);
    // y = W x + b with W the o x (c*h*w) matrix of flattened kernels.
    for (int64_t j = 0; j < o; ++j) {
      double fc = b[static_cast<size_t>(j)];
      for (int64_t i = 0; i < c * h * w; ++i) {
        fc += static_cast<double>(wt[static_cast<size_t>(j * c * h * w + i)]) * x[static_cast<size_t>(i)];
      }
      CHECK(y[static_cast<size_t>(j)] == doctest::Approx(fc).epsilon(1e-5));
    }
  }
}
