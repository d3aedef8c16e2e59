// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The depthwise / single-channel direct kernels (dwconv_direct.h: the in-place 3x3 paths
// of dwconv_3x3.h (stride 1) and dwconv_3x3s2.h (stride 2), the row-ring path of
// dwconv_rows.h and the padded-image path) and the depthwise transposed sub-pixel kernel
// (dwconv_transpose_subpixel.h) against the reference: kernel sizes 1..15, strides and
// dilations on both axes, asymmetric padding in every padding mode, 1-pixel inputs, widths
// at the edges of every tile (1, 2 and 4 vectors), channel multipliers, batches, bias, and
// Inf / NaN in weights and inputs (the non-finite outputs must be exactly the reference's:
// zero padding is a value).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_channel_lanes.h"
#include "kernels/dwconv_channels_last.h"
#include "kernels/dwconv_direct.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/dwconv_rows.h"
#include "kernels/dwconv_transpose_subpixel.h"
#include "kernels/fast_path.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"

namespace {

using namespace wasmconv;

// kDirect: what the planner runs (the row ring, or whole small channels); kRing: the row
// ring on every size (never a whole channel); kBanded: the row ring in bands of one output
// tile of columns; kPadded: the padded-image path; kChannelLanes: dwconv_channel_lanes.h.
enum class Path { kDirect, kRing, kBanded, kPadded, kChannelLanes };

// The ring budget that makes every band one tile wide.
constexpr int64_t kOneTileBands = 1;

std::vector<float> run_path(Path path, const ConvGeometry& g, const std::vector<float>& x,
                            const std::vector<float>& w, const float* bias) {
  std::vector<float> y(static_cast<size_t>(g.output_size()), -12345.0f);
  kernels::Workspaces ws;
  ws.use_pool(test::test_pool());  // split over threads in the 2- and 3-thread runs
  // The weights also laid out [tap][C], as a layer packs them for the channels-in-lanes kernels.
  std::vector<float> taps(static_cast<size_t>(kernels::dwconv_taps_packed_size(g)));
  kernels::pack_dwconv_taps(g, w.data(), taps.data());
  Status s;
  if (path == Path::kDirect) {
    s = kernels::dwconv_direct(g, w.data(), x.data(), bias, y.data(), &ws, taps.data());
  } else if (path == Path::kRing) {
    s = kernels::dwconv_rows(g, w.data(), x.data(), bias, y.data(), &ws, 0);
  } else if (path == Path::kBanded) {
    s = kernels::dwconv_rows(g, w.data(), x.data(), bias, y.data(), &ws, 0, kOneTileBands);
  } else if (path == Path::kChannelLanes) {
    s = kernels::dwconv_channel_lanes(g, taps.data(), x.data(), bias, y.data(), &ws);
  } else {
    s = kernels::dwconv_padded(g, w.data(), x.data(), bias, y.data(), &ws);
  }
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

// Widths at the tile edges: below, at and above 1, 2, 4 and 8 vectors, and primes.
int64_t pick_width(test::Rng& rng) {
  const int64_t v = kernels::kLanes;
  return rng.pick(std::vector<int64_t>{1, 2, 3, v - 1, v, v + 1, 2 * v - 1, 2 * v, 2 * v + 1,
                                       3 * v + 2, 4 * v - 1, 4 * v, 4 * v + 1, 8 * v + 3, 13, 17,
                                       29, 37});
}

struct Case {
  ConvParams p;
  Shape x, w;
  bool bias = false;
};

Case random_case(test::Rng& rng, bool large_kernels) {
  Case c;
  ConvParams& p = c.p;
  p.op = Op::kConv;
  p.spatial_dims = static_cast<int>(rng.chance(6) ? (rng.chance(2) ? 1 : 3) : 2);
  const int nd = p.spatial_dims;
  const int64_t channels = rng.uniform(1, 4), multiplier = rng.chance(3) ? rng.uniform(2, 3) : 1;
  p.groups = channels;
  c.x.rank = c.w.rank = nd + 2;
  c.x.dims[0] = rng.chance(4) ? 2 : 1;
  c.x.dims[1] = channels;
  c.w.dims[0] = channels * multiplier;
  c.w.dims[1] = 1;
  for (int i = 0; i < nd; ++i) {
    const size_t a = static_cast<size_t>(i);
    const bool last = i == nd - 1;
    const int64_t k = large_kernels ? rng.uniform(1, 15) : rng.uniform(1, nd == 3 ? 3 : 5);
    c.w.dims[2 + a] = k;
    p.stride[a] = rng.chance(3) ? rng.uniform(2, 3) : 1;
    p.dilation[a] = rng.chance(4) ? rng.uniform(2, 3) : 1;
    p.pad_begin[a] = rng.uniform(0, std::min<int64_t>(k + 1, 8));
    p.pad_end[a] = rng.uniform(0, std::min<int64_t>(k + 1, 8));
    const int64_t dilated = p.dilation[a] * (k - 1) + 1;
    // Inputs from 1 pixel up; at least the dilated kernel often enough to plan.
    const int64_t lo =
        rng.chance(4) ? 1 : std::max<int64_t>(1, dilated - p.pad_begin[a] - p.pad_end[a]);
    c.x.dims[2 + a] = last ? std::max(lo, pick_width(rng)) : lo + rng.uniform(0, nd == 3 ? 3 : 9);
    if (rng.chance(5)) c.x.dims[2 + a] = 1;
  }
  p.padding_mode =
      rng.chance(3) ? static_cast<PaddingMode>(rng.uniform(1, 3)) : PaddingMode::kZeros;
  c.bias = rng.chance(2);
  return c;
}

// Puts Inf or NaN into a few elements.
void poison(test::Rng& rng, std::vector<float>* v) {
  const int n = static_cast<int>(rng.uniform(1, 3));
  for (int i = 0; i < n; ++i) {
    const size_t at = static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(v->size()) - 1));
    (*v)[at] = rng.pick(std::vector<float>{INFINITY, -INFINITY, NAN});
  }
}

