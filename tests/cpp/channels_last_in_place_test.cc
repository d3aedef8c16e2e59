// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The fast kernels that read channels-last data in place instead of running channels-first
// on transposed copies: the pointwise GEMM (conv_pointwise_channels_last.h), the im2col GEMM
// (conv_im2col_channels_last.h), Winograd (conv_winograd.h) and the depthwise kernel
// (dwconv_channels_last.h). On random
// settings (pointwise: every rank, batch and stride, channel counts on and off its blocks of
// output channels; im2col: every rank, kernels 1-5, strides, dilations, padding, one input
// channel to a few dozen; Winograd: 2-D and 1x3x3 3-D, dilations, padding, one chunk or many;
// depthwise: 2-D, kernels 1-5, strides, dilations, padding, channel
// counts on and off its blocks of four vectors), each is chosen, agrees with the reference,
// stateless and as a layer, with or without bias, residual and activation, on the test
// pool's threads. The GEMM kernels' sums are the channels-first GEMM's term for term, so their
// results are bit for bit the transpose of that GEMM's, and Winograd's the transpose of its
// own on channels-first data. NaN and Inf land where the reference puts
// them; which depthwise settings stay on the transposes; a layer run on one layout and then the
// other packs again for the other.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/conv_igemm.h"     // kIgemmMR
#include "kernels/conv_winograd.h"  // winograd_tasks
#include "kernels/fast_path.h"
#include "kernels/igemm_microkernel.h"  // kTileN
#include "kernels/vec.h"                // kLanes
#include "support/layouts.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

using namespace wasmconv;

namespace {

using kernels::kTileN;
using test::to_last;

struct RandomCase {
  ConvParams params;  // channels-first
  Shape x, w;         // channels-first shapes
  bool bias = false;
};

// A random 1x1 setting: rank 1-3, batch 1-3, strides 1-3 per axis, channels around the
// output-channel block (kTileN: 8 in wasm, 16-32 natively) and the pixel groups.
RandomCase random_pointwise(test::Rng& rng) {
  RandomCase s;
  const int nd = static_cast<int>(rng.uniform(1, 3));
  s.params.spatial_dims = nd;
  const int64_t in_c = rng.pick(std::vector<int64_t>{1, 2, 3, 5, 8, 16, 17, 40, 67});
  const int64_t out_c = rng.pick(
      std::vector<int64_t>{1, 2, 3, 4, 7, 8, 9, kTileN - 1, kTileN, kTileN + 1, 2 * kTileN + 5});
  s.x = Shape({rng.uniform(1, 3), in_c});
  s.w = Shape({out_c, in_c});
  for (int a = 0; a < nd; ++a) {
    s.x.dims[static_cast<size_t>(2 + a)] = rng.uniform(1, nd == 3 ? 6 : 13);
    s.w.dims[static_cast<size_t>(2 + a)] = 1;
    s.params.stride[static_cast<size_t>(a)] = rng.chance(2) ? 1 : rng.uniform(2, 3);
  }
  s.x.rank = s.w.rank = 2 + nd;
  s.bias = !rng.chance(3);
  return s;
}

// A random convolution for the im2col kernel: rank 1-3, batch 1-3, one group, kernels of 1-5
// per axis, strides 1-3, dilations 1-2, zero padding 0-2 per side or 'same'; input channels
// 1-9 or a few dozen (one channel with at least 8 taps: the GEMM's rule), output channels in
// whole and partial blocks of lanes. A draw the planner does not give the kernel (a 1x1
// without padding, a Winograd layer) is drawn again.
RandomCase random_im2col(test::Rng& rng) {
  for (;;) {
    RandomCase s;
    const int nd = static_cast<int>(rng.uniform(1, 3));
    s.params.spatial_dims = nd;
    const int64_t in_c = rng.pick(std::vector<int64_t>{1, 1, 2, 3, 4, 7, 9, 24});
    const int64_t out_c = rng.pick(
        std::vector<int64_t>{kTileN - 1, kTileN, 2 * kTileN - 3, 2 * kTileN, 3 * kTileN - 1});
    s.x = Shape({rng.uniform(1, 3), in_c});
    s.w = Shape({out_c, in_c});
    int64_t taps = 1;
    for (int a = 0; a < nd; ++a) {
      const size_t i = static_cast<size_t>(a);
      const int64_t k = rng.uniform(1, nd == 3 ? 3 : 5);
      s.w.dims[2 + i] = k;
      taps *= k;
      s.x.dims[2 + i] = rng.uniform(k, nd == 3 ? 7 : 14);
      s.params.stride[i] = rng.chance(2) ? 1 : rng.uniform(2, 3);
      s.params.dilation[i] = rng.chance(3) ? 2 : 1;
      s.params.pad_begin[i] = rng.uniform(0, 2);
      s.params.pad_end[i] = rng.uniform(0, 2);
    }
    s.x.rank = s.w.rank = 2 + nd;
    if (rng.chance(4)) s.params.auto_pad = AutoPad::kSameUpper;
    s.bias = !rng.chance(3);
    if (in_c == 1 && taps < 8) continue;
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, s.bias ? out_c : -1, &g).ok()) continue;
    ConvParams last = s.params;
    last.data_layout = DataLayout::kChannelsLast;
    ConvGeometry gl;
    if (plan_conv(last, test::last_shape(s.x), s.w, s.bias ? out_c : -1, &gl).ok() &&
        kernels::choose_fast_kernel(gl) == kernels::FastKernel::kIm2colChannelsLast)
      return s;
  }
}

