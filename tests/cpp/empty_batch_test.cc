// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A batch of 0 (accepted by PyTorch and TF.js) plans to an empty output; running it writes
// nothing, on every backend and in a layer, which keeps working for real batches after.
#include <doctest/doctest.h>

#include <vector>

#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

using namespace wasmconv;

namespace {

ConvParams params(Op op) {
  ConvParams p;
  p.op = op;
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  return p;
}

}  // namespace

TEST_CASE("run_conv on an empty batch writes nothing, on every backend") {
  for (Op op : {Op::kConv, Op::kConvTranspose}) {
    const Shape w_shape = op == Op::kConv ? Shape{4, 3, 3, 3} : Shape{3, 4, 3, 3};
    ConvGeometry g;
    REQUIRE(plan_conv(params(op), {0, 3, 6, 6}, w_shape, 4, &g).ok());
    REQUIRE(g.output_size() == 0);
    const std::vector<float> w(static_cast<size_t>(w_shape.numel()), 1.0f);
    const std::vector<float> bias(4, 5.0f);
    const float x = 1.0f;  // never read: there is no input
    for (Backend b : {Backend::kAuto, Backend::kReference, Backend::kSimd}) {
      INFO("op ", op_name(op), ", backend ", static_cast<int>(b));
      float sentinel = -7.0f;  // the only float "behind" the empty output
      CHECK(run_conv(g, &x, w.data(), bias.data(), &sentinel, b).ok());
      CHECK(sentinel == -7.0f);
    }
  }
}

TEST_CASE("a layer runs an empty batch, then real ones") {
  const std::vector<float> w(4 * 3 * 9, 1.0f);
  ConvLayer layer;
  REQUIRE(layer.init(params(Op::kConv), {4, 3, 3, 3}, w.data(), nullptr, -1).ok());
  ConvGeometry empty;
  REQUIRE(layer.plan({0, 3, 6, 6}, &empty).ok());
  CHECK(empty.output_shape()[0] == 0);
  CHECK(empty.output[1] == 3);
  float sentinel = -7.0f;
  const float x0 = 1.0f;
  CHECK(layer.run(empty, &x0, &sentinel).ok());
  CHECK(sentinel == -7.0f);
  // A batch of one after it: a 3x3 box of ones over 3 channels of ones, stride 2, padding 1.
  // Output (0, 0) sees a 2x2 corner per channel (12 taps); (1, 1) sees the full 3x3 (27).
  ConvGeometry one;
  REQUIRE(layer.plan({1, 3, 6, 6}, &one).ok());
  const std::vector<float> x(static_cast<size_t>(one.input_size()), 1.0f);
  std::vector<float> y(static_cast<size_t>(one.output_size()), 0.0f);
  REQUIRE(layer.run(one, x.data(), y.data()).ok());
  CHECK(y[0] == 12.0f);
  CHECK(y[4] == 27.0f);
  CHECK(y[9 + 4] == 27.0f);  // channel 1
}

TEST_CASE("an empty batch is held to the tensor limit as a batch of one") {
  // 1 channel of 2^20 x 2^20 pixels: no values in a batch of 0, but one sample is 4 TiB, and
  // the geometry's per-sample products (channels x spatial) would overflow int64 further on.
  // The fuzzer found such a request passing the limit check once the batch could be 0.
  ConvParams p;
  p.op = Op::kConv;
  ConvGeometry g;
  const Status huge = plan_conv(p, {0, 1, 1 << 20, 1 << 20}, {1, 1, 1, 1}, -1, &g);
  CHECK(huge.code() == StatusCode::kOutOfMemory);
  CHECK(huge.message().find("input of shape 0x1x1048576x1048576") != std::string::npos);
  // The same sample size that fits for a batch of 1 fits for a batch of 0.
  CHECK(plan_conv(p, {1, 1, 1024, 1024}, {1, 1, 1, 1}, -1, &g).ok());
  REQUIRE(plan_conv(p, {0, 1, 1024, 1024}, {1, 1, 1, 1}, -1, &g).ok());
  CHECK(g.output_size() == 0);
}