struct Counts {
  // rows: served by the row ring (strided_w: of those, with stride_w > 1; banded: of those,
  // in more than one band of columns); the padded path runs on every case as well.
  int checked = 0, rows = 0, strided_w = 0, banded = 0, nonfinite = 0, lanes = 0;
};

void check_cases(test::Rng& rng, bool large_kernels, int wanted, Counts* counts) {
  for (int it = 0; it < 40 * wanted && counts->checked < wanted; ++it) {
    const Case c = random_case(rng, large_kernels);
    ConvGeometry g;
    if (!plan_conv(c.p, c.x, c.w, c.bias ? c.w[0] : -1, &g).ok()) continue;
    if (g.output_size() > 200000) continue;
    auto x = rng.tensor(g.input_size());
    auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const bool nonfinite = rng.chance(6);
    if (nonfinite) poison(rng, rng.chance(2) ? &w : &x);
    const float* bias = c.bias ? b.data() : nullptr;
    INFO("iteration ", it, ": ", test::describe(g), nonfinite ? " (with Inf/NaN)" : "");
    const std::vector<float> want = test::run(g, x, w, bias, Backend::kReference);
    CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, bias), want) <= 1e-5);
    if (kernels::dwconv_rows_applies(g)) {
      CHECK(test::finite_error(run_path(Path::kRing, g, x, w, bias), want) <= 1e-5);
      CHECK(test::finite_error(run_path(Path::kBanded, g, x, w, bias), want) <= 1e-5);
      counts->banded += kernels::dwconv_row_band_outputs(g, kOneTileBands) < g.output[2] ? 1 : 0;
    }
    CHECK(test::finite_error(run_path(Path::kPadded, g, x, w, bias), want) <= 1e-5);
    if (kernels::dwconv_channel_lanes_applies(g)) {
      CHECK(test::finite_error(run_path(Path::kChannelLanes, g, x, w, bias), want) <= 1e-5);
      ++counts->lanes;
    }
    // The planner's choice, whichever kernel it is, through the public entry point.
    CHECK(test::finite_error(test::run(g, x, w, bias, Backend::kAuto), want) <= 1e-5);
    ++counts->checked;
    counts->rows += kernels::dwconv_rows_applies(g) ? 1 : 0;
    counts->strided_w += kernels::dwconv_rows_applies(g) && g.stride[2] > 1 ? 1 : 0;
    counts->nonfinite += nonfinite ? 1 : 0;
  }
}

}  // namespace

TEST_CASE("depthwise kernels match the reference on random small-kernel settings") {
  WASMCONV_SEEDED_RNG(rng, 20261201u);
  Counts counts;
  check_cases(rng, false, 1200, &counts);
  MESSAGE("checked ", counts.checked, " (row ring ", counts.rows, ", with stride_w > 1 ",
          counts.strided_w, ", banded ", counts.banded, ", with Inf/NaN ", counts.nonfinite, ")");
  CHECK(counts.checked == 1200);
  CHECK(counts.rows >= 900);
  CHECK(counts.strided_w >= 200);
  CHECK(counts.banded >= 100);
  CHECK(counts.nonfinite >= 100);
}

TEST_CASE("depthwise kernels match the reference with kernels up to 15") {
  WASMCONV_SEEDED_RNG(rng, 15151515u);
  Counts counts;
  check_cases(rng, true, 400, &counts);
  MESSAGE("checked ", counts.checked, " (row ring ", counts.rows, ", with stride_w > 1 ",
          counts.strided_w, ", banded ", counts.banded, ")");
  CHECK(counts.checked == 400);
  CHECK(counts.rows >= 300);
  CHECK(counts.strided_w >= 60);
  CHECK(counts.banded >= 25);
}