// A random Winograd layer (3x3, stride 1; conv_winograd.h): 2-D, or 3-D with a 1x3x3 kernel,
// batch 1-3, 8-40 channels each way, dilation 1 or 2 on both axes, zero padding 0-2 per side
// or 'same', planes from one tile to several tile rows and chunks (a run of one chunk splits
// its steps). Draws the planner gives another kernel, or of more than 10 M multiply-adds (the
// reference computes every one), are drawn again.
RandomCase random_winograd(test::Rng& rng) {
  for (;;) {
    RandomCase s;
    const int nd = rng.chance(4) ? 3 : 2;
    s.params.spatial_dims = nd;
    const int64_t in_c = rng.pick(std::vector<int64_t>{8, 9, 16, 21, 40});
    const int64_t out_c = rng.pick(std::vector<int64_t>{8, 11, 16, 24, 37});
    s.x = Shape({rng.uniform(1, 3), in_c});
    s.w = Shape({out_c, in_c});
    const int64_t dilation = rng.chance(3) ? 2 : 1;
    for (int a = 0; a < nd; ++a) {
      const size_t i = static_cast<size_t>(a);
      const bool depth = nd == 3 && a == 0;
      s.w.dims[2 + i] = depth ? 1 : 3;
      s.x.dims[2 + i] = depth ? rng.uniform(1, 3)
                              : rng.pick(std::vector<int64_t>{
                                    rng.uniform(1, 12), rng.uniform(13, 45), rng.uniform(13, 45)});
      s.params.dilation[i] = depth ? 1 : dilation;
      s.params.pad_begin[i] = rng.uniform(0, depth ? 1 : 2);
      s.params.pad_end[i] = rng.uniform(0, depth ? 1 : 2);
    }
    s.x.rank = s.w.rank = 2 + nd;
    if (rng.chance(4)) s.params.auto_pad = AutoPad::kSameUpper;
    s.bias = !rng.chance(3);
    ConvParams last = s.params;
    last.data_layout = DataLayout::kChannelsLast;
    ConvGeometry gl;
    if (plan_conv(last, test::last_shape(s.x), s.w, s.bias ? out_c : -1, &gl).ok() &&
        gl.macs() <= 10'000'000 &&
        kernels::choose_fast_kernel(gl) == kernels::FastKernel::kWinograd)
      return s;
  }
}

// A random transposed convolution whose kernel is its stride (1-3 per axis): rank 1-3, batch
// 1-3, one group, input channels 1 to a few dozen, output channels around the blocks of lanes
// of a segment (k_w x C_out columns). Draws the planner gives another kernel (the lanes rule)
// are drawn again.
RandomCase random_transpose_pointwise(test::Rng& rng) {
  for (;;) {
    RandomCase s;
    s.params.op = Op::kConvTranspose;
    const int nd = static_cast<int>(rng.uniform(1, 3));
    s.params.spatial_dims = nd;
    const int64_t in_c = rng.pick(std::vector<int64_t>{1, 2, 3, 5, 8, 16, 17, 40});
    const int64_t out_c = rng.pick(
        std::vector<int64_t>{1, 2, 3, 4, 5, 8, 13, kTileN + 1, 2 * kTileN, 3 * kTileN - 1});
    s.x = Shape({rng.uniform(1, 3), in_c});
    s.w = Shape({in_c, out_c});
    for (int a = 0; a < nd; ++a) {
      const size_t i = static_cast<size_t>(a);
      const int64_t k = rng.uniform(1, 3);
      s.w.dims[2 + i] = k;
      s.params.stride[i] = k;
      s.x.dims[2 + i] = rng.uniform(1, nd == 3 ? 5 : 11);
    }
    s.x.rank = s.w.rank = 2 + nd;
    s.bias = !rng.chance(3);
    ConvParams last = s.params;
    last.data_layout = DataLayout::kChannelsLast;
    ConvGeometry gl;
    if (plan_conv(last, test::last_shape(s.x), s.w, s.bias ? out_c : -1, &gl).ok() &&
        kernels::choose_fast_kernel(gl) == kernels::FastKernel::kTransposePointwiseChannelsLast)
      return s;
  }
}

