// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Workspace: scratch memory of the fast paths, kept between runs so that a layer that runs
// many times allocates only when a larger input arrives. Not shared between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "core/buffer.h"

namespace wasmconv::kernels {

struct Workspace {
  FloatBuffer input;    // padded (and phase-split) input image
  FloatBuffer output;   // depthwise sub-pixel: a block of output rows in phase layout
  FloatBuffer transformed;  // Winograd: transformed input tiles
  FloatBuffer products;     // Winograd: per-frequency GEMM results
  std::vector<int64_t> offsets;  // indirection table of the igemm microkernel
};

}  // namespace wasmconv::kernels
