// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Where a padded coordinate reads from, for each PaddingMode (PyTorch semantics):
//   zeros      outside [0, n) reads 0 (returned as -1)
//   reflect    mirror without repeating the edge: -1 -> 1, n -> n-2   (needs pad < n)
//   replicate  clamp to the edge: -1 -> 0, n -> n-1
//   circular   wrap around: -1 -> n-1, n -> 0                          (needs pad <= n)
// plan_conv guarantees the pad limits, so one reflection or wrap always suffices.
#pragma once

#include <cstdint>

#include "wasmconv/params.h"

namespace wasmconv {

inline int64_t border_index(int64_t i, int64_t n, PaddingMode mode) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case PaddingMode::kZeros:
      return -1;
    case PaddingMode::kReflect:
      return i < 0 ? -i : 2 * (n - 1) - i;
    case PaddingMode::kReplicate:
      return i < 0 ? 0 : n - 1;
    case PaddingMode::kCircular:
      return i < 0 ? i + n : i - n;
  }
  return -1;
}

}  // namespace wasmconv
