// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The numbers behind the mechanics view, all computed by the library. Teaching values:
// input x = 1, 2, 3, ... and kernel taps numbered 1..k (so a flipped kernel is visible).
//
// "Gather" grids: a source grid (the padded input of a convolution, or the zero-inserted
// padded input of a transposed one) that a stride-s (or stride-1) convolution reads; its
// window matrix is the library's convMatrix over the source grid with a kernel of ones.
//
// The transposed op three ways (CONCEPTS.md):
//   scatter        input j adds x[j] * w into its output window (column j of Cᵀ);
//   zero-inserted  s - 1 zeros between inputs (a stride-s transposed convolution with a
//                  1x1 kernel of one does exactly that), d(k - 1) - p_begin cells of padding
//                  before and d(k - 1) - p_end + output_padding after (negative: cropped),
//                  then a stride-1 convolution with the kernel flipped.
import { explicitPadding } from './explicit-padding.js';

/**
 * The largest matrix the mechanics view computes: the library's own limit for convMatrix
 * (a 32x32 input with a 3x3 kernel, padded or not, draws in a fraction of a second).
 */
export const MAX_ENTRIES = 1 << 22;

const tensor = (data, shape) => ({ data, shape });
const numbered = (n) => Float32Array.from({ length: n }, (_, i) => i + 1);

export function teachingTensors(layer) {
  const n = layer.xShape[2] * layer.xShape[3];
  const taps = layer.wShape[2] * layer.wShape[3];
  return { x: tensor(numbered(n), layer.xShape), w: tensor(numbered(taps), layer.wShape) };
}

/** Nonzero entries of row r / column c of a { data, rows, cols } matrix. */
export const rowOf = (m, r) => {
  const out = [];
  for (let c = 0; c < m.cols; c++) if (m.data[r * m.cols + c] !== 0) out.push(c);
  return out;
};
export const columnOf = (m, c) => {
  const out = [];
  for (let r = 0; r < m.rows; r++) if (m.data[r * m.cols + c] !== 0) out.push(r);
  return out;
};

// A source grid of `rows` x `cols` cells in which cell q shows `valueAt(q)` and holds
// input `inputAt(q)` (or null), with kind 'value', 'zero' (inserted) or 'pad'.
function sourceGrid(rows, cols, cellOf) {
  const cells = Array.from({ length: rows * cols }, (_, q) => cellOf(Math.floor(q / cols), q % cols));
  return { rows, cols, cells, values: Float32Array.from(cells, (c) => c.value) };
}

/** Convolution: the padded input, the kernel sliding over it with its stride. */
export function convGather(wc, layer, outputShape) {
  const { x, w } = teachingTensors(layer);
  const pads = explicitPadding(wc, layer);
  const [ih, iw] = layer.xShape.slice(2);
  const source = sourceGrid(ih + pads.begin[0] + pads.end[0], iw + pads.begin[1] + pads.end[1], (R, C) => {
    const r = R - pads.begin[0],
      c = C - pads.begin[1];
    if (r < 0 || c < 0 || r >= ih || c >= iw) return { kind: 'pad', value: 0, input: null };
    return { kind: 'value', value: x.data[r * iw + c], input: r * iw + c };
  });
  const { stride, dilation } = layer.options;
  const ones = tensor(new Float32Array(w.data.length).fill(1), layer.wShape);
  const sourceShape = [1, 1, source.rows, source.cols];
  return {
    pads,
    source,
    kernel: { values: w.data, shape: layer.wShape.slice(2), dilation },
    windows: wc.convMatrix('conv2d', sourceShape, ones, { stride, dilation }),
    output: wc[layer.op](x, w, layer.options),
    stride,
  };
}

