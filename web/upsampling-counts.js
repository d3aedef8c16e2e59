// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The overlap counts of a stack of upsampling (transposed) layers, computed by the library:
// an input of ones through each layer with a kernel of ones (no padding), so every output
// pixel holds the number of paths of kernel taps that reach it, the product of the layers'
// overlaps (Odena, Dumoulin and Olah, "Deconvolution and Checkerboard Artifacts", 2016).
// The same stack on a 1-D input gives the profile of one axis (the 2-D count is the product
// of its two axes' profiles). The interior, away from the borders, tells whether the
// overlap is even there: its max/min ratio is 1 when every kernel size is a multiple of
// its stride, and grows layer by layer otherwise.

/** The largest output side drawn cell by cell. */
export const MAX_SIDE = 64;

const ones = (shape) => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });

// Per axis: which outputs of a layer (kernel k, stride s) on `inner` (one flag per input,
// true where that input is itself away from the borders) get every tap the kernel can give
// them from interior inputs: output o takes tap t from input (o - t) / s when s divides it.
function interiorAfter(inner, k, s) {
  const size = (inner.length - 1) * s + k;
  return Array.from({ length: size }, (_, o) => {
    for (let t = 0; t < k; t++) {
      if ((o - t) % s !== 0) continue;
      const i = (o - t) / s;
      if (i < 0 || i >= inner.length || !inner[i]) return false;
    }
    return true;
  });
}

/**
 * Runs the stack on an n x n input of ones. Returns { layers: [{ side, counts, profile,
 * interior, min, max }], tooLarge: null or { layer, side } } where counts is the 2-D grid
 * row by row, profile the 1-D counts, interior the 1-D interior flags, min and max the 2-D
 * interior's extremes (null when it has none).
 */
export function upsamplingCounts(wc, stack, n) {
  let x = ones([1, 1, n, n]);
  let line = ones([1, 1, n]);
  let inner = new Array(n).fill(true);
  const layers = [];
  for (const [i, { kernel, stride }] of stack.entries()) {
    const side = wc.outputShape('convTranspose2d', x.shape, [1, 1, kernel, kernel], { stride })[2];
    if (side > MAX_SIDE) return { layers, tooLarge: { layer: i + 1, side } };
    x = wc.convTranspose2d(x, ones([1, 1, kernel, kernel]), { stride });
    line = wc.convTranspose1d(line, ones([1, 1, kernel]), { stride });
    inner = interiorAfter(inner, kernel, stride);
    const counts = Array.from(x.data);
    // The 2-D interior: both its row and its column away from the borders.
    const inside = counts.filter((_, p) => inner[Math.floor(p / side)] && inner[p % side]);
    const [min, max] = inside.length ? [Math.min(...inside), Math.max(...inside)] : [null, null];
    layers.push({ side, counts, profile: Array.from(line.data), interior: inner, min, max });
  }
  return { layers, tooLarge: null };
}