TEST_CASE("depthwise channel lanes: whole and partial blocks of channels, batches, every border") {
  // dwconv_channel_lanes.h on 1 to 3 blocks of channels (whole, and cut short by 1 to 15),
  // small planes (the kernel's use) and a few larger ones, kernels 1 to 7, strides,
  // dilations and asymmetric zero padding, with and without bias, Inf / NaN sometimes; and
  // the planner's choice through the public entry point on the same settings.
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  int checked = 0, partial = 0, nonfinite = 0, preferred = 0;
  for (int it = 0; it < 4000 && checked < 300; ++it) {
    ConvParams p;
    p.spatial_dims = 2;
    const int64_t block = kernels::kChannelLanesBlock;
    const int64_t channels = rng.chance(2) ? block * rng.uniform(1, 3) : rng.uniform(1, 3 * block);
    p.groups = channels;
    Shape xs{rng.chance(4) ? 2 : 1, channels, 1, 1}, ws{channels, 1, 1, 1};
    for (size_t a = 0; a < 2; ++a) {
      const int64_t k = rng.uniform(1, 7);
      ws.dims[2 + a] = k;
      p.stride[a] = rng.chance(3) ? rng.uniform(2, 3) : 1;
      p.dilation[a] = rng.chance(4) ? 2 : 1;
      p.pad_begin[a] = rng.uniform(0, k);
      p.pad_end[a] = rng.uniform(0, k);
      xs.dims[2 + a] = rng.chance(5) ? rng.uniform(1, 40) : rng.uniform(1, 14);
    }
    const bool with_bias = rng.chance(2);
    ConvGeometry g;
    if (!plan_conv(p, xs, ws, with_bias ? channels : -1, &g).ok()) continue;
    REQUIRE(kernels::dwconv_channel_lanes_applies(g));
    auto x = rng.tensor(g.input_size());
    auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const bool poisoned = rng.chance(8);
    if (poisoned) poison(rng, rng.chance(2) ? &w : &x);
    const float* bias = with_bias ? b.data() : nullptr;
    INFO("iteration ", it, ": ", test::describe(g), poisoned ? " (with Inf/NaN)" : "");
    const std::vector<float> want = test::run(g, x, w, bias, Backend::kReference);
    CHECK(test::finite_error(run_path(Path::kChannelLanes, g, x, w, bias), want) <= 1e-5);
    CHECK(test::finite_error(test::run(g, x, w, bias, Backend::kAuto), want) <= 1e-5);
    ++checked;
    partial += channels % block != 0 ? 1 : 0;
    nonfinite += poisoned ? 1 : 0;
    preferred += kernels::dwconv_channel_lanes_preferred(g) ? 1 : 0;
  }
  MESSAGE("checked ", checked, " (partial blocks ", partial, ", with Inf/NaN ", nonfinite,
          ", the planner's choice ", preferred, ")");
  CHECK(checked == 300);
  CHECK(partial >= 100);
  CHECK(nonfinite >= 20);
  CHECK(preferred >= 100);
}

TEST_CASE("depthwise channel lanes: the planner takes it by the row's length in vectors") {
  // dwconv_channel_lanes_preferred's rule (its comment has the measurements): the 3x3 kernels
  // of their own keep input rows (stride x output row) over 4 vectors; the general paths keep
  // output rows over 4 vectors at stride 1 and over 8 at larger strides; fewer channels than
  // a block keep the pixel lanes.
  const int64_t v = kernels::kLanes;
  auto prefers = [&](int64_t k, int64_t s, int64_t out_w, int64_t channels = 16) {
    ConvParams p;
    p.spatial_dims = 2;
    p.groups = channels;
    p.stride = {s, s, 1};
    p.pad_begin = p.pad_end = {k / 2, k / 2, 0};
    const int64_t in_w = (out_w - 1) * s + 1;  // with padding k / 2 each side: out_w outputs
    ConvGeometry g;
    REQUIRE(plan_conv(p, Shape{1, channels, 8, in_w}, Shape{channels, 1, k, k}, -1, &g).ok());
    REQUIRE(g.output[2] == out_w);
    return kernels::dwconv_channel_lanes_preferred(g);
  };
  CHECK(prefers(3, 1, 4 * v));
  CHECK_FALSE(prefers(3, 1, 4 * v + 1));
  CHECK(prefers(3, 2, 2 * v));
  CHECK_FALSE(prefers(3, 2, 2 * v + 1));
  CHECK(prefers(5, 1, 4 * v));
  CHECK_FALSE(prefers(5, 1, 4 * v + 1));
  CHECK(prefers(5, 2, 8 * v));
  CHECK_FALSE(prefers(5, 2, 8 * v + 1));
  // Fewer channels than a block: most lanes would multiply zeros.
  CHECK_FALSE(prefers(5, 2, v, kernels::kChannelLanesBlock - 1));
  CHECK(prefers(1, 2, v, kernels::kChannelLanesBlock));
  // A plane whose block would not stay in L2 keeps the pixel-lane kernels, short rows or not.
  ConvParams p;
  p.spatial_dims = 2;
  p.groups = 16;
  p.stride = {1000, 1000, 1};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 16, 2000, 2000}, Shape{16, 1, 3, 3}, -1, &g).ok());
  CHECK(kernels::dwconv_channel_lanes_applies(g));
  CHECK_FALSE(kernels::dwconv_channel_lanes_preferred(g));
}