// A random 2-D depthwise setting: channels from one vector to nine (whole and partial blocks
// of four vectors, a scalar tail), kernels 1-5, strides 1-3, dilations 1-2, zero padding 0-2
// per side or 'same', batch 1-2.
RandomCase random_depthwise(test::Rng& rng) {
  RandomCase s;
  s.params.spatial_dims = 2;
  const int64_t l = kernels::kLanes;
  const int64_t c =
      rng.pick(std::vector<int64_t>{l, l + 1, 2 * l - 1, 4 * l, 4 * l + 3, 5 * l + 1, 9 * l - 1});
  s.params.groups = c;
  s.x = Shape({rng.uniform(1, 2), c, rng.uniform(1, 15), rng.uniform(1, 15)});
  s.w = Shape({c, 1, rng.uniform(1, 5), rng.uniform(1, 5)});
  for (size_t a = 0; a < 2; ++a) {
    s.params.stride[a] = rng.chance(2) ? 1 : rng.uniform(2, 3);
    s.params.dilation[a] = rng.chance(3) ? 2 : 1;
    s.params.pad_begin[a] = rng.uniform(0, 2);
    s.params.pad_end[a] = rng.uniform(0, 2);
  }
  if (rng.chance(4)) s.params.auto_pad = AutoPad::kSameUpper;
  s.bias = !rng.chance(3);
  return s;
}

// What one random case exercised.
struct Seen {
  int checked = 0, strided = 0, partial_blocks = 0, batches = 0, bitwise = 0, dot = 0;
};

