// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The explicit begin/end padding the library uses for a layer, also for 'same' and
// 'valid' and for a transposed output size (derivedPadding). The total per axis follows from the output size the library reports:
//   convolution  total = (o - 1) s + d (k - 1) + 1 - i          (at least 0)
//   transposed   total = (i - 1) s + d (k - 1) + 1 + output_padding - o
// and of the (at most two) ways to split an odd total, the one whose result equals the
// library's own result for the named padding is taken, so the split is the library's.

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a >>> 8) / 16777216 - 0.5;
  };
}

const sameData = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
const close = (a, b) => Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b));

/**
 * A transposed layer with an output size: the padding the library derived from it. The
 * pads may be negative (the output grows), which no explicit call can take, so instead the
 * library's result is matched against its unpadded result (padding 0, output padding 0)
 * shifted by each candidate begin: output row r is unpadded row r + begin, zero outside.
 * Candidates per axis are the two splits of total = U + output_padding - o; end = total - begin.
 */
function derivedPadding(wc, { op, xShape, wShape, options }, outputShape) {
  const next = rng(13);
  const x = { data: Float32Array.from({ length: xShape[2] * xShape[3] }, next), shape: xShape };
  const w = { data: Float32Array.from({ length: wShape[2] * wShape[3] }, next), shape: wShape };
  const y = wc[op](x, w, options);
  const full = wc[op](x, w, { stride: options.stride, dilation: options.dilation });
  const [uh, uw] = full.shape.slice(2);
  const [oh, ow] = outputShape.slice(2);
  const totals = [uh - oh, uw - ow].map((t, a) => t + (options.outputPadding?.[a] ?? 0));
  const splits = (t) => [...new Set([t - Math.floor(t / 2), Math.floor(t / 2)])];
  const at = (r, c) => (r < 0 || c < 0 || r >= uh || c >= uw ? 0 : full.data[r * uw + c]);
  for (const bh of splits(totals[0])) {
    for (const bw of splits(totals[1])) {
      let same = true;
      for (let r = 0; r < oh && same; r++) for (let c = 0; c < ow && same; c++) same = close(y.data[r * ow + c], at(r + bh, c + bw));
      if (same) return { begin: [bh, bw], end: [totals[0] - bh, totals[1] - bw] };
    }
  }
  throw new Error('could not read back the padding derived from the output size');
}

/**
 * @param wc       the loaded module
 * @param layer    { op, xShape, wShape, options } (single channel, 2-D; see state.js layerOf)
 * @param outputShape  the library's output shape for it
 * @returns {{ begin: number[], end: number[] }}
 */
export function explicitPadding(wc, { op, xShape, wShape, options }, outputShape) {
  if (options.outputShape) return derivedPadding(wc, { op, xShape, wShape, options }, outputShape);
  const padding = options.padding;
  if (typeof padding === 'number') return { begin: [padding, padding], end: [padding, padding] };
  if (Array.isArray(padding)) return { begin: [...padding], end: [...padding] };
  if (typeof padding === 'object') return { begin: [...padding.begin], end: [...padding.end] };
  if (padding === 'valid') return { begin: [0, 0], end: [0, 0] };
  const transposed = op.startsWith('convTranspose');
  const totals = [0, 1].map((a) => {
    const i = xShape[2 + a],
      k = wShape[2 + a],
      o = outputShape[2 + a];
    const s = options.stride[a],
      d = options.dilation[a],
      K = d * (k - 1) + 1;
    const extra = transposed ? (options.outputPadding?.[a] ?? 0) : 0;
    return transposed ? (i - 1) * s + K + extra - o : Math.max(0, (o - 1) * s + K - i);
  });
  const next = rng(11);
  const x = { data: Float32Array.from({ length: xShape[2] * xShape[3] }, next), shape: xShape };
  const w = { data: Float32Array.from({ length: wShape[2] * wShape[3] }, next), shape: wShape };
  const { outputPadding } = options;
  const reference = wc[op](x, w, options).data;
  const splits = (t) => [...new Set([Math.floor(t / 2), t - Math.floor(t / 2)])];
  for (const bh of splits(totals[0])) {
    for (const bw of splits(totals[1])) {
      const pads = { begin: [bh, bw], end: [totals[0] - bh, totals[1] - bw] };
      const explicit = { stride: options.stride, dilation: options.dilation, padding: pads };
      if (transposed && outputPadding) explicit.outputPadding = outputPadding;
      let data;
      try {
        data = wc[op](x, w, explicit).data;
      } catch {
        continue;
      }
      if (sameData(data, reference)) return pads;
    }
  }
  throw new Error(`could not resolve '${padding}' padding into begin and end pads`);
}