TEST_CASE("depthwise row ring: image-sized filters at every row and tile edge") {
  // The benchmark's shapes, smaller: many rows (the ring wraps many times), widths of
  // whole and partial tiles, odd heights (a last block of one row), stride along H.
  WASMCONV_SEEDED_RNG(rng, 7u);
  const int64_t v = kernels::kLanes;
  for (int64_t width :
       std::vector<int64_t>{12 * v, 12 * v + 2 * v, 12 * v + v + 1, 12 * v - 1, 56}) {
    for (int64_t k : {int64_t{3}, int64_t{7}}) {
      for (int64_t stride_h : {int64_t{1}, int64_t{2}}) {
        ConvParams p;
        p.spatial_dims = 2;
        p.groups = 3;
        p.stride = {stride_h, 1, 1};
        p.pad_begin = p.pad_end = {k / 2, k / 2, 0};
        ConvGeometry g;
        REQUIRE(plan_conv(p, Shape{1, 3, 41, width}, Shape{3, 1, k, k}, 3, &g).ok());
        REQUIRE(kernels::dwconv_rows_applies(g));
        const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()),
                   b = rng.tensor(3);
        INFO(test::describe(g));
        const std::vector<float> want = test::run(g, x, w, b.data());
        CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, b.data()), want) <= 1e-5);
        CHECK(test::finite_error(run_path(Path::kRing, g, x, w, b.data()), want) <= 1e-5);
        CHECK(test::finite_error(run_path(Path::kBanded, g, x, w, b.data()), want) <= 1e-5);
      }
    }
  }
}

TEST_CASE("depthwise row ring: long rows in bands of columns at the default budget") {
  // A 1-D signal is one row, and a ring of rows wider than kDwRingFloats would copy it
  // whole: these run in several bands of the real size, across every border mode, strides
  // and dilations (a band's first padded column is j0 * stride), asymmetric padding wider
  // than a tile, channel multipliers, batches, and a last band shorter than the others.
  struct Case {
    int dims;
    int64_t height, width, k, stride, dilation, pad_begin, pad_end, channels, multiplier, batch;
    PaddingMode mode;
  };
  const std::vector<Case> cases = {
      {1, 1, 150001, 7, 2, 3, 9, 4, 1, 1, 1, PaddingMode::kReflect},
      {1, 1, 140000, 15, 1, 1, 7, 7, 1, 2, 1, PaddingMode::kCircular},
      {1, 1, 100003, 3, 3, 1, 0, 2, 2, 1, 2, PaddingMode::kReplicate},
      {1, 1, 131072, 5, 1, 2, 40, 3, 1, 1, 1, PaddingMode::kZeros},
      {1, 1, 70000, 1, 1, 1, 0, 0, 1, 1, 1, PaddingMode::kZeros},
      {2, 5, 20000, 3, 1, 1, 1, 1, 1, 1, 1, PaddingMode::kZeros},
      {2, 6, 30001, 5, 2, 1, 2, 1, 2, 1, 1, PaddingMode::kReflect},
  };
  WASMCONV_SEEDED_RNG(rng, 65536u);
  for (const Case& c : cases) {
    ConvParams p;
    p.spatial_dims = c.dims;
    p.groups = c.channels;
    const size_t a = static_cast<size_t>(c.dims - 1);  // the W axis
    p.stride[a] = c.stride;
    p.dilation[a] = c.dilation;
    p.pad_begin[a] = c.pad_begin;
    p.pad_end[a] = c.pad_end;
    if (c.dims == 2) p.pad_begin[0] = p.pad_end[0] = c.k / 2;
    p.padding_mode = c.mode;
    const Shape xs = c.dims == 1 ? Shape{c.batch, c.channels, c.width}
                                 : Shape{c.batch, c.channels, c.height, c.width};
    const int64_t cout = c.channels * c.multiplier;
    const Shape ws = c.dims == 1 ? Shape{cout, 1, c.k} : Shape{cout, 1, c.k, c.k};
    ConvGeometry g;
    REQUIRE(plan_conv(p, xs, ws, cout, &g).ok());
    REQUIRE(kernels::dwconv_rows_applies(g));
    INFO(test::describe(g));
    const int64_t band = kernels::dwconv_row_band_outputs(g);
    CHECK(band < g.output[2]);
    CHECK(g.output[2] % band != 0);
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()),
               b = rng.tensor(cout);
    const std::vector<float> want = test::run(g, x, w, b.data());
    CHECK(test::finite_error(run_path(Path::kRing, g, x, w, b.data()), want) <= 1e-5);
    CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, b.data()), want) <= 1e-5);
  }
  // Bands that lie wholly inside a border wider than a band (one-tile bands, borders of
  // 300 and 250 columns), in every padding mode.
  for (PaddingMode mode : {PaddingMode::kZeros, PaddingMode::kReflect, PaddingMode::kCircular,
                           PaddingMode::kReplicate}) {
    ConvParams p;
    p.spatial_dims = 1;
    p.stride[0] = 2;
    p.pad_begin[0] = 300;
    p.pad_end[0] = 250;
    p.padding_mode = mode;
    ConvGeometry g;
    REQUIRE(plan_conv(p, Shape{1, 1, 600}, Shape{2, 1, 3}, 2, &g).ok());
    INFO(test::describe(g));
    REQUIRE(kernels::dwconv_row_band_outputs(g, kOneTileBands) * 2 < 250);
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()), b = rng.tensor(2);
    const std::vector<float> want = test::run(g, x, w, b.data());
    CHECK(test::finite_error(run_path(Path::kBanded, g, x, w, b.data()), want) <= 1e-5);
  }
}