/** Transposed: the scatter view's data (its windows are columns of Cᵀ). */
export function transposedScatter(wc, layer) {
  const { x, w } = teachingTensors(layer);
  const ones = tensor(new Float32Array(w.data.length).fill(1), layer.wShape);
  const output = wc[layer.op](x, w, layer.options);
  // Running sums: the library's own op on the input with only cells 0..k kept.
  const cache = new Map();
  const partial = (k) => {
    if (!cache.has(k)) {
      const masked = x.data.map((v, i) => (i <= k ? v : 0));
      cache.set(k, wc[layer.op](tensor(masked, layer.xShape), w, layer.options).data);
    }
    return cache.get(k);
  };
  // The first way of CONCEPTS.md: multiply by the library's matrix Cᵀ.
  const m = wc.convMatrix(layer.op, layer.xShape, w, layer.options);
  const byMatrix = Float64Array.from({ length: m.rows }, (_, r) => {
    let sum = 0;
    for (let c = 0; c < m.cols; c++) sum += m.data[r * m.cols + c] * x.data[c];
    return sum;
  });
  return { x, w, windows: wc.convMatrix(layer.op, layer.xShape, ones, layer.options), output, partial, byMatrix };
}

/** Transposed: the zero-inserted, padded input and the stride-1 convolution with the flipped kernel. */
export function transposedZeroInserted(wc, layer, outputShape) {
  const { x, w } = teachingTensors(layer);
  const { stride, dilation } = layer.options;
  const outputPadding = layer.options.outputPadding ?? [0, 0];
  const pads = explicitPadding(wc, layer);
  const one = tensor(new Float32Array([1]), [1, 1, 1, 1]);
  const spread = wc.convTranspose2d(x, one, { stride });
  const placement = wc.convMatrix('convTranspose2d', layer.xShape, one, { stride });
  const [zh, zw] = spread.shape.slice(2);
  const [kh, kw] = layer.wShape.slice(2);
  const before = [0, 1].map((a) => dilation[a] * ([kh, kw][a] - 1) - pads.begin[a]);
  const after = [0, 1].map((a) => dilation[a] * ([kh, kw][a] - 1) - pads.end[a] + outputPadding[a]);
  const source = sourceGrid(zh + before[0] + after[0], zw + before[1] + after[1], (R, C) => {
    const r = R - before[0],
      c = C - before[1];
    if (r < 0 || c < 0 || r >= zh || c >= zw) return { kind: 'pad', value: 0, input: null };
    const from = rowOf(placement, r * zw + c);
    return from.length
      ? { kind: 'value', value: spread.data[r * zw + c], input: from[0] }
      : { kind: 'zero', value: 0, input: null };
  });
  const flipped = tensor(w.data.slice().reverse(), layer.wShape);
  const sourceShape = [1, 1, source.rows, source.cols];
  const ones = tensor(new Float32Array(w.data.length).fill(1), layer.wShape);
  return {
    pads,
    before,
    after,
    source,
    kernel: { values: flipped.data, shape: [kh, kw], dilation },
    windows: wc.convMatrix('conv2d', sourceShape, ones, { dilation }),
    output: wc.conv2d(tensor(source.values, sourceShape), flipped, { dilation }),
  };
}

/**
 * The cells each grid of the current mode draws and the entries of the largest matrix it
 * computes: only what this mode draws (a convolution has no zero-inserted grid).
 *   convolution  the padded input (i + p_begin + p_end per axis), read by a window matrix
 *                of outputs x padded cells;
 *   transposed   Cᵀ (outputs x inputs), the zero placement (spread x inputs) and the
 *                zero-inserted, padded grid (o + d(k - 1) per axis, since a stride-1
 *                convolution over it gives the o outputs), read by outputs x its cells.
 * Above MAX_ENTRIES the view shows a note instead.
 */
export function mechanicsSize(wc, layer, outputShape) {
  const [ih, iw] = layer.xShape.slice(2);
  const [oh, ow] = outputShape.slice(2);
  const [kh, kw] = layer.wShape.slice(2);
  const { stride, dilation } = layer.options;
  const outputs = oh * ow;
  if (layer.op === 'conv2d') {
    const { begin, end } = explicitPadding(wc, layer);
    const source = [ih + begin[0] + end[0], iw + begin[1] + end[1]];
    return { source, output: [oh, ow], entries: source[0] * source[1] * outputs };
  }
  const source = [oh + dilation[0] * (kh - 1), ow + dilation[1] * (kw - 1)];
  const spread = ((ih - 1) * stride[0] + 1) * ((iw - 1) * stride[1] + 1);
  const inputs = ih * iw;
  return { source, output: [oh, ow], entries: Math.max(outputs * inputs, spread * inputs, source[0] * source[1] * outputs) };
}