// Plans `s` in both layouts (false when it does not plan: e.g. a kernel larger than the
// padded input), checks that the channels-last call runs in place and matches the reference
// (and, when `gemm_bits`, the channels-first GEMM's bits), stateless and through a layer run
// twice; `block` is the kernel's block of channels, for the counts.
bool check_in_place(test::Rng& rng, RandomCase s, int64_t block, kernels::FastKernel kernel,
                    Seen* seen) {
  const bool pointwise = kernel == kernels::FastKernel::kPointwiseChannelsLast;
  const bool gemm = pointwise || kernel == kernels::FastKernel::kIm2colChannelsLast;
  const bool winograd = kernel == kernels::FastKernel::kWinograd;
  const bool transposed = kernel == kernels::FastKernel::kTransposePointwiseChannelsLast;
  const std::vector<ActivationKind> kinds = {ActivationKind::kNone, ActivationKind::kRelu,
                                             ActivationKind::kRelu6, ActivationKind::kClamp,
                                             ActivationKind::kHardSwish};
  s.params.activation.kind = rng.pick(kinds);
  s.params.activation.min = -0.5f;  // kClamp's bounds, inside the outputs' range
  s.params.activation.max = 0.75f;
  const int64_t c_out = s.params.op == Op::kConvTranspose ? s.w[1] : s.w[0];
  const int64_t bias_length = s.bias ? c_out : -1;
  ConvGeometry g, gl;
  if (!plan_conv(s.params, s.x, s.w, bias_length, &g).ok()) return false;
  ConvParams pl = s.params;
  pl.data_layout = DataLayout::kChannelsLast;
  const Status planned = plan_conv(pl, test::last_shape(s.x), s.w, bias_length, &gl);
  REQUIRE_MESSAGE(planned.ok(), planned.message());
  INFO(test::describe(gl));
  REQUIRE(kernels::reads_channels_last(gl));
  REQUIRE(kernels::choose_fast_kernel(gl) == kernel);
  const test::LayoutData data = test::random_layout_data(rng, g);
  const auto &x = data.x, &w = data.w, &b = data.b, &r = data.r;
  const auto &x_last = data.x_last, &r_last = data.r_last;
  const float* bias = s.bias ? b.data() : nullptr;
  const bool with_residual = rng.chance(2);
  const int64_t out_px = g.output_spatial();
  const float* res_first = with_residual ? r.data() : nullptr;
  const float* res_last = with_residual ? r_last.data() : nullptr;
  const auto want = to_last(test::run(g, x, w, bias, res_first, Backend::kReference), g.batch,
                            g.out_channels, out_px);
  const auto got = test::run(gl, x_last, w, bias, res_last, Backend::kAuto);
  // Winograd's transforms amplify rounding (conv_winograd.h: 1e-4 of the outputs' scale);
  // here up to 40 x 9 terms, and an activation's clamp, which bounds the scale but not the
  // error of the sums before it: 2e-4.
  CHECK(test::relative_error(got, want) <= (winograd ? 2e-4 : 1e-5));
  // Channels-first, the GEMM runs a pointwise layer from two input channels and a block of
  // outputs, and every layer the im2col kernel takes: the same sums. Fewer go to the
  // depthwise or row kernels, whose wasm builds round a multiply and an add apart where the
  // GEMM fuses them.
  if (gemm && (g.in_channels >= 2 || !pointwise) && g.out_channels >= kernels::kIgemmMR) {
    REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kIgemm);
    const auto first = to_last(test::run(g, x, w, bias, res_first, Backend::kAuto), g.batch,
                               g.out_channels, out_px);
    CHECK(test::bitwise_equal(got, first));
    ++seen->bitwise;
  }
  // Winograd in place builds the same bands and transforms the same tiles as on
  // channels-first data; a kernel == stride transposed convolution sums as the sub-pixel
  // kernel does, where the channels-first call runs that one.
  if (winograd ||
      (transposed && kernels::choose_fast_kernel(g) == kernels::FastKernel::kSubpixel)) {
    REQUIRE(kernels::choose_fast_kernel(g) ==
            (winograd ? kernels::FastKernel::kWinograd : kernels::FastKernel::kSubpixel));
    const auto first = to_last(test::run(g, x, w, bias, res_first, Backend::kAuto), g.batch,
                               g.out_channels, out_px);
    CHECK(test::bitwise_equal(got, first));
    ++seen->bitwise;
  }
  ConvLayer layer;
  REQUIRE(layer.init(pl, s.w, w.data(), bias, bias_length).ok());
  std::vector<float> yl(got.size(), NAN);
  for (int run = 0; run < 2; ++run) {
    REQUIRE(layer.run(gl, x_last.data(), res_last, yl.data(), test::test_pool()).ok());
    CHECK(test::bitwise_equal(yl, got));
  }
  ++seen->checked;
  seen->dot +=
      pointwise && g.out_channels < kernels::kIgemmMR ? 1 : 0;  // pointwise_dot_microkernel.h
  seen->strided += g.stride[0] * g.stride[1] * g.stride[2] > 1 ? 1 : 0;
  seen->partial_blocks += g.out_channels % block != 0 ? 1 : 0;
  seen->batches += g.batch > 1 ? 1 : 0;
  return true;
}

// Says what the random cases exercised and checks that each kind came up often enough.
void check_coverage(const Seen& seen) {
  MESSAGE("settings: ", seen.checked, ", strided ", seen.strided, ", partial channel blocks ",
          seen.partial_blocks, ", batched ", seen.batches, ", bitwise the channels-first GEMM ",
          seen.bitwise, ", 1-3 outputs (dot products) ", seen.dot);
  CHECK(seen.strided >= 20);
  CHECK(seen.partial_blocks >= 20);
  CHECK(seen.batches >= 20);
}

}  // namespace

TEST_CASE(
    "channels-last pointwise reads NHWC in place: the reference's values, the "
    "channels-first GEMM's bits") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  Seen seen;
  for (int it = 0; it < 200; ++it) {
    INFO("iteration ", it);
    REQUIRE(check_in_place(rng, random_pointwise(rng), kTileN,
                           kernels::FastKernel::kPointwiseChannelsLast, &seen));
  }
  check_coverage(seen);
  CHECK(seen.bitwise >= 50);
  CHECK(seen.dot >= 30);
}