TEST_CASE("3x3 stride-1 depthwise read in place: every width, padding row and edge") {
  // dwconv_3x3.h: widths from one vector + 1 (the smallest it serves) through several
  // vectors and partial last vectors, heights 1-5 with a padding row above and/or below
  // or none, multipliers, batches, 3-D inputs (kernel depth 1, depth stride 2), bias, and
  // Inf / NaN next to the edges: the first and last vectors read the neighbouring floats
  // in place and must mask them, except in the tensor's first and last rows, where they
  // use copies.
  WASMCONV_SEEDED_RNG(rng, 33u);
  const int64_t v = kernels::kLanes;
  int checked = 0, nonfinite = 0;
  for (int64_t width : std::vector<int64_t>{v + 1, v + 2, 2 * v - 1, 2 * v, 2 * v + 1, 2 * v + 2,
                                            3 * v + 1, 4 * v - 1, 5 * v + 3, 56}) {
    for (int64_t top = 0; top <= 1; ++top)
      for (int64_t bottom = 0; bottom <= 1; ++bottom) {
        ConvParams p;
        const bool deep = rng.chance(5);
        p.spatial_dims = deep ? 3 : 2;
        const int64_t channels = rng.uniform(1, 3), multiplier = rng.uniform(1, 2),
                      batch = rng.uniform(1, 2);
        const int64_t height = rng.uniform(1, 5) + 2 - top - bottom;  // 1-5 output rows
        p.groups = channels;
        Shape xs, ws;
        if (deep) {
          p.stride = {2, 1, 1};
          p.pad_begin = {0, top, 1};
          p.pad_end = {0, bottom, 1};
          xs = Shape{batch, channels, 3, height, width};
          ws = Shape{channels * multiplier, 1, 1, 3, 3};
        } else {
          p.pad_begin = {top, 1, 0};
          p.pad_end = {bottom, 1, 0};
          xs = Shape{batch, channels, height, width};
          ws = Shape{channels * multiplier, 1, 3, 3};
        }
        const bool with_bias = rng.chance(2);
        ConvGeometry g;
        REQUIRE(plan_conv(p, xs, ws, with_bias ? channels * multiplier : -1, &g).ok());
        REQUIRE(kernels::dwconv_3x3s1_applies(g));
        auto x = rng.tensor(g.input_size());
        auto w = rng.tensor(g.weight_size());
        const auto b = rng.tensor(g.out_channels);
        const bool poisoned = rng.chance(3);
        if (poisoned) {
          // Into the first or last column of some row: the neighbours of an edge vector.
          for (int k = 0; k < 2; ++k) {
            const int64_t row = rng.uniform(0, g.input_size() / width - 1);
            x[static_cast<size_t>(row * width + (rng.chance(2) ? 0 : width - 1))] =
                rng.pick(std::vector<float>{INFINITY, -INFINITY, NAN});
          }
        }
        INFO(test::describe(g), poisoned ? " (with Inf/NaN)" : "");
        const float* bias = with_bias ? b.data() : nullptr;
        const std::vector<float> want = test::run(g, x, w, bias, Backend::kReference);
        CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, bias), want) <= 1e-5);
        CHECK(test::finite_error(test::run(g, x, w, bias, Backend::kAuto), want) <= 1e-5);
        ++checked;
        nonfinite += poisoned ? 1 : 0;
      }
  }
  CHECK(checked == 40);
  CHECK(nonfinite >= 5);
  // Rows of one vector or less, another padding mode, or a wider padding take the ring.
  ConvParams p;
  p.spatial_dims = 2;
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 5, v}, Shape{1, 1, 3, 3}, -1, &g).ok());
  CHECK_FALSE(kernels::dwconv_3x3s1_applies(g));
  REQUIRE(plan_conv(p, Shape{1, 1, 5, v + 1}, Shape{1, 1, 3, 3}, -1, &g).ok());
  CHECK(kernels::dwconv_3x3s1_applies(g));
  p.padding_mode = PaddingMode::kReflect;
  REQUIRE(plan_conv(p, Shape{1, 1, 5, v + 1}, Shape{1, 1, 3, 3}, -1, &g).ok());
  CHECK_FALSE(kernels::dwconv_3x3s1_applies(g));
}

