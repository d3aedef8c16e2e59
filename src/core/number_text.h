// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Numbers as error messages show them. number_text: a finite number as C's "%.9g" writes it
// (nine significant digits, trailing zeros dropped, an exponent below 1e-4 and from 1e9 on:
// "6", "0.1", "-2.5e-07", "1e+30"), which reads back as the same float; integer_text: an
// integer in decimal. Written here rather than taken from printf (which std::to_string
// calls) because printf's formatting code is the largest part of libc in the .wasm (about
// 8 KB: docs/performance.md, "Room in the .wasm").
#pragma once

#include <cstdint>
#include <string>

namespace wasmconv {

// `v` finite; the caller words NaN and infinities as its messages do.
std::string number_text(double v);
std::string integer_text(int64_t v);

}  // namespace wasmconv
