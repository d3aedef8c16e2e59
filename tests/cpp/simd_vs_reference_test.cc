// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The SIMD path (Backend::kSimd) and the fast paths (Backend::kAuto) against the reference
// on thousands of random settings, NaN/Inf propagation, and run-to-run determinism.
// Failures print WASMCONV_SEED, the iteration and every parameter (request and geometry).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/fast_path.h"
#include "kernels/simd_path.h"
#include "support/test_support.h"

using namespace wasmconv;

namespace {

// Winograd's transforms amplify rounding; every direct kernel meets 1e-5.
double tolerance(const ConvGeometry& g, Backend b) {
  return b == Backend::kAuto && kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd ? 1e-4 : 1e-5;
}

}  // namespace

TEST_CASE("SIMD and fast paths match the reference on 5000 random settings") {
  WASMCONV_SEEDED_RNG(rng, 20261122);
  int checked = 0;
  test::Coverage coverage;
  for (int it = 0; it < 25000 && checked < 5000; ++it) {
    // One setting in three has enough channels for the GEMM-based fast kernels.
    test::RandomSettingLimits lim;
    if (rng.chance(3)) {
      lim.max_channels = 9;
      lim.max_spatial = 7;
      lim.max_width = 13;
    }
    const test::Setting s = test::random_setting(rng, lim);
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    coverage.add(s, g);
    const kernels::FastKernel kernel = kernels::choose_fast_kernel(g);
    coverage.hit(std::string("kernel ") + kernels::fast_kernel_name(kernel));
    INFO("kAuto kernel ", std::string(kernels::fast_kernel_name(kernel)));
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const float* bias = g.has_bias ? b.data() : nullptr;
    const auto want = test::run(g, x, w, bias, Backend::kReference);
    CHECK(test::relative_error(test::run(g, x, w, bias, Backend::kSimd), want) <= 1e-5);
    CHECK(test::relative_error(test::run(g, x, w, bias, Backend::kAuto), want) <= tolerance(g, Backend::kAuto));
    ++checked;
  }
  MESSAGE("random settings checked: ", checked, "; ", coverage.summary());
  CHECK(checked == 5000);
  // The generator must keep producing every awkward case, and kAuto must meet every kernel.
  for (const char* const* f = test::Coverage::kFeatures; *f != nullptr; ++f) {
    INFO("feature ", std::string(*f));
    CHECK(coverage.count(*f) >= 20);
  }
  for (int width = 1; width <= 17; ++width) {
    INFO("row width ", width);
    CHECK(coverage.count("row width " + std::to_string(width)) >= 10);
  }
  // (Winograd needs 3x3, stride 1 and 8+ channels each way: fast_path_test covers it.)
  for (kernels::FastKernel k : {kernels::FastKernel::kIgemm, kernels::FastKernel::kSubpixel,
                                kernels::FastKernel::kDepthwise, kernels::FastKernel::kRow,
                                kernels::FastKernel::kFewOut}) {
    const std::string name = std::string("kernel ") + kernels::fast_kernel_name(k);
    INFO(name);
    CHECK(coverage.count(name) >= 50);
  }
}

TEST_CASE("SIMD path on widths around the vector width, every stride phase") {
  // 1-D and 2-D rows of every width 1..40 with strides 1..4 and offsets from padding and
  // dilation: every split of a row into full vectors, half vectors and a scalar tail.
  WASMCONV_SEEDED_RNG(rng, 1729);
  int checked = 0;
  for (int64_t width = 1; width <= 40; ++width)
    for (int64_t stride = 1; stride <= 4; ++stride)
      for (Op op : {Op::kConv, Op::kConvTranspose}) {
        ConvParams p;
        p.op = op;
        p.spatial_dims = rng.chance(2) ? 1 : 2;
        const int nd = p.spatial_dims;
        const size_t last = static_cast<size_t>(nd - 1);
        p.stride[last] = stride;
        p.dilation[last] = rng.uniform(1, 3);
        p.pad_begin[last] = rng.uniform(0, 3);
        p.pad_end[last] = rng.uniform(0, 3);
        const int64_t k = rng.uniform(1, 5);
        if (op == Op::kConvTranspose) p.output_padding[last] = rng.uniform(0, std::max(stride, p.dilation[last]) - 1);
        Shape xs = nd == 1 ? Shape{1, 2, width} : Shape{1, 2, rng.uniform(1, 3), width};
        Shape ws = nd == 1 ? Shape{3, 2, k} : Shape{3, 2, rng.uniform(1, 3), k};
        if (op == Op::kConvTranspose) {
          ws.dims[0] = 2;
          ws.dims[1] = 3;
        }
        ConvGeometry g;
        if (!plan_conv(p, xs, ws, 3, &g).ok()) continue;
        INFO(g);
        CHECK(test::backend_error(g, Backend::kSimd, rng) <= 1e-5);
        CHECK(test::backend_error(g, Backend::kAuto, rng) <= 1e-5);
        ++checked;
      }
  CHECK(checked >= 250);
}