TEST_CASE("3x3 stride-2 depthwise read in place: every width, padding and edge") {
  // dwconv_3x3s2.h: every width from 1 to 40 (odd and even, rows narrower than a vector,
  // the last vector overlapping its neighbour) with every left and right padding 0..2,
  // top and bottom padding 0..2 and heights of 1-4 output rows (an odd last row alone),
  // channel counts that are no multiple of the vector width, multipliers 1-3, batches,
  // 3-D inputs (kernel depth 1), bias, and Inf / NaN in the columns next to the rows'
  // ends, which the first and last vectors read in place and must mask (the tensor's first
  // row, whose floats before it are not the tensor's, goes through a copy).
  WASMCONV_SEEDED_RNG(rng, 3232u);
  int checked = 0, nonfinite = 0, three_d = 0, multiplied = 0;
  for (int64_t width = 1; width <= 40; ++width)
    for (int64_t left = 0; left <= 2; ++left)
      for (int64_t right = 0; right <= 2; ++right) {
        if (width + left + right < 3) continue;  // no output column
        ConvParams p;
        const bool deep = rng.chance(8);
        p.spatial_dims = deep ? 3 : 2;
        const int64_t channels = rng.uniform(1, 5),
                      multiplier = rng.chance(3) ? rng.uniform(2, 3) : 1;
        const int64_t batch = rng.chance(4) ? 2 : 1;
        const int64_t top = rng.uniform(0, 2), bottom = rng.uniform(0, 2);
        // 1-4 output rows: out_h = (height + top + bottom - 3) / 2 + 1.
        const int64_t out_h = rng.uniform(1, 4);
        const int64_t height =
            std::max<int64_t>(1, 2 * (out_h - 1) + 3 - top - bottom + rng.uniform(0, 1));
        p.groups = channels;
        Shape xs, ws;
        if (deep) {
          p.stride = {2, 2, 2};
          p.pad_begin = {0, top, left};
          p.pad_end = {0, bottom, right};
          xs = Shape{batch, channels, 3, height, width};
          ws = Shape{channels * multiplier, 1, 1, 3, 3};
        } else {
          p.stride = {2, 2, 1};
          p.pad_begin = {top, left, 0};
          p.pad_end = {bottom, right, 0};
          xs = Shape{batch, channels, height, width};
          ws = Shape{channels * multiplier, 1, 3, 3};
        }
        const bool with_bias = rng.chance(2);
        ConvGeometry g;
        if (!plan_conv(p, xs, ws, with_bias ? channels * multiplier : -1, &g).ok()) continue;
        REQUIRE(kernels::dwconv_3x3s2_applies(g));
        auto x = rng.tensor(g.input_size());
        auto w = rng.tensor(g.weight_size());
        const auto b = rng.tensor(g.out_channels);
        const bool poisoned = rng.chance(3);
        if (poisoned) {
          // Into the first two or the last two columns of some rows.
          for (int k = 0; k < 3; ++k) {
            const int64_t row = rng.uniform(0, g.input_size() / width - 1);
            const int64_t col = rng.chance(2)
                                    ? rng.uniform(0, std::min<int64_t>(1, width - 1))
                                    : rng.uniform(std::max<int64_t>(0, width - 2), width - 1);
            x[static_cast<size_t>(row * width + col)] =
                rng.pick(std::vector<float>{INFINITY, -INFINITY, NAN});
          }
        }
        if (rng.chance(10)) poison(rng, &w);
        INFO(test::describe(g), poisoned ? " (with Inf/NaN)" : "");
        const float* bias = with_bias ? b.data() : nullptr;
        const std::vector<float> want = test::run(g, x, w, bias, Backend::kReference);
        CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, bias), want) <= 1e-5);
        CHECK(test::finite_error(test::run(g, x, w, bias, Backend::kAuto), want) <= 1e-5);
        ++checked;
        nonfinite += poisoned ? 1 : 0;
        three_d += deep ? 1 : 0;
        multiplied += multiplier > 1 ? 1 : 0;
      }
  MESSAGE("checked ", checked, " (3-D ", three_d, ", multiplier > 1 ", multiplied,
          ", with Inf/NaN ", nonfinite, ")");
  CHECK(checked >= 340);
  CHECK(nonfinite >= 60);
  CHECK(three_d >= 20);
  CHECK(multiplied >= 60);
  // Larger images: the MobileNet stride-2 layers' shapes, smaller in channels, and the
  // TensorFlow "same" form (padding 0 before, 1 after) on even and odd sizes.
  for (const auto& [size, pad_begin, pad_end] :
       std::vector<std::tuple<int64_t, int64_t, int64_t>>{{112, 1, 1},
                                                          {56, 1, 1},
                                                          {28, 1, 1},
                                                          {14, 1, 1},
                                                          {7, 1, 1},
                                                          {56, 0, 1},
                                                          {57, 0, 1},
                                                          {33, 1, 1},
                                                          {30, 2, 2}}) {
    ConvParams p;
    p.spatial_dims = 2;
    p.groups = 6;
    p.stride = {2, 2, 1};
    p.pad_begin = {pad_begin, pad_begin, 0};
    p.pad_end = {pad_end, pad_end, 0};
    ConvGeometry g;
    REQUIRE(plan_conv(p, Shape{1, 6, size, size}, Shape{6, 1, 3, 3}, 6, &g).ok());
    REQUIRE(kernels::dwconv_3x3s2_applies(g));
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()), b = rng.tensor(6);
    INFO(test::describe(g));
    const std::vector<float> want = test::run(g, x, w, b.data(), Backend::kReference);
    CHECK(test::finite_error(run_path(Path::kDirect, g, x, w, b.data()), want) <= 1e-5);
  }
  // Other strides, dilations, padding modes and wider padding take the ring.
  ConvParams p;
  p.spatial_dims = 2;
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 9, 9}, Shape{1, 1, 3, 3}, -1, &g).ok());
  CHECK(kernels::dwconv_3x3s2_applies(g));
  for (int variant = 0; variant < 4; ++variant) {
    ConvParams q = p;
    if (variant == 0) q.stride = {2, 1, 1};
    if (variant == 1) q.dilation = {2, 2, 1};
    if (variant == 2) q.padding_mode = PaddingMode::kReflect;
    if (variant == 3) q.pad_begin = {3, 3, 0};
    REQUIRE(plan_conv(q, Shape{1, 1, 9, 9}, Shape{1, 1, 3, 3}, -1, &g).ok());
    CHECK_FALSE(kernels::dwconv_3x3s2_applies(g));
  }
}