TEST_CASE(
    "channels-last im2col GEMM reads NHWC in place: the reference's values, the channels-first "
    "GEMM's bits") {
  WASMCONV_SEEDED_RNG(rng, 20261208);
  Seen seen;
  int padded = 0, dilated = 0, one_channel = 0;
  for (int it = 0; it < 200; ++it) {
    INFO("iteration ", it);
    const RandomCase s = random_im2col(rng);
    REQUIRE(check_in_place(rng, s, kTileN, kernels::FastKernel::kIm2colChannelsLast, &seen));
    bool pads = s.params.auto_pad == AutoPad::kSameUpper, dilates = false;
    for (size_t a = 0; a < 3; ++a) {
      pads = pads || s.params.pad_begin[a] > 0 || s.params.pad_end[a] > 0;
      dilates = dilates || (s.params.dilation[a] > 1 && s.w.dims[2 + a] > 1);
    }
    padded += pads ? 1 : 0;
    dilated += dilates ? 1 : 0;
    one_channel += s.x[1] == 1 ? 1 : 0;
  }
  MESSAGE("im2col settings: padded ", padded, ", dilated ", dilated, ", one input channel ",
          one_channel);
  check_coverage(seen);
  CHECK(seen.bitwise == 200);
  CHECK(padded >= 50);
  CHECK(dilated >= 30);
  CHECK(one_channel >= 10);
}

TEST_CASE(
    "channels-last Winograd reads NHWC in place: the reference's values, the channels-first "
    "Winograd's bits") {
  WASMCONV_SEEDED_RNG(rng, 20261209);
  Seen seen;
  int dilated = 0, deep = 0, large = 0, one_chunk = 0;
  for (int it = 0; it < 120; ++it) {
    INFO("iteration ", it);
    const RandomCase s = random_winograd(rng);
    REQUIRE(check_in_place(rng, s, kernels::kIgemmMR, kernels::FastKernel::kWinograd, &seen));
    dilated += s.params.dilation[s.params.spatial_dims - 1] > 1 ? 1 : 0;
    deep += s.params.spatial_dims == 3 ? 1 : 0;
    const int64_t w = s.x[s.x.rank - 1], h = s.x[s.x.rank - 2];
    large += w > 16 && h > 16 ? 1 : 0;
    ConvGeometry g;
    REQUIRE(plan_conv(s.params, s.x, s.w, -1, &g).ok());
    one_chunk += kernels::winograd_tasks(g).split_steps ? 1 : 0;
  }
  MESSAGE("Winograd settings: dilated ", dilated, ", 3-D ", deep, ", planes past 16x16 ", large,
          ", one chunk (steps split) ", one_chunk);
  CHECK(seen.checked == 120);
  CHECK(seen.bitwise == 120);
  CHECK(seen.batches >= 20);
  CHECK(dilated >= 20);
  CHECK(deep >= 15);
  CHECK(large >= 20);
  CHECK(one_chunk >= 5);
}

TEST_CASE(
    "channels-last transposed convolutions with kernel == stride read NHWC in place: the "
    "reference's values, the sub-pixel kernel's bits") {
  WASMCONV_SEEDED_RNG(rng, 20261210);
  Seen seen;
  int deep = 0, wide_kernel = 0;
  for (int it = 0; it < 200; ++it) {
    INFO("iteration ", it);
    const RandomCase s = random_transpose_pointwise(rng);
    REQUIRE(check_in_place(rng, s, kTileN, kernels::FastKernel::kTransposePointwiseChannelsLast,
                           &seen));
    deep += s.params.spatial_dims == 3 ? 1 : 0;
    wide_kernel += s.w[s.w.rank - 1] > 1 ? 1 : 0;
  }
  MESSAGE("kernel == stride settings: 3-D ", deep, ", k_w > 1 ", wide_kernel,
          ", bitwise the sub-pixel kernel ", seen.bitwise);
  CHECK(seen.checked == 200);
  CHECK(seen.batches >= 20);
  CHECK(seen.partial_blocks >= 20);
  CHECK(seen.bitwise >= 50);
  CHECK(deep >= 30);
  CHECK(wide_kernel >= 50);
}

TEST_CASE("channels-last depthwise reads NHWC in place: the reference's values") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  Seen seen;
  for (int it = 0; it < 400 && seen.checked < 200; ++it) {
    INFO("iteration ", it);
    check_in_place(rng, random_depthwise(rng), 4 * kernels::kLanes, kernels::FastKernel::kDepthwise,
                   &seen);
  }
  check_coverage(seen);
  CHECK(seen.checked == 200);
}