namespace {

size_t any(test::Rng& rng, const std::vector<float>& v) {
  return static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(v.size()) - 1));
}

// A band budget of 1024 floats: bands of 64 outputs or more, so rows of a few hundred
// outputs already take several.
constexpr int64_t kSmallBudget = 1024;

using SimdPath = Status (*)(const ConvGeometry&, const float*, const float*, const float*, float*,
                            kernels::Workspaces*, int64_t);
using BandOutputs = int64_t (*)(const ConvGeometry&, int64_t);

// 150 random settings of `op` (1-D signals and short 2-D images; strides, dilations,
// padding wider than the kernel, groups, batches, bias; conv in every padding mode,
// transposed with output padding and strides 2-5, which keep a phase-layout plane) through
// the SIMD path with kSmallBudget, an Inf or NaN in one input element of one in five: the
// non-finite outputs must be exactly the reference's, the others within 1e-5.
void check_random_bands(test::Rng& rng, Op op) {
  const bool transposed = op == Op::kConvTranspose;
  const SimdPath path = transposed ? kernels::conv_transpose_simd : kernels::conv_simd;
  const BandOutputs band_outputs =
      transposed ? kernels::conv_transpose_simd_band_outputs : kernels::conv_simd_band_outputs;
  int checked = 0, banded = 0, nonfinite = 0;
  for (int it = 0; it < 600 && checked < 150; ++it) {
    ConvParams p;
    p.op = op;
    p.spatial_dims = rng.chance(3) ? 2 : 1;
    const int nd = p.spatial_dims;
    const size_t last = static_cast<size_t>(nd - 1);
    const int64_t k = rng.uniform(1, 9);
    p.stride[last] = transposed ? rng.uniform(2, 5) : rng.uniform(1, 4);
    p.dilation[last] = rng.chance(3) ? rng.uniform(2, 4) : 1;
    p.pad_begin[last] = rng.uniform(0, k + 2);
    p.pad_end[last] = rng.uniform(0, k + 2);
    if (transposed) {
      p.output_padding[last] = rng.uniform(0, std::max(p.stride[last], p.dilation[last]) - 1);
    } else if (rng.chance(2)) {
      p.padding_mode = static_cast<PaddingMode>(rng.uniform(1, 3));
    }
    const int64_t cin = rng.uniform(1, 3), groups = rng.chance(3) ? cin : 1;
    const int64_t cout = groups * rng.uniform(1, 2);
    p.groups = groups;
    const int64_t batch = rng.uniform(1, 2);
    const int64_t width = transposed ? rng.uniform(60, 800) : rng.uniform(200, 2500);
    const int64_t kh = nd == 2 ? rng.uniform(1, 3) : 1;
    if (nd == 2 && !transposed) p.pad_begin[0] = p.pad_end[0] = rng.uniform(0, kh - 1);
    const Shape xs =
        nd == 1 ? Shape{batch, cin, width} : Shape{batch, cin, rng.uniform(1, 3), width};
    // Weights: [out, in / groups, ...] for conv, [in, out / groups, ...] transposed.
    const int64_t w0 = transposed ? cin : cout, w1 = transposed ? cout / groups : cin / groups;
    const Shape ws = nd == 1 ? Shape{w0, w1, k} : Shape{w0, w1, kh, k};
    ConvGeometry g;
    if (!plan_conv(p, xs, ws, rng.chance(2) ? cout : -1, &g).ok()) continue;
    INFO("iteration ", it, ": ", g);
    auto x = rng.tensor(g.input_size());
    const bool poisoned = rng.chance(5);
    if (poisoned) x[any(rng, x)] = rng.chance(2) ? INFINITY : NAN;
    const auto w = rng.tensor(g.weight_size()), b = rng.tensor(g.out_channels);
    const float* bias = g.has_bias ? b.data() : nullptr;
    auto want = test::run(g, x, w, bias);
    std::vector<float> got(static_cast<size_t>(g.output_size()), -12345.0f);
    REQUIRE(path(g, x.data(), w.data(), bias, got.data(), nullptr, kSmallBudget).ok());
    CHECK(test::nonfinite_mismatches(got, want) == 0);
    for (size_t i = 0; i < got.size(); ++i) {
      if (!std::isfinite(want[i])) got[i] = want[i] = 0.0f;
    }
    CHECK(test::relative_error(got, want) <= 1e-5);
    ++checked;
    banded += band_outputs(g, kSmallBudget) < g.output[2] ? 1 : 0;
    nonfinite += poisoned ? 1 : 0;
  }
  MESSAGE("checked ", checked, ", banded ", banded, ", with Inf/NaN ", nonfinite);
  CHECK(checked == 150);
  CHECK(banded >= 80);
  CHECK(nonfinite >= 15);
}

