// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The reference implementation on small cases computed by hand.
#include <doctest/doctest.h>

#include <vector>

#include "support/test_support.h"

using namespace wasmconv;

namespace {
std::vector<float> compute(ConvParams p, const Shape& xs, const Shape& ws, const std::vector<float>& x,
                           const std::vector<float>& w, const std::vector<float>& bias = {}) {
  ConvGeometry g;
  const Status s = plan_conv(p, xs, ws, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return test::run(g, x, w, bias.empty() ? nullptr : bias.data(), Backend::kReference);
}
}  // namespace

TEST_CASE("conv1d: stride, dilation, bias") {
  ConvParams p;
  p.spatial_dims = 1;
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, -1}) == std::vector<float>{-1, -1, -1, -1, -1});
  p.stride = {2, 1, 1};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 10}) == std::vector<float>{21, 43, 65});
  p.stride = {1, 1, 1};
  p.dilation = {2, 1, 1};
  CHECK(compute(p, {1, 1, 6}, {1, 1, 2}, x, {1, 1}, {0.5f}) == std::vector<float>{4.5f, 6.5f, 8.5f, 10.5f});
}

TEST_CASE("conv2d: padding, cross-correlation (no flip), groups") {
  ConvParams p;
  p.pad_begin = p.pad_end = {1, 1, 0};
  // A kernel with a single 1 at the top-left reads x[i-1, j-1]: the image shifts down-right.
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> k = {1, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(compute(p, {1, 1, 2, 2}, {1, 1, 3, 3}, x, k) == std::vector<float>{0, 0, 0, 1});
  // Two groups: each output channel sees only its own input channel.
  ConvParams g;
  g.groups = 2;
  CHECK(compute(g, {1, 2, 1, 2}, {2, 1, 1, 1}, {1, 2, 3, 4}, {10, 100}) ==
        std::vector<float>{10, 20, 300, 400});
  // Depthwise with multiplier 2: outputs 0, 1 from input 0; 2, 3 from input 1.
  CHECK(compute(g, {1, 2, 1, 1}, {4, 1, 1, 1}, {1, 2}, {1, 2, 3, 4}) == std::vector<float>{1, 2, 6, 8});
}

TEST_CASE("conv padding modes on a 1-D signal") {
  ConvParams p;
  p.spatial_dims = 1;
  p.pad_begin = {2, 0, 0};
  p.pad_end = {2, 0, 0};
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> pick = {1};  // 1x1 kernel: the output is the padded input
  // Padded sequences: reflect 3 2 | 1 2 3 4 | 3 2; replicate 1 1 | ... | 4 4; circular 3 4 | ... | 1 2.
  // A 1x1 kernel only sees the padding as part of the output when the output covers it:
  // with pads 2/2 and kernel 1 the output has length 8.
  p.padding_mode = PaddingMode::kReflect;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == std::vector<float>{3, 2, 1, 2, 3, 4, 3, 2});
  p.padding_mode = PaddingMode::kReplicate;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == std::vector<float>{1, 1, 1, 2, 3, 4, 4, 4});
  p.padding_mode = PaddingMode::kCircular;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == std::vector<float>{3, 4, 1, 2, 3, 4, 1, 2});
  p.padding_mode = PaddingMode::kZeros;
  CHECK(compute(p, {1, 1, 4}, {1, 1, 1}, x, pick) == std::vector<float>{0, 0, 1, 2, 3, 4, 0, 0});
  // A box filter with reflect padding keeps a constant image constant (no dark border).
  ConvParams box;
  box.pad_begin = box.pad_end = {1, 1, 0};
  box.padding_mode = PaddingMode::kReflect;
  const std::vector<float> flat(9, 2.0f), ones(9, 1.0f / 9);
  for (float v : compute(box, {1, 1, 3, 3}, {1, 1, 3, 3}, flat, ones)) CHECK(v == doctest::Approx(2.0f));
}

TEST_CASE("transposed convolution: scatter, stride, padding crops, output_padding") {
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  // Each input scatters the kernel: [1, 2] with kernel [1, 10] -> [1, 12, 20].
  CHECK(compute(p, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == std::vector<float>{1, 12, 20});
  // Stride 2 places copies 2 apart: [1, 10, 2, 20] (no overlap).
  p.stride = {2, 1, 1};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == std::vector<float>{1, 10, 2, 20});
  // Stride 2, kernel 3: overlap at the middle: [1, 10, 100+2, 20, 200].
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}) == std::vector<float>{1, 10, 102, 20, 200});
  // Padding 1 crops one from each end; output_padding 1 adds one at the end.
  p.pad_begin = p.pad_end = {1, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}) == std::vector<float>{10, 102, 20});
  p.output_padding = {1, 0, 0};
  CHECK(compute(p, {1, 1, 2}, {1, 1, 3}, {1, 2}, {1, 10, 100}, {0.5f}) ==
        std::vector<float>{10.5f, 102.5f, 20.5f, 200.5f});
  // Dilation 2: taps 2 apart.
  ConvParams d;
  d.op = Op::kConvTranspose;
  d.spatial_dims = 1;
  d.dilation = {2, 1, 1};
  CHECK(compute(d, {1, 1, 2}, {1, 1, 2}, {1, 2}, {1, 10}) == std::vector<float>{1, 2, 10, 20});
  // 2-D, weights [C_in, C_out, k, k]: two output channels.
  ConvParams t;
  t.op = Op::kConvTranspose;
  CHECK(compute(t, {1, 1, 1, 1}, {1, 2, 2, 2}, {3}, {1, 2, 3, 4, 5, 6, 7, 8}) ==
        std::vector<float>{3, 6, 9, 12, 15, 18, 21, 24});
}

TEST_CASE("conv3d and convTranspose3d") {
  ConvParams p;
  p.spatial_dims = 3;
  std::vector<float> x(8);
  for (int i = 0; i < 8; ++i) x[static_cast<size_t>(i)] = static_cast<float>(i + 1);
  // A 2x2x2 box over a 2x2x2 input sums everything.
  CHECK(compute(p, {1, 1, 2, 2, 2}, {1, 1, 2, 2, 2}, x, std::vector<float>(8, 1.0f)) == std::vector<float>{36});
  p.op = Op::kConvTranspose;
  p.stride = {2, 2, 2};
  const auto y = compute(p, {1, 1, 1, 1, 2}, {1, 1, 2, 2, 2}, {1, 2}, std::vector<float>(8, 1.0f));
  REQUIRE(y.size() == 16);
  CHECK(y[0] == 1);
  CHECK(y[2] == 2);
  CHECK(y[15] == 2);
}
