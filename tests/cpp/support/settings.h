// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Random convolution settings for the differential tests, and a record of which awkward
// cases a run of them covered (so a generator that stops producing a case fails a test
// instead of silently testing less).
#pragma once

#include <map>
#include <string>

#include "support/rng.h"
#include "wasmconv/geometry.h"

namespace wasmconv::test {

// A request: parameters plus tensor shapes and whether there is a bias.
struct Setting {
  ConvParams params;
  Shape x, w;
  bool bias = false;
  int64_t bias_length() const {
    if (!bias) return -1;
    return params.op == Op::kConv ? w[0] : w[1] * params.groups;
  }
};

struct RandomSettingLimits {
  int max_spatial = 9;    // largest input size on the leading axes (3-D uses at most 5)
  int max_width = 17;     // largest input size on the last axis (3-D uses at most 9)
  int max_kernel = 5;     // per axis (3-D uses at most 3)
  int max_stride = 4;
  int max_dilation = 3;
  int max_pad = 3;
  int max_channels = 3;   // per group
  int max_batch = 2;
  bool conv = true;       // may pick convolution
  bool transposed = true; // may pick transposed convolution
  bool padding_modes = true;
  bool auto_pad = true;
  bool output_shape = true;
};

// A random setting over: conv and transposed, 1-D to 3-D, asymmetric padding, stride >
// kernel, dilation with stride, groups and depthwise with a multiplier, 1-pixel inputs,
// even kernels, last-axis widths around the SIMD widths (1..max_width and primes),
// output_padding, output_shape (mostly reachable), auto_pad, every padding mode (pads
// mostly within the mode's limits), batch > 1, with and without bias. The setting may be
// invalid; callers skip what plan_conv rejects.
Setting random_setting(Rng& rng, const RandomSettingLimits& limits = {});

// Plans `s`; returns false (and leaves *g alone) when plan_conv rejects it.
bool plan(const Setting& s, ConvGeometry* g);

// Counts, per named feature, the planned settings that have it.
class Coverage {
 public:
  void add(const Setting& s, const ConvGeometry& g);
  // Counts a feature add() cannot see (e.g. one derived by the test).
  void hit(const std::string& feature) { ++counts_[feature]; }
  int count(const std::string& feature) const;
  const std::map<std::string, int>& counts() const { return counts_; }
  // "feature=count, ..." for a MESSAGE.
  std::string summary() const;
  // The features every differential run must reach (see add()).
  static const char* const kFeatures[];

 private:
  std::map<std::string, int> counts_;
};

}  // namespace wasmconv::test
