// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The magnifier's numbers for one output pixel, computed in the image worker from the
// full-resolution input and the weights the library was given (the page only has
// previews): the input values under the kernel, the weights, their products and the sum,
// per output channel, so the page can show "patch x weights = sum, sum + bias = value"
// next to the value the library computed there.
//
// Convolution: output (oy, ox) reads input (oy*s - p + t*d) per axis for tap t; taps
// outside the image read the border (zeros, reflect without the edge, replicate, circular:
// one reflection or wrap, as the library allows padding below the input size).
// Transposed convolution, as the zero-inserted view: a stride-1 convolution of the input
// with s - 1 zeros between pixels, with the flipped kernel. Window cell j of an axis holds
// weight w[k - 1 - j] (tap t = k - 1 - j) and the input pixel (o + p - t*d) / s when that
// is a whole number inside the image; otherwise an inserted zero or the zero border.

const axis = (v, a, fallback) => (v === undefined ? fallback : Array.isArray(v) ? v[a] : v);

/** The input index a border tap reads on an axis of n pixels, or -1 for a zero. */
export function borderIndex(i, n, mode) {
  if (i >= 0 && i < n) return i;
  if (mode === 'reflect') return i < 0 ? -i : 2 * (n - 1) - i;
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  if (mode === 'circular') return ((i % n) + n) % n;
  return -1;
}

/**
 * The cells of output pixel (oy, ox)'s window, row by row: { tap, kind, at, from } where
 * `tap` is the weight's index in the kernel, `kind` 'pixel', 'padding' (the border) or
 * 'zero' (transposed: an inserted zero between input pixels), `at` the input [row, column]
 * the cell stands for (null for an inserted zero) and `from` the pixel whose value it holds
 * (null for a zero).
 */
export function windowCells({ op, xShape, kernel: [kh, kw], options, pads }, oy, ox) {
  const transposed = op === 'convTranspose2d';
  const [, , H, W] = xShape;
  const s = [axis(options.stride, 0, 1), axis(options.stride, 1, 1)];
  const d = [axis(options.dilation, 0, 1), axis(options.dilation, 1, 1)];
  const mode = options.paddingMode ?? 'zeros';
  const out = [oy, ox];
  const size = [H, W];
  const cells = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const t = transposed ? [kh - 1 - a, kw - 1 - b] : [a, b];
      const cell = { tap: t[0] * kw + t[1], kind: 'pixel', at: [0, 0], from: null };
      for (const ax of [0, 1]) {
        let i;
        if (transposed) {
          const n = out[ax] + pads.begin[ax] - t[ax] * d[ax];
          if (n % s[ax] !== 0) cell.kind = 'zero';
          i = Math.floor(n / s[ax]);
        } else i = out[ax] * s[ax] - pads.begin[ax] + t[ax] * d[ax];
        if ((i < 0 || i >= size[ax]) && cell.kind === 'pixel') cell.kind = 'padding';
        cell.at[ax] = i;
      }
      if (cell.kind === 'zero') cell.at = null;
      else if (cell.kind === 'pixel') cell.from = [...cell.at];
      else if (!transposed) {
        const from = [borderIndex(cell.at[0], H, mode), borderIndex(cell.at[1], W, mode)];
        if (from[0] >= 0 && from[1] >= 0) cell.from = from;
      }
      cells.push(cell);
    }
  }
  return cells;
}

/**
 * Everything the magnifier shows for output pixel (oy, ox) of `layer` = { op, x, w,
 * options, pads } (x, w: { data, shape }; pads: the library's resolved { begin, end }):
 * { cells, terms: [{ out, in, values, weights, products, sum }], outputs: [{ channel, sum,
 * bias }] }, one term per (output channel, input channel it reads).
 */
export function probePixel({ op, x, w, options, pads }, oy, ox) {
  const transposed = op === 'convTranspose2d';
  const [, C, H, W] = x.shape;
  const [w0, w1, kh, kw] = w.shape;
  const groups = options.groups ?? 1;
  const outs = transposed ? w1 * groups : w0;
  const [inPer, outPer] = [C / groups, outs / groups];
  const cells = windowCells({ op, xShape: x.shape, kernel: [kh, kw], options, pads }, oy, ox);
  const terms = [];
  const outputs = [];
  for (let co = 0; co < outs; co++) {
    const g = Math.floor(co / outPer);
    let sum = 0;
    for (let local = 0; local < inPer; local++) {
      const ci = g * inPer + local;
      const first = transposed ? (ci * outPer + co - g * outPer) * kh * kw : (co * inPer + local) * kh * kw;
      const values = cells.map((c) => (c.from ? x.data[(ci * H + c.from[0]) * W + c.from[1]] : 0));
      const weights = cells.map((c) => w.data[first + c.tap]);
      const products = values.map((v, i) => v * weights[i]);
      const part = products.reduce((acc, p) => acc + p, 0);
      terms.push({ out: co, in: ci, values, weights, products, sum: part });
      sum += part;
    }
    outputs.push({ channel: co, sum, bias: options.bias?.[co] ?? 0 });
  }
  return { cells, terms, outputs };
}
