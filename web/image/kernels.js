// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Kernel presets for the image view, as functions of the kernel size so that every preset
// exists at every size from 1x1 to 15x15 (odd, even, rectangular). The centre tap of an
// h x w kernel is (floor((h-1)/2), floor((w-1)/2)): the tap that 'same' padding
// (same_upper, extra unit at the end) aligns with the output pixel. Fixed 3x3 kernels
// (sharpen, Sobel, Laplacian, emboss) are placed around that centre with zeros outside, or
// cropped to it, which keeps their meaning at any size.

const FIXED = {
  sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
  'sobel-x': [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  'sobel-y': [-1, -2, -1, 0, 0, 0, 1, 2, 1],
  laplacian: [0, 1, 0, 1, -4, 1, 0, 1, 0],
  emboss: [-2, -1, 0, -1, 1, 1, 0, 1, 2],
};

// Pascal's row n-1 (binomial weights), the discrete Gaussian of that length.
function binomial(n) {
  const row = [1];
  for (let i = 1; i < n; i++) row.push((row[i - 1] * (n - i)) / i);
  return row;
}

// The bilinear (tent) interpolation kernel of length k for the factor f = ceil(k / 2): a
// transposed convolution with stride f and this kernel interpolates linearly between
// input pixels (k = 4, stride 2: 0.25, 0.75, 0.75, 0.25).
function tent(k) {
  const f = Math.ceil(k / 2);
  const c = (k - 1) / 2;
  return Array.from({ length: k }, (_, t) => 1 - Math.abs(t - c) / f);
}

const outer = (a, b) => a.flatMap((x) => b.map((y) => x * y));

/** Each preset: its label, the size choosing it sets, and its weights at any h x w. */
export const PRESETS = {
  identity: { label: 'Identity', size: [3, 3], weights: (h, w) => resize([1], 1, 1, h, w) },
  box: { label: 'Box blur', size: [3, 3], weights: (h, w) => new Array(h * w).fill(1 / (h * w)) },
  gaussian: {
    label: 'Gaussian blur',
    size: [5, 5],
    weights: (h, w) => {
      const [a, b] = [binomial(h), binomial(w)];
      const sum = a.reduce((s, v) => s + v, 0) * b.reduce((s, v) => s + v, 0);
      return outer(a, b).map((v) => v / sum);
    },
  },
  sharpen: { label: 'Sharpen', size: [3, 3], weights: (h, w) => resize(FIXED.sharpen, 3, 3, h, w) },
  'sobel-x': { label: 'Sobel x', size: [3, 3], weights: (h, w) => resize(FIXED['sobel-x'], 3, 3, h, w) },
  'sobel-y': { label: 'Sobel y', size: [3, 3], weights: (h, w) => resize(FIXED['sobel-y'], 3, 3, h, w) },
  laplacian: { label: 'Laplacian', size: [3, 3], weights: (h, w) => resize(FIXED.laplacian, 3, 3, h, w) },
  emboss: { label: 'Emboss', size: [3, 3], weights: (h, w) => resize(FIXED.emboss, 3, 3, h, w) },
  bilinear: {
    label: 'Bilinear upsampling (transposed)',
    size: [4, 4],
    weights: (h, w) => outer(tent(h), tent(w)),
  },
};

/** An h0 x w0 kernel moved to h x w with its centre tap kept: zeros around, or cropped. */
export function resize(weights, h0, w0, h, w) {
  const dy = Math.floor((h - 1) / 2) - Math.floor((h0 - 1) / 2);
  const dx = Math.floor((w - 1) / 2) - Math.floor((w0 - 1) / 2);
  const out = new Array(h * w).fill(0);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const [sr, sc] = [r - dy, c - dx];
      if (sr >= 0 && sr < h0 && sc >= 0 && sc < w0) out[r * w + c] = weights[sr * w0 + sc];
    }
  }
  return out;
}

/** The weights of a state: a preset at the kernel size, or the custom list. */
export function kernelWeights(weights, [h, w]) {
  return typeof weights === 'string' ? PRESETS[weights].weights(h, w) : weights;
}

/**
 * True convolution flips the kernel in both axes: sum_t x[o - t] w[t] is cross-correlation
 * with w reversed, which is what the library computes.
 */
export function flipKernel(weights) {
  return [...weights].reverse();
}
