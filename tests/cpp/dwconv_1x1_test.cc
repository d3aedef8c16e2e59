// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The depthwise 1x1 kernel (dwconv_1x1.h) against the reference: convolution and
// transposed convolution, 1-D to 3-D, strides 1-4 (a transposed stride leaves positions
// without input), padding in every mode (reflect reads rows backwards, replicate one index
// many times), output padding, channel multipliers, batches, bias, Inf and NaN in weights
// and inputs, and the planner's route to it (threads: threads_dw_test.cc).
#include "kernels/dwconv_1x1.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/fast_path.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"

namespace {

using namespace wasmconv;

std::vector<float> run_1x1(const ConvGeometry& g, const std::vector<float>& x,
                           const std::vector<float>& w, const float* bias, ThreadPool* pool) {
  std::vector<float> y(static_cast<size_t>(g.output_size()), -12345.0f);
  kernels::Workspaces ws;
  ws.use_pool(pool);
  const Status s = kernels::dwconv_1x1(g, w.data(), x.data(), bias, y.data(), &ws);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

// A random setting made depthwise 1x1: C groups of one input channel, multiplier 1-5.
bool random_1x1(test::Rng& rng, test::Setting* s, ConvGeometry* g) {
  test::RandomSettingLimits lim;
  lim.max_width = rng.chance(3) ? 40 : 17;  // rows with whole vectors as well as tails
  *s = test::random_setting(rng, lim);
  const int nd = s->params.spatial_dims;
  const int64_t channels = s->x[1], multiplier = rng.chance(3) ? rng.uniform(2, 5) : 1;
  s->params.groups = channels;
  const bool conv = s->params.op == Op::kConv;
  s->w = nd == 1 ? Shape{0, 0, 1} : nd == 2 ? Shape{0, 0, 1, 1} : Shape{0, 0, 1, 1, 1};
  s->w.dims[0] = conv ? channels * multiplier : channels;
  s->w.dims[1] = conv ? 1 : multiplier;
  return test::plan(*s, g) && g->output_size() > 0;
}

}  // namespace

TEST_CASE("depthwise 1x1 matches the reference: conv and transposed, every stride and border") {
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  int checked = 0, transposed = 0, gaps = 0, borders = 0, multiplied = 0, with_inf = 0;
  int by_rank[4] = {0, 0, 0, 0};
  for (int it = 0; it < 40000 && checked < 800; ++it) {
    test::Setting s;
    ConvGeometry g;
    if (!random_1x1(rng, &s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    REQUIRE(kernels::dwconv_1x1_applies(g));
    // The planner sends it to the depthwise kernels (conv) or the row path (transposed),
    // which hand it on here; a one-pixel transposed input is a matrix-vector product.
    const kernels::FastKernel kernel = kernels::choose_fast_kernel(g);
    if (kernel != kernels::FastKernel::kTransposeGemv) {
      CHECK(kernel ==
            (g.op == Op::kConv ? kernels::FastKernel::kDepthwise : kernels::FastKernel::kRow));
    }
    auto x = rng.tensor(g.input_size());
    auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const bool inf = rng.chance(6);
    if (inf) {
      // An Inf weight: NaN at a conv's zero padding, Inf where it meets an input, the bias
      // alone where a transposed convolution has no input. And a NaN input.
      w[static_cast<size_t>(rng.uniform(0, g.weight_size() - 1))] = INFINITY;
      x[static_cast<size_t>(rng.uniform(0, g.input_size() - 1))] = NAN;
    }
    const float* bias = g.has_bias ? b.data() : nullptr;
    const auto want = test::run(g, x, w, bias, Backend::kReference);
    const auto got = run_1x1(g, x, w, bias, nullptr);
    CHECK(test::nonfinite_mismatches(got, want) == 0);
    CHECK(test::finite_error(got, want) <= 1e-6);
    // What a call runs (planner, packing, dispatch): the same bits.
    CHECK(test::bitwise_equal(test::run(g, x, w, bias, Backend::kAuto), got));
    ++checked;
    transposed += g.op == Op::kConvTranspose;
    multiplied += g.out_channels_per_group() > 1;
    with_inf += inf;
    borders += g.op == Op::kConv && g.padding_mode != PaddingMode::kZeros &&
               (g.pad_begin[2] > 0 || g.pad_end[2] > 0);
    gaps += g.op == Op::kConvTranspose && g.stride[2] > 1;
    ++by_rank[g.spatial_dims];
  }
  MESSAGE("checked ", checked, " (transposed ", transposed, ", strided transposed ", gaps,
          ", reflect/replicate/circular borders ", borders, ", multiplier > 1 ", multiplied,
          ", Inf weight ", with_inf, ", 1-D/2-D/3-D ", by_rank[1], "/", by_rank[2], "/", by_rank[3],
          ")");
  CHECK(checked == 800);
  CHECK(transposed >= 150);
  CHECK(gaps >= 50);
  CHECK(borders >= 30);
  CHECK(multiplied >= 150);
  CHECK(with_inf >= 50);
  for (int r = 1; r <= 3; ++r) CHECK(by_rank[r] >= 50);
}

TEST_CASE("depthwise 1x1: zero padding is a value, a transposed gap is not") {
  // One channel of [1, 2, 3], weight Inf, bias 0.5.
  const std::vector<float> x{1.0f, 2.0f, 3.0f}, w{INFINITY}, b{0.5f};
  ConvParams p;
  p.spatial_dims = 1;
  p.pad_begin = p.pad_end = {1, 0, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 3}, Shape{1, 1, 1}, 1, &g).ok());
  auto y = run_1x1(g, x, w, b.data(), nullptr);
  REQUIRE(y.size() == 5);
  CHECK(std::isnan(y[0]));  // 0.5 + Inf * 0 (padding)
  CHECK(std::isinf(y[1]));
  CHECK(std::isnan(y[4]));
  // Transposed, stride 2: outputs 1 and 3 have no input and hold the bias alone.
  ConvParams t;
  t.op = Op::kConvTranspose;
  t.spatial_dims = 1;
  t.stride = {2, 1, 1};
  REQUIRE(plan_conv(t, Shape{1, 1, 3}, Shape{1, 1, 1}, 1, &g).ok());
  y = run_1x1(g, x, w, b.data(), nullptr);
  REQUIRE(y.size() == 5);
  CHECK(std::isinf(y[0]));
  CHECK(y[1] == 0.5f);
  CHECK(y[3] == 0.5f);
  // Finite weights: plain scale and shift, here exact.
  const std::vector<float> half{0.5f};
  y = run_1x1(g, x, half, b.data(), nullptr);
  CHECK(y == std::vector<float>{1.0f, 0.5f, 1.5f, 0.5f, 2.0f});
}
