// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Weights from TF's layout (WeightLayout::kHwio, wasmconv/params.h) into the canonical one
// that the kernels and the reference read. The planner has resolved which reading applies
// (TF's depthwise filter included); the permutation then depends on the geometry alone.
#pragma once

#include "core/buffer.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv {

// Writes `w`, laid out as g.weight_layout says, into `out` (g.weight_size() floats) in the
// canonical layout of g.op.
void weights_to_canonical(const ConvGeometry& g, const float* w, float* out);

// Sets *canonical to `w` when g's weights are canonical already, else to a canonical copy
// made in `copy` (which fails only when it cannot be allocated).
Status canonical_weights(const ConvGeometry& g, const float* w, FloatBuffer* copy,
                         const float** canonical);

}  // namespace wasmconv
