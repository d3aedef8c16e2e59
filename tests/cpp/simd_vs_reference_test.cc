// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The SIMD path (Backend::kSimd) and the fast paths (Backend::kAuto) against the reference
// on thousands of random settings, NaN/Inf propagation, and run-to-run determinism.
// Failures print WASMCONV_SEED, the iteration and every parameter (request and geometry).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "kernels/fast_path.h"
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
                                kernels::FastKernel::kDepthwise, kernels::FastKernel::kRow}) {
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

size_t any(test::Rng& rng, const std::vector<float>& v) {
  return static_cast<size_t>(rng.uniform(0, static_cast<int64_t>(v.size()) - 1));
}

TEST_CASE("NaN and Inf in the input and bias propagate as in the reference, on every backend") {
  WASMCONV_SEEDED_RNG(rng, 77);
  check_nonfinite(rng, 1000, [&](const ConvGeometry&, std::vector<float>* x, std::vector<float>*, std::vector<float>* b) {
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
  check_nonfinite(rng, 600, [&](const ConvGeometry&, std::vector<float>* x, std::vector<float>* w, std::vector<float>*) {
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
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()), b = rng.tensor(g.out_channels);
    const float* bias = g.has_bias ? b.data() : nullptr;
    for (Backend backend : {Backend::kReference, Backend::kSimd, Backend::kAuto}) {
      INFO("backend ", test::backend_name(backend));
      CHECK(test::bitwise_equal(test::run(g, x, w, bias, backend), test::run(g, x, w, bias, backend)));
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
#if defined(__wasm_simd128__) && defined(__SSE4_1__)
  CHECK(arch == "wasm-simd128");  // the WebAssembly SIMD build (xsimd's SSE4.1 over simd128)
#elif defined(__EMSCRIPTEN__) && !defined(__wasm_simd128__)
  CHECK(arch == "scalar");  // the WebAssembly scalar build
#endif
}
