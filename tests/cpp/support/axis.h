// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// How plan_conv resolved one axis (output size and the two paddings), as one comparable
// value, so that a check reads CHECK(axis(g, 1) == Axis{6, 0, 1}) and a failure prints
// both triples instead of stopping at the first differing field.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "wasmconv/geometry.h"

namespace wasmconv::test {

struct Axis {
  int64_t out;
  int64_t pad_begin;
  int64_t pad_end;
  bool operator==(const Axis& o) const {
    return out == o.out && pad_begin == o.pad_begin && pad_end == o.pad_end;
  }
};

// Axis `a` of the stored 3-D geometry (0 = D, 1 = H, 2 = W).
inline Axis axis(const ConvGeometry& g, int a) {
  return {g.output[a], g.pad_begin[a], g.pad_end[a]};
}

}  // namespace wasmconv::test

namespace doctest {
template <>
struct StringMaker<wasmconv::test::Axis> {
  static String convert(const wasmconv::test::Axis& v) {
    return ("out " + std::to_string(v.out) + " pad " + std::to_string(v.pad_begin) + "/" +
            std::to_string(v.pad_end))
        .c_str();
  }
};
}  // namespace doctest
