// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Attributes that keep the .wasm small (webpack hints at every asset over 244 KiB, and the
// single-threaded builds sit just under it: docs/performance.md, "Room in the .wasm").
//   WASMCONV_SET_UP   code that runs once per call or layer (planning, weight packing,
//                     task loops over rows): optimised for size (clang's minsize) inside a
//                     -O3 file. Not for code that uses xsimd batches, whose operations stay
//                     calls there.
#pragma once

#if defined(__clang__)
#define WASMCONV_SET_UP __attribute__((minsize))
#else
#define WASMCONV_SET_UP
#endif
