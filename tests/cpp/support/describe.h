// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// One-line descriptions of every parameter of a request and of a planned geometry, for
// failure messages (ncnn's test_layer prints all of them, so any failure can be replayed
// by hand). INFO(setting) and INFO(geometry) use them through doctest::StringMaker.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "support/settings.h"
#include "wasmconv/conv.h"
#include "wasmconv/geometry.h"

namespace wasmconv::test {

// e.g. "convTranspose2d x=1x4x3x5 w=4x2x3x3 groups=2 stride=(2,1) dilation=(1,1)
//       pad=(1,0)/(1,2) auto_pad=explicit mode=zeros output_padding=(1,0) bias=yes"
std::string describe(const Setting& s);
// Every field, per caller axis: "... H[in 3 k 3 s 2 d 1 pad 1/0 out 6] W[...]".
std::string describe(const ConvGeometry& g);
std::string shape_string(const Shape& s);
// "kAuto", "kReference" or "kSimd".
std::string backend_name(Backend b);

}  // namespace wasmconv::test

namespace doctest {
template <>
struct StringMaker<wasmconv::test::Setting> {
  static String convert(const wasmconv::test::Setting& s) { return wasmconv::test::describe(s).c_str(); }
};
template <>
struct StringMaker<wasmconv::ConvGeometry> {
  static String convert(const wasmconv::ConvGeometry& g) { return wasmconv::test::describe(g).c_str(); }
};
}  // namespace doctest