// The 3x3 row microkernel's cases (dwconv_3x3_channels_last_microkernel.h): rows long enough
// for several runs of it (a run spans up to 128 input pixels), rows with no inner pixel, pairs
// of output rows (stride == dilation down the rows) cut by the image's end and the batch,
// strides and dilations across the row, channel tails.
TEST_CASE("channels-last 3x3 depthwise: row runs, edges, row pairs and channel tails") {
  WASMCONV_SEEDED_RNG(rng, 20261208);
  Seen seen;
  int several_runs = 0, paired = 0, no_inner = 0;
  for (int it = 0; it < 300 && seen.checked < 120; ++it) {
    INFO("iteration ", it);
    RandomCase s = random_depthwise(rng);
    s.w = Shape({s.w[0], 1, 3, 3});
    s.x = Shape({s.x[0], s.x[1], rng.uniform(1, 9),
                 rng.pick(std::vector<int64_t>{rng.uniform(1, 5), rng.uniform(6, 70),
                                               rng.uniform(120, 300)})});
    if (rng.chance(2)) s.params.stride[0] = s.params.dilation[0];  // row pairs
    if (!check_in_place(rng, s, 4 * kernels::kLanes, kernels::FastKernel::kDepthwise, &seen))
      continue;
    const int64_t sw = s.params.stride[1], dw = s.params.dilation[1];
    const int64_t inner = s.x[3] - 2 * dw;  // input columns an inner pixel can start at
    several_runs += inner > 128 / sw + 1 ? 1 : 0;
    no_inner += inner <= 0 ? 1 : 0;
    paired += s.params.stride[0] == s.params.dilation[0] && s.x[2] > 3 ? 1 : 0;
  }
  MESSAGE("3x3 settings ", seen.checked, ": several runs per row ", several_runs,
          ", no inner pixel ", no_inner, ", row pairs ", paired);
  CHECK(seen.checked == 120);
  CHECK(several_runs >= 20);
  CHECK(no_inner >= 5);
  CHECK(paired >= 30);
}

TEST_CASE("channels-last in place: NaN and Inf where the reference has them") {
  WASMCONV_SEEDED_RNG(rng, 7);
  ConvParams pointwise;
  pointwise.spatial_dims = 2;
  pointwise.data_layout = DataLayout::kChannelsLast;
  ConvParams depthwise = pointwise;
  depthwise.groups = 19;
  depthwise.pad_begin = {1, 1, 0};
  depthwise.pad_end = {1, 1, 0};
  // A 3x3 stride-2 convolution with padding (im2col: the padding's zeros times the weights).
  ConvParams strided = pointwise;
  strided.stride = {2, 2, 1};
  strided.pad_begin = {1, 1, 0};
  strided.pad_end = {1, 1, 0};
  // Winograd's 3x3 stride 1 (non-finite inputs go to a direct kernel on transposed copies).
  ConvParams winograd = strided;
  winograd.stride = {1, 1, 1};
  // A 2x2 stride-2 transposed convolution (kernel == stride: one GEMM, written in segments).
  ConvParams upsample = pointwise;
  upsample.op = Op::kConvTranspose;
  upsample.stride = {2, 2, 1};
  // NHWC [2, 5, 7, 19] -> 13 channels (partial pixel groups and channel blocks), a strided
  // 3x3 into one block of lanes but one through the im2col kernel, a 3x3 depthwise of the
  // same input (a whole block and a partial one), and a Winograd layer.
  const std::vector<std::pair<ConvParams, Shape>> cases = {{pointwise, Shape({13, 19, 1, 1})},
                                                           {strided, Shape({kTileN - 1, 19, 3, 3})},
                                                           {depthwise, Shape({19, 1, 3, 3})},
                                                           {winograd, Shape({13, 19, 3, 3})},
                                                           {upsample, Shape({19, 13, 2, 2})}};
  for (const auto& [p, ws] : cases) {
    ConvGeometry g;
    const int64_t c_out = p.op == Op::kConvTranspose ? ws[1] : ws[0];
    REQUIRE(plan_conv(p, Shape({2, 5, 7, 19}), ws, c_out, &g).ok());
    INFO(test::describe(g));
    REQUIRE(kernels::reads_channels_last(g));
    auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    x[5] = INFINITY;
    x[static_cast<size_t>(g.input_size() - 1)] = -INFINITY;
    x[static_cast<size_t>(g.input_size() / 2)] = NAN;
    const auto want = test::run(g, x, w, b.data(), Backend::kReference);
    const auto got = test::run(g, x, w, b.data(), Backend::kAuto);
    CHECK(test::finite_error(got, want) <= 1e-5);
  }
  // Non-finite weights: Winograd hands them to the channels-last GEMM (im2col), stateless and
  // as a layer.
  ConvGeometry g;
  REQUIRE(plan_conv(winograd, Shape({2, 5, 7, 19}), Shape({13, 19, 3, 3}), 13, &g).ok());
  REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
  const auto x = rng.tensor(g.input_size());
  auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(13);
  w[3] = INFINITY;
  w[static_cast<size_t>(g.weight_size() - 2)] = NAN;
  const auto want = test::run(g, x, w, b.data(), Backend::kReference);
  CHECK(test::finite_error(test::run(g, x, w, b.data(), Backend::kAuto), want) <= 1e-5);
  ConvLayer layer;
  REQUIRE(layer.init(winograd, Shape({13, 19, 3, 3}), w.data(), b.data(), 13).ok());
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  REQUIRE(layer.run(g, x.data(), y.data(), test::test_pool()).ok());
  CHECK(test::finite_error(y, want) <= 1e-5);
}