// A two-channel 1-D signal of `width` samples into `cout` outputs on the row path (a conv
// the planner gives it) or the scatter path (the SIMD backend: the planner gives such a
// transposed convolution to sub-pixel): at the real budget it must take several bands, a
// short last one included, and match the reference.
void check_long_signal(test::Rng& rng, ConvParams p, int64_t width, int64_t cout, int64_t k) {
  const bool transposed = p.op == Op::kConvTranspose;
  ConvGeometry g;
  const Shape ws = transposed ? Shape{2, cout, k} : Shape{cout, 2, k};
  REQUIRE(plan_conv(p, Shape{1, 2, width}, ws, cout, &g).ok());
  INFO(g);
  if (!transposed) CHECK(kernels::choose_fast_kernel(g) == kernels::FastKernel::kRow);
  const int64_t band = transposed ? kernels::conv_transpose_simd_band_outputs(g)
                                  : kernels::conv_simd_band_outputs(g);
  CHECK(band < g.output[2]);
  CHECK(g.output[2] % band != 0);
  CHECK(test::backend_error(g, transposed ? Backend::kSimd : Backend::kAuto, rng) <= 1e-5);
}

ConvParams params_1d(Op op, int64_t stride, int64_t dilation, int64_t pad) {
  ConvParams p;
  p.op = op;
  p.spatial_dims = 1;
  p.stride[0] = stride;
  p.dilation[0] = dilation;
  p.pad_begin[0] = p.pad_end[0] = pad;
  return p;
}

}  // namespace

TEST_CASE("SIMD path: a channel of long rows in bands of columns") {
  // conv_simd prepares and adds a channel whose padded rows pass its budget a band of
  // output columns at a time (the row path of the planner).
  WASMCONV_SEEDED_RNG(rng, 256256);
  check_random_bands(rng, Op::kConv);
  ConvParams reflect = params_1d(Op::kConv, 1, 1, 15);
  reflect.padding_mode = PaddingMode::kReflect;
  check_long_signal(rng, reflect, 150001, 1, 31);
  ConvParams circular = params_1d(Op::kConv, 2, 3, 11);
  circular.padding_mode = PaddingMode::kCircular;
  check_long_signal(rng, circular, 120000, 2, 9);
  check_long_signal(rng, params_1d(Op::kConv, 3, 1, 0), 90007, 1, 4);
}

TEST_CASE("SIMD path: a transposed output plane of long rows in bands of columns") {
  // conv_transpose_simd keeps one output channel in phase layout (stride_w > 1); a plane
  // whose rows pass its budget is built a band of columns at a time, each band in a phase
  // layout of its own, so bands start at every phase (the planner's scatter path).
  WASMCONV_SEEDED_RNG(rng, 512512);
  check_random_bands(rng, Op::kConvTranspose);
  check_long_signal(rng, params_1d(Op::kConvTranspose, 4, 1, 2), 40001, 1, 8);
  ConvParams padded = params_1d(Op::kConvTranspose, 3, 2, 1);
  padded.output_padding[0] = 1;
  check_long_signal(rng, padded, 30000, 2, 5);
  ConvParams wide = params_1d(Op::kConvTranspose, 5, 1, 0);
  wide.output_padding[0] = 3;
  check_long_signal(rng, wide, 20011, 1, 2);
}

