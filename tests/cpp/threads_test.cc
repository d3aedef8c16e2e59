// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Threaded runs give bitwise the result of one thread: every fast kernel (chosen by the
// planner, named in the coverage check), on shapes aimed at each of them and on random
// settings, through run_conv and through a ConvLayer that meets several pools in turn.
// The pools here split every call (min_threaded_macs 0), so small shapes are split too.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernels/fast_path.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

namespace {

using namespace wasmconv;

struct Aimed {
  const char* what;
  ConvParams p;
  Shape x, w;
};

ConvParams params2d(Op op, int s, int pad, int d = 1, int64_t groups = 1) {
  ConvParams p;
  p.op = op;
  p.stride = {s, s, 1};
  p.dilation = {d, d, 1};
  p.pad_begin = p.pad_end = {pad, pad, 0};
  p.groups = groups;
  return p;
}

std::vector<Aimed> aimed_cases() {
  const Op conv = Op::kConv, convT = Op::kConvTranspose;
  ConvParams p1 = params2d(conv, 2, 1);
  p1.spatial_dims = 1;
  p1.stride = {2, 1, 1};
  p1.pad_begin = p1.pad_end = {1, 0, 0};
  ConvParams p3 = params2d(conv, 1, 1);
  p3.spatial_dims = 3;
  p3.stride = {1, 1, 1};
  p3.pad_begin = p3.pad_end = {1, 1, 1};
  p3.dilation = {1, 1, 1};
  ConvParams relu = params2d(conv, 1, 1);
  relu.activation.kind = ActivationKind::kRelu6;
  return {
      {"igemm 3x3 s1, 20 -> 13 channels", params2d(conv, 1, 1), {2, 20, 19, 23}, {13, 20, 3, 3}},
      {"igemm 5x5 s2 dilation 2", params2d(conv, 2, 3, 2), {1, 6, 29, 31}, {9, 6, 5, 5}},
      {"igemm stem 3 -> 16, 3x3 s2", params2d(conv, 2, 1), {1, 3, 45, 47}, {16, 3, 3, 3}},
      {"igemm grouped", params2d(conv, 1, 1, 1, 4), {1, 16, 17, 18}, {24, 4, 3, 3}},
      {"igemm 1-D", p1, {2, 8, 301}, {12, 8, 3}},
      {"igemm 3-D", p3, {1, 4, 6, 9, 10}, {8, 4, 3, 3, 3}},
      {"winograd 3x3 s1, 16 -> 16", params2d(conv, 1, 1), {1, 16, 26, 30}, {16, 16, 3, 3}},
      {"pointwise 1x1", params2d(conv, 1, 0), {2, 24, 21, 19}, {36, 24, 1, 1}},
      {"pointwise 1x1 stride 2", params2d(conv, 2, 0), {1, 32, 27, 25}, {20, 32, 1, 1}},
      {"depthwise 3x3 s1", params2d(conv, 1, 1, 1, 24), {1, 24, 33, 35}, {24, 1, 3, 3}},
      {"depthwise 3x3 s2", params2d(conv, 2, 1, 1, 24), {2, 24, 34, 37}, {24, 1, 3, 3}},
      {"depthwise 5x5 s1", params2d(conv, 1, 2, 1, 12), {1, 12, 30, 41}, {12, 1, 5, 5}},
      {"depthwise 7x7 s2, multiplier 2", params2d(conv, 2, 3, 1, 6), {1, 6, 40, 33}, {12, 1, 7, 7}},
      {"few output channels, 2 per group", params2d(conv, 1, 1), {1, 8, 20, 22}, {2, 8, 3, 3}},
      {"few output channels, 3 per group, 1x1 s3",
       params2d(conv, 3, 0, 1, 2),
       {1, 8, 31, 29},
       {6, 4, 1, 1}},
      {"row path conv, 1x1 with 4 input channels",
       params2d(conv, 1, 0),
       {1, 4, 20, 22},
       {6, 4, 1, 1}},
      {"sub-pixel 4x4 s2, 24 -> 16", params2d(convT, 2, 1), {1, 24, 15, 17}, {24, 16, 4, 4}},
      {"sub-pixel 3x3 s1", params2d(convT, 1, 1), {2, 12, 14, 15}, {12, 8, 3, 3}},
      {"phase GEMM 4x4 s2, 64 -> 3", params2d(convT, 2, 1), {1, 64, 16, 16}, {64, 3, 4, 4}},
      {"phase GEMM 9x9 s3, 32 -> 1", params2d(convT, 3, 4), {1, 32, 13, 14}, {32, 1, 9, 9}},
      {"transposed gemv, one input pixel", params2d(convT, 1, 0), {1, 40, 1, 1}, {40, 24, 4, 4}},
      {"scatter, stride 3 > 1x1 kernel", params2d(convT, 3, 0), {1, 6, 9, 11}, {6, 5, 1, 1}},
      {"depthwise transposed 4x4 s2", params2d(convT, 2, 1, 1, 16), {1, 16, 18, 21}, {16, 1, 4, 4}},
      {"relu6 epilogue over many chunks", relu, {1, 8, 130, 140}, {8, 8, 3, 3}},
  };
}

std::vector<float> run_on(const ConvGeometry& g, const std::vector<float>& x,
                          const std::vector<float>& w, const float* bias, const float* residual,
                          ThreadPool* pool) {
  std::vector<float> y(static_cast<size_t>(g.output_size()), -7.0f);
  const Status s = run_conv(g, x.data(), w.data(), bias, residual, y.data(), Backend::kAuto, pool);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

TEST_CASE("every fast kernel gives bitwise the one-thread result on 2, 3 and 4 threads") {
  test::Rng rng(20261206);
  ThreadPool two(2, 0), three(3, 0), four(4, 0);
  std::map<std::string, int> kernels_seen;
  for (const Aimed& c : aimed_cases()) {
    ConvGeometry g;
    const int64_t c_out = c.p.op == Op::kConv ? c.w[0] : c.w[1] * c.p.groups;
    const Status s = plan_conv(c.p, c.x, c.w, c_out, &g);
    REQUIRE_MESSAGE(s.ok(), c.what, ": ", s.message());
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const auto r = rng.tensor(g.output_size());
    const char* kernel = kernels::fast_kernel_name(kernels::choose_fast_kernel(g));
    ++kernels_seen[kernel];
    INFO(c.what, " (", kernel, ")");
    const auto one = run_on(g, x, w, b.data(), r.data(), nullptr);
    CHECK(test::relative_error(one, test::run(g, x, w, b.data(), Backend::kReference)) < 2.0);
    for (ThreadPool* pool : {&two, &three, &four}) {
      INFO("threads=", pool->threads());
      CHECK(test::bitwise_equal(run_on(g, x, w, b.data(), r.data(), pool), one));
    }
  }
  // The aimed shapes reach every kernel the planner has.
  for (auto k : {kernels::FastKernel::kIgemm, kernels::FastKernel::kSubpixel,
                 kernels::FastKernel::kDepthwise, kernels::FastKernel::kWinograd,
                 kernels::FastKernel::kRow, kernels::FastKernel::kTransposeGemv,
                 kernels::FastKernel::kPhaseGemm, kernels::FastKernel::kFewOut}) {
    INFO(kernels::fast_kernel_name(k));
    CHECK(kernels_seen[kernels::fast_kernel_name(k)] > 0);
  }
}

TEST_CASE("random settings give bitwise the one-thread result on 2 and 3 threads") {
  test::Rng rng(6122026);
  ThreadPool two(2, 0), three(3, 0);
  test::RandomSettingLimits lim;
  lim.max_channels = 9;
  lim.max_spatial = 14;
  lim.max_width = 29;
  int ran = 0;
  for (int i = 0; i < 300; ++i) {
    const test::Setting s = test::random_setting(rng, lim);
    ConvGeometry g;
    if (!test::plan(s, &g) || g.output_size() == 0) continue;
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const float* bias = g.has_bias ? b.data() : nullptr;
    INFO(test::describe(g));
    const auto one = run_on(g, x, w, bias, nullptr, nullptr);
    CHECK(test::bitwise_equal(run_on(g, x, w, bias, nullptr, &two), one));
    CHECK(test::bitwise_equal(run_on(g, x, w, bias, nullptr, &three), one));
    ++ran;
  }
  CHECK(ran >= 150);
}

TEST_CASE("a layer keeps giving the same bits as it meets pools of different sizes") {
  test::Rng rng(77);
  ConvParams p = params2d(Op::kConv, 1, 1);
  p.activation.kind = ActivationKind::kHardSwish;
  const auto w = rng.tensor(16 * 12 * 9);
  const auto b = rng.tensor(16);
  ConvLayer layer;
  REQUIRE(layer.init(p, {16, 12, 3, 3}, w.data(), b.data(), 16).ok());
  auto pool3 = std::make_unique<ThreadPool>(3, 0);
  ThreadPool pool2(2, 0);
  for (const Shape& xs : {Shape{1, 12, 31, 29}, Shape{2, 12, 9, 40}, Shape{1, 12, 31, 29}}) {
    ConvGeometry g;
    REQUIRE(layer.plan(xs, &g).ok());
    const auto x = rng.tensor(g.input_size());
    std::vector<float> alone(static_cast<size_t>(g.output_size())), y(alone.size());
    REQUIRE(layer.run(g, x.data(), alone.data()).ok());
    for (ThreadPool* pool : {pool3.get(), &pool2, static_cast<ThreadPool*>(nullptr), pool3.get()}) {
      REQUIRE(layer.run(g, x.data(), y.data(), pool).ok());
      CHECK(test::bitwise_equal(y, alone));
    }
  }
}

TEST_CASE("a call below the pool's min_threaded_macs runs on the caller's thread alone") {
  ConvGeometry g;
  ConvParams p = params2d(Op::kConv, 1, 1);
  REQUIRE(plan_conv(p, {1, 4, 8, 8}, {4, 4, 3, 3}, -1, &g).ok());
  ThreadPool eager(2, 0), lazy(2, g.macs() + 1), exact(2, g.macs());
  CHECK(kernels::pool_for(g, &eager) == &eager);
  CHECK(kernels::pool_for(g, &lazy) == nullptr);
  CHECK(kernels::pool_for(g, &exact) == &exact);
  ThreadPool single(1, 0);
  CHECK(kernels::pool_for(g, &single) == nullptr);
  CHECK(kernels::pool_for(g, nullptr) == nullptr);
}

}  // namespace
