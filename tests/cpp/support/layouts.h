// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-first data and shapes as channels-last ones, written out from the definition, for
// the tests of DataLayout::kChannelsLast.
#pragma once

#include <cstdint>
#include <vector>

#include "support/rng.h"
#include "wasmconv/geometry.h"
#include "wasmconv/params.h"

namespace wasmconv::test {

// [N, C, pixels] as [N, pixels, C].
inline std::vector<float> to_last(const std::vector<float>& v, int64_t n, int64_t c,
                                  int64_t pixels) {
  std::vector<float> out(v.size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t p = 0; p < pixels; ++p)
        out[static_cast<size_t>((b * pixels + p) * c + ch)] =
            v[static_cast<size_t>((b * c + ch) * pixels + p)];
  return out;
}

// [N, C, spatial...] as [N, spatial..., C].
inline Shape last_shape(const Shape& s) {
  Shape out = s;
  for (int i = 1; i + 1 < s.rank; ++i) out.dims[static_cast<size_t>(i)] = s[i + 1];
  out.dims[static_cast<size_t>(s.rank - 1)] = s[1];
  return out;
}

// Random data for comparing a channels-first call of `g` with its channels-last twin: the
// input, weights, bias and a residual, and the input and residual channels-last.
struct LayoutData {
  std::vector<float> x, w, b, r, x_last, r_last;
};
inline LayoutData random_layout_data(Rng& rng, const ConvGeometry& g) {
  LayoutData d;
  d.x = rng.tensor(g.input_size());
  d.w = rng.tensor(g.weight_size());
  d.b = rng.tensor(g.out_channels);
  d.r = rng.tensor(g.output_size());
  d.x_last = to_last(d.x, g.batch, g.in_channels, g.input_spatial());
  d.r_last = to_last(d.r, g.batch, g.out_channels, g.output_spatial());
  return d;
}

}  // namespace wasmconv::test