TEST_CASE(
    "channels-last depthwise runs on transposed copies with fewer channels than a vector, in "
    "place from one vector on any row") {
  ConvParams p;
  p.spatial_dims = 2;
  p.data_layout = DataLayout::kChannelsLast;
  p.pad_begin = {1, 1, 0};
  p.pad_end = {1, 1, 0};
  // {channels, width, stride} -> in place?
  const int64_t l = kernels::kLanes, long_row = 16 * l;
  struct Case {
    int64_t channels, width, stride;
    bool in_place;
  };
  for (const Case c : {Case{l - 1, 9, 1, false}, Case{l, 9, 1, true}, Case{l, long_row, 1, true},
                       Case{l, 4 * long_row + 1, 1, true}, Case{l, 2 * long_row + 2, 2, true}}) {
    p.groups = c.channels;
    p.stride = {c.stride, c.stride, 1};
    ConvGeometry g;
    REQUIRE(plan_conv(p, Shape({1, 5, c.width, c.channels}), Shape({c.channels, 1, 3, 3}), -1, &g)
                .ok());
    INFO(test::describe(g));
    CHECK(kernels::reads_channels_last(g) == c.in_place);
  }
}

TEST_CASE(
    "channels-last convolutions: which take the im2col GEMM or Winograd in place, which keep the "
    "transposes") {
  // {groups, padding mode, kernel, stride, channels in / out} -> kernel on channels-last data:
  // the layers the channels-first GEMM would run whose output channels fill the kTileN-lane
  // blocks about as well as kIgemmMR-row blocks.
  struct Case {
    int64_t groups;
    PaddingMode mode;
    int64_t k, stride, in, out;
    kernels::FastKernel want;
  };
  using K = kernels::FastKernel;
  for (const Case c : {Case{1, PaddingMode::kZeros, 3, 2, 3, 32, K::kIm2colChannelsLast},
                       Case{1, PaddingMode::kZeros, 7, 2, 3, 64, K::kIm2colChannelsLast},
                       Case{1, PaddingMode::kZeros, 5, 2, 1, 56, K::kIm2colChannelsLast},
                       Case{1, PaddingMode::kZeros, 3, 3, 9, kTileN - 1, K::kIm2colChannelsLast},
                       Case{1, PaddingMode::kZeros, 3, 2, 9, kTileN + 1, K::kIgemm},
                       Case{1, PaddingMode::kZeros, 3, 2, 8, 4, K::kIgemm},
                       Case{1, PaddingMode::kZeros, 5, 1, 1, 56, K::kIm2colChannelsLast},
                       Case{1, PaddingMode::kZeros, 3, 1, 16, 16, K::kWinograd},
                       Case{2, PaddingMode::kZeros, 3, 1, 16, 16, K::kWinograd},
                       Case{1, PaddingMode::kReflect, 3, 2, 3, 32, K::kIgemm},
                       Case{2, PaddingMode::kZeros, 3, 2, 8, 16, K::kIgemm},
                       Case{1, PaddingMode::kZeros, 3, 2, 8, 3, K::kFewOut}}) {
    ConvParams p;
    p.spatial_dims = 2;
    p.data_layout = DataLayout::kChannelsLast;
    p.groups = c.groups;
    p.padding_mode = c.mode;
    p.stride = {c.stride, c.stride, 1};
    p.pad_begin = {c.k / 2, c.k / 2, 0};
    p.pad_end = p.pad_begin;
    ConvGeometry g;
    REQUIRE(
        plan_conv(p, Shape({1, 20, 20, c.in}), Shape({c.out, c.in / c.groups, c.k, c.k}), -1, &g)
            .ok());
    INFO(test::describe(g));
    CHECK(kernels::choose_fast_kernel(g) == c.want);
    // Winograd reads channels-last data in place with one group.
    CHECK(kernels::reads_channels_last(g) ==
          (c.want == K::kIm2colChannelsLast || (c.want == K::kWinograd && c.groups == 1)));
  }
}