// Runs up to `wanted` random settings with non-finite values placed by `poison` and checks
// that the SIMD and fast paths put NaN and Inf exactly where the reference does.
template <class Poison>
void check_nonfinite(test::Rng& rng, int wanted, Poison poison) {
  int checked = 0, nonfinite_outputs = 0;
  for (int it = 0; it < 5 * wanted && checked < wanted; ++it) {
    const test::Setting s = test::random_setting(rng);
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    auto x = rng.tensor(g.input_size());
    auto w = rng.tensor(g.weight_size());
    auto b = rng.tensor(g.out_channels);
    poison(g, &x, &w, &b);
    const float* bias = g.has_bias ? b.data() : nullptr;
    const auto want = test::run(g, x, w, bias);
    for (float v : want) nonfinite_outputs += !std::isfinite(v);
    for (Backend backend : {Backend::kSimd, Backend::kAuto}) {
      INFO("backend ", test::backend_name(backend));
      const auto got = test::run(g, x, w, bias, backend);
      CHECK(test::nonfinite_mismatches(got, want) == 0);
    }
    ++checked;
  }
  CHECK(checked == wanted);
  CHECK(nonfinite_outputs > 5 * wanted);
}

TEST_CASE("NaN and Inf in the input and bias propagate as in the reference, on every backend") {
  WASMCONV_SEEDED_RNG(rng, 77);
  check_nonfinite(
      rng, 1000,
      [&](const ConvGeometry&, std::vector<float>* x, std::vector<float>*, std::vector<float>* b) {
        (*x)[any(rng, *x)] = NAN;
        (*x)[any(rng, *x)] = INFINITY;
        (*x)[any(rng, *x)] = -INFINITY;
        if (rng.chance(4)) (*b)[any(rng, *b)] = -INFINITY;
      });
}

TEST_CASE("an Inf or NaN weight propagates as in the reference, on every backend") {
  // The reference adds nothing for a tap that falls in zero padding, so an Inf weight
  // there contributes nothing; a kernel that multiplies a materialised zero by it makes
  // NaN instead (0 * Inf). All backends must agree with the reference.
  WASMCONV_SEEDED_RNG(rng, 78);
  check_nonfinite(
      rng, 600,
      [&](const ConvGeometry&, std::vector<float>* x, std::vector<float>* w, std::vector<float>*) {
        (*w)[any(rng, *w)] = rng.chance(2) ? NAN : INFINITY;
        if (rng.chance(2)) (*x)[any(rng, *x)] = -INFINITY;
      });
}

TEST_CASE("results are bitwise identical run to run") {
  WASMCONV_SEEDED_RNG(rng, 5);
  int checked = 0;
  for (int it = 0; it < 2000 && checked < 300; ++it) {
    const test::Setting s = test::random_setting(rng);
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()),
               b = rng.tensor(g.out_channels);
    const float* bias = g.has_bias ? b.data() : nullptr;
    for (Backend backend : {Backend::kReference, Backend::kSimd, Backend::kAuto}) {
      INFO("backend ", test::backend_name(backend));
      CHECK(test::bitwise_equal(test::run(g, x, w, bias, backend),
                                test::run(g, x, w, bias, backend)));
    }
    ++checked;
  }
  CHECK(checked >= 300);
}

TEST_CASE("the binary reports the instruction set of its SIMD path") {
  const std::string arch = simd_arch_name();
  MESSAGE("kSimd path instruction set: ", arch);
  CHECK_FALSE(arch.empty());
  CHECK(simd_compiled() == (arch != "scalar"));
#if defined(__wasm_simd128__) && defined(__SSE4_1__) && defined(WASMCONV_RELAXED_MADD)
  CHECK(arch == "wasm-simd128+relaxed-madd");  // the relaxed-SIMD build
#elif defined(__wasm_simd128__) && defined(__SSE4_1__)
  CHECK(arch == "wasm-simd128");  // the WebAssembly SIMD build (xsimd's SSE4.1 over simd128)
#elif defined(__EMSCRIPTEN__) && !defined(__wasm_simd128__)
  CHECK(arch == "scalar");  // the WebAssembly scalar build
#endif
}
