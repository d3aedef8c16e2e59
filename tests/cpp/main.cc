// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// doctest's main, shared by the native and the WebAssembly test binaries.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