TEST_CASE("a grouped Winograd layer on NHWC data runs on the transposes: the reference's values") {
  // Winograd reads channels-last data in place with one group only; a grouped layer reaches
  // it transposed, its geometry still channels-last (a layer keeps the caller's geometry).
  WASMCONV_SEEDED_RNG(rng, 17);
  ConvParams p;
  p.spatial_dims = 2;
  p.data_layout = DataLayout::kChannelsLast;
  p.groups = 2;
  p.pad_begin = {1, 1, 0};
  p.pad_end = {1, 1, 0};
  const Shape ws({16, 8, 3, 3});
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape({2, 9, 11, 16}), ws, 16, &g).ok());
  REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
  REQUIRE_FALSE(kernels::reads_channels_last(g));
  const auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(16);
  const auto want = test::run(g, x, w, b.data(), Backend::kReference);
  CHECK(test::relative_error(test::run(g, x, w, b.data(), Backend::kAuto), want) <= 1e-4);
  ConvLayer layer;
  REQUIRE(layer.init(p, ws, w.data(), b.data(), 16).ok());
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  REQUIRE(layer.run(g, x.data(), y.data(), test::test_pool()).ok());
  CHECK(test::relative_error(y, want) <= 1e-4);
}

TEST_CASE("a layer run on NCHW and then NHWC data packs again for the in-place kernel") {
  WASMCONV_SEEDED_RNG(rng, 11);
  ConvParams first;
  first.spatial_dims = 2;
  ConvParams last = first;
  last.data_layout = DataLayout::kChannelsLast;
  const Shape ws({10, 6, 1, 1});
  const auto w = rng.tensor(ws.numel());
  const auto b = rng.tensor(10);
  ConvGeometry gf, gl;
  REQUIRE(plan_conv(first, Shape({1, 6, 4, 5}), ws, 10, &gf).ok());
  REQUIRE(plan_conv(last, Shape({1, 4, 5, 6}), ws, 10, &gl).ok());
  const auto x = rng.tensor(gf.input_size());
  const auto x_last = to_last(x, 1, 6, 20);
  ConvLayer layer;
  REQUIRE(layer.init(first, ws, w.data(), b.data(), 10).ok());
  std::vector<float> yf(static_cast<size_t>(gf.output_size())), yl(yf.size());
  REQUIRE(layer.run(gf, x.data(), yf.data(), test::test_pool()).ok());
  REQUIRE(layer.run(gl, x_last.data(), yl.data(), test::test_pool()).ok());
  CHECK(test::bitwise_equal(yl, to_last(yf, 1, 10, 20)));
  REQUIRE(layer.run(gf, x.data(), yf.data(), test::test_pool()).ok());
  CHECK(test::bitwise_equal(yl, to_last(yf, 1, 10, 20)));
}

TEST_CASE("a depthwise layer packs the taps layout when a later input needs it") {
  // First a plane the pixel-lane kernels run (no taps layout packed), then a small plane the
  // channel-lanes kernel runs and channels-last data read in place: both read the taps layout.
  WASMCONV_SEEDED_RNG(rng, 13);
  const int64_t c = 4 * kernels::kLanes;
  ConvParams first;
  first.spatial_dims = 2;
  first.groups = c;
  first.pad_begin = {1, 1, 0};
  first.pad_end = {1, 1, 0};
  ConvParams last = first;
  last.data_layout = DataLayout::kChannelsLast;
  const Shape ws({c, 1, 3, 3});
  const auto w = rng.tensor(ws.numel());
  const auto b = rng.tensor(c);
  ConvLayer layer_first, layer_last;
  REQUIRE(layer_first.init(first, ws, w.data(), b.data(), c).ok());
  REQUIRE(layer_last.init(last, ws, w.data(), b.data(), c).ok());
  const int64_t wide = 40 * kernels::kLanes;
  for (const auto& [layer, p, dims] : {std::tuple{&layer_first, first, Shape({1, c, 5, wide})},
                                       std::tuple{&layer_first, first, Shape({1, c, 7, 7})},
                                       std::tuple{&layer_last, last, Shape({1, 5, wide, c})},
                                       std::tuple{&layer_last, last, Shape({1, 7, 7, c})}}) {
    ConvGeometry g;
    REQUIRE(layer->plan(dims, &g).ok());
    INFO(test::describe(g));
    const auto x = rng.tensor(g.input_size());
    std::vector<float> y(static_cast<size_t>(g.output_size()));
    REQUIRE(layer->run(g, x.data(), y.data(), test::test_pool()).ok());
    CHECK(test::relative_error(y, test::run(g, x, w, b.data(), Backend::kReference)) <= 1e-5);
  }
}
