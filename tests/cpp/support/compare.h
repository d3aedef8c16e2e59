// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Running a planned geometry on given data, and how results are compared.
//
// Relative error: max_i |got_i - want_i| / max(1, max_i |want_i|). Outputs are sums of
// products of values in [-1, 1], so an absolute error of a float32 rounding per term is
// what a correct kernel makes; dividing by the largest magnitude (at least 1) makes the
// bound independent of the number of taps without blowing up near zero outputs.
#pragma once

#include <cstdint>
#include <vector>

#include "support/rng.h"
#include "wasmconv/conv.h"

namespace wasmconv::test {

double relative_error(const std::vector<float>& got, const std::vector<float>& want);

// Dot product in double.
double dot(const std::vector<float>& a, const std::vector<float>& b);

// Positions where exactly one of a, b is NaN, or where they are infinities of different
// sign or only one is infinite.
int64_t nonfinite_mismatches(const std::vector<float>& a, const std::vector<float>& b);

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b);

// The largest difference of the finite outputs, relative to max(1, max |want|), or
// infinity when the non-finite outputs differ in position or value.
double finite_error(const std::vector<float>& got, const std::vector<float>& want);

// The output of `g` on the given data (REQUIREs that run_conv succeeds).
std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x,
                       const std::vector<float>& w, const float* bias,
                       Backend backend = Backend::kReference);
// The same with a residual (null: none), on the test pool.
std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x,
                       const std::vector<float>& w, const float* bias, const float* residual,
                       Backend backend);

// Runs `backend` and the reference on random data; returns the relative error.
double backend_error(const ConvGeometry& g, Backend backend, Rng& rng);

}  // namespace wasmconv::test