TEST_CASE("depthwise row ring: a stride far beyond the image keeps the ring small") {
  // Stride 10^6 along H: two output rows, from input rows 0 and 10^6. A ring sized by
  // the stride would hold 10^6 rows; it holds what the fixed budget of slots allows
  // (kDwWholeChannelFloats) plus one window of mirrored rows, whatever the stride.
  ConvParams p;
  p.spatial_dims = 2;
  p.stride = {1000000, 1, 1};
  p.pad_begin = {0, 1, 0};
  p.pad_end = {0, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 1000001, 3}, Shape{1, 1, 1, 3}, -1, &g).ok());
  REQUIRE(g.output[1] == 2);
  REQUIRE(kernels::dwconv_rows_applies(g));
  std::vector<float> x(static_cast<size_t>(g.input_size()), 0.0f);
  for (int j = 0; j < 3; ++j) {
    x[static_cast<size_t>(j)] = static_cast<float>(j + 1);                   // row 0: 1 2 3
    x[static_cast<size_t>(3000000 + j)] = static_cast<float>(10 * (j + 1));  // row 10^6: 10 20 30
  }
  const std::vector<float> w{1.0f, 2.0f, 4.0f};
  kernels::Workspaces ws;
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  REQUIRE(!kernels::dwconv_taps_read(g));
  REQUIRE(kernels::dwconv_direct(g, w.data(), x.data(), nullptr, y.data(), &ws, nullptr).ok());
  // y[j] = x[j-1] + 2 x[j] + 4 x[j+1] with zeros outside.
  CHECK(y == std::vector<float>{10, 17, 8, 100, 170, 80});
  CHECK(ws.caller().input.size() <= kernels::kDwWholeChannelFloats + 1000);
}

TEST_CASE("depthwise zero padding is a value: an Inf weight makes padded taps NaN") {
  // 1x1 input, 3x3 kernel, padding 1: every tap but the centre reads padding. With an Inf
  // corner weight the output is Inf * 0 = NaN, exactly as the reference; a finite input
  // with finite weights stays finite.
  ConvParams p;
  p.spatial_dims = 2;
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 1, 1}, Shape{1, 1, 3, 3}, -1, &g).ok());
  REQUIRE(kernels::dwconv_rows_applies(g));
  std::vector<float> w(9, 0.5f);
  const std::vector<float> x{2.0f};
  CHECK(run_path(Path::kDirect, g, x, w, nullptr)[0] == doctest::Approx(1.0f));
  w[0] = INFINITY;
  CHECK(std::isnan(run_path(Path::kDirect, g, x, w, nullptr)[0]));
  CHECK(std::isnan(test::run(g, x, w, nullptr)[0]));
}

namespace {

Case random_transposed_case(test::Rng& rng) {
  Case c;
  ConvParams& p = c.p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = rng.chance(5) ? 1 : 2;
  const int nd = p.spatial_dims;
  const int64_t channels = rng.uniform(1, 4), multiplier = rng.chance(3) ? rng.uniform(2, 3) : 1;
  p.groups = channels;
  c.x.rank = c.w.rank = nd + 2;
  c.x.dims[0] = rng.chance(4) ? 2 : 1;
  c.x.dims[1] = channels;
  // Transposed weights: [C_in, C_out / groups, kernel...].
  c.w.dims[0] = channels;
  c.w.dims[1] = multiplier;
  for (int i = 0; i < nd; ++i) {
    const size_t a = static_cast<size_t>(i);
    const int64_t k = rng.chance(4) ? rng.uniform(1, 9) : rng.uniform(1, 5);
    c.w.dims[2 + a] = k;
    p.stride[a] = rng.uniform(1, 4);  // also larger than the kernel: phases without taps
    p.dilation[a] = rng.chance(4) ? rng.uniform(2, 3) : 1;
    p.pad_begin[a] = rng.uniform(0, k + 1);
    p.pad_end[a] = rng.uniform(0, k + 1);
    p.output_padding[a] = rng.uniform(0, std::max(p.stride[a], p.dilation[a]) - 1);
    c.x.dims[2 + a] = i == nd - 1 ? pick_width(rng) : rng.uniform(1, 12);
  }
  c.bias = rng.chance(2);
  return c;
}

}  // namespace

TEST_CASE("depthwise transposed sub-pixel kernel matches the reference") {
  WASMCONV_SEEDED_RNG(rng, 4242u);
  int checked = 0, subpixel = 0, nonfinite_weights = 0;
  for (int it = 0; it < 20000 && checked < 1000; ++it) {
    const Case c = random_transposed_case(rng);
    ConvGeometry g;
    if (!plan_conv(c.p, c.x, c.w, c.bias ? c.w[1] * c.p.groups : -1, &g).ok()) continue;
    if (g.output_size() > 200000) continue;
    auto x = rng.tensor(g.input_size());
    auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const int poisoned = static_cast<int>(rng.uniform(0, 7));  // 0: weights, 1: input
    if (poisoned == 0) poison(rng, &w);
    if (poisoned == 1) poison(rng, &x);
    const float* bias = c.bias ? b.data() : nullptr;
    INFO("iteration ", it, ": ", test::describe(g), poisoned <= 1 ? " (with Inf/NaN)" : "");
    const std::vector<float> want = test::run(g, x, w, bias, Backend::kReference);
    // Through the planner (which routes depthwise transposed settings here when it may).
    CHECK(test::finite_error(test::run(g, x, w, bias, Backend::kAuto), want) <= 1e-5);
    if (kernels::dwconv_transpose_applies(g, w.data())) {
      std::vector<float> y(want.size(), -12345.0f);
      kernels::Workspaces ws;
      REQUIRE(kernels::dwconv_transpose_subpixel(g, w.data(), x.data(), bias, y.data(), &ws).ok());
      CHECK(test::finite_error(y, want) <= 1e-5);
      ++subpixel;
    }
    nonfinite_weights += poisoned == 0 ? 1 : 0;
    ++checked;
  }
  MESSAGE("checked ", checked, " (sub-pixel ", subpixel, ", Inf/NaN weights ", nonfinite_weights,
          ")");
  CHECK(checked == 1000);
  CHECK(subpixel >= 600);
  CHECK(nonfinite_weights >= 80);
}

TEST_CASE("depthwise transposed: an Inf weight does not reach outputs its input never touches") {
  // Stride 2, kernel 1: odd outputs receive no tap and hold the bias, whatever the
  // weights; the sub-pixel path would multiply its zero padding, so it must not run.
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 2;
  p.stride = {2, 2, 1};
  p.groups = 1;
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 1, 2, 2}, Shape{1, 1, 1, 1}, 1, &g).ok());
  const std::vector<float> w{INFINITY};
  CHECK_FALSE(kernels::dwconv_transpose_applies(g, w.data()));
  const float bias = 0.5f;
  const std::vector<float> y = test::run(g, {1.0f, 2.0f, 3.0f, 4.0f}, w, &bias, Backend::kAuto);
  REQUIRE(y.size() == 9);
  CHECK(std::isinf(y[0]));
  CHECK(y[1] == 0.5f);
  CHECK(y[4] == 0.5f);
}
