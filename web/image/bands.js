// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Splitting one 2-D (transposed) convolution into horizontal bands of output rows, each
// computed by the library on just the input rows it needs (the band plus its halo), so
// long work reports progress and can be superseded between bands. Per axis H, with
// stride s, dilation d, dilated kernel K = d(k - 1) + 1 and begin padding p:
//
// - Convolution: output row o reads input rows o*s - p + t*d (t = 0..k-1), so output rows
//   [o0, o1) read input rows [o0*s - p, (o1 - 1)*s - p + K - 1]. Rows of that range outside
//   the image become the band's own top/bottom padding; only the first and last band have
//   any, and their border is the image's border, so reflect and replicate padding see the
//   same rows as on the whole image. (Circular padding wraps to the other end of the
//   image: it runs as one band.)
// - Transposed: input row i adds to output rows i*s - p + t*d, so output rows [o0, o1)
//   receive from input rows [ceil((o0 + p - K + 1) / s), floor((o1 - 1 + p) / s)]. The band
//   call crops its full output with begin padding p + o0 - i0*s and end padding (or output
//   padding, when the band's rows stop short of o1) so that it yields exactly rows o0..o1-1.
//
// Every band's shape is checked with wc.outputShape; a setting the split cannot express
// runs as one band.

// An option given as one number or one number per axis, on axis a.
const perAxis = (v, a, fallback) => (v === undefined ? fallback : Array.isArray(v) ? v[a] : v);

/**
 * Explicit [begin, end] padding of one axis, or null ('same' is same_upper: an odd total
 * puts the extra unit at the end).
 */
export function explicitPads(transposed, padding, i, k, s, d, op, axis) {
  const K = d * (k - 1) + 1;
  if (padding === 'valid') return [0, 0];
  if (padding === 'same') {
    const total = transposed ? s * (i - 1) + op + K - i * s : Math.max(0, (Math.ceil(i / s) - 1) * s + K - i);
    if (total < 0) return null;
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  if (typeof padding === 'number') return [padding, padding];
  if (typeof padding === 'object' && padding !== null && Array.isArray(padding.begin)) return [padding.begin[axis], padding.end[axis]];
  if (Array.isArray(padding)) return [padding[axis], padding[axis]];
  return null;
}

/**
 * Plans the bands of op(x, w, options) for about `count` bands; returns
 * [{ out0, out1, in0, in1, options }] (input rows in0..in1-1, output rows out0..out1-1;
 * in0 === in1 for a band no input reaches, which only the bias fills) or null (one band).
 */
export function planBands(wc, op, xShape, wShape, options, count) {
  try {
    return plan(wc, op, xShape, wShape, options, count);
  } catch {
    return null; // an invalid setting: the whole call reports it in the library's words
  }
}

function plan(wc, op, xShape, wShape, options, count) {
  const transposed = op === 'convTranspose2d';
  const [, , H, W] = xShape;
  const [, , kh, kw] = wShape;
  const s = [0, 1].map((a) => perAxis(options.stride, a, 1));
  const d = [0, 1].map((a) => perAxis(options.dilation, a, 1));
  const opad = [0, 1].map((a) => (transposed ? perAxis(options.outputPadding, a, 0) : 0));
  if (count <= 1 || (!transposed && options.paddingMode === 'circular') || options.outputShape) return null;
  const ph = explicitPads(transposed, options.padding ?? 0, H, kh, s[0], d[0], opad[0], 0);
  const pw = explicitPads(transposed, options.padding ?? 0, W, kw, s[1], d[1], opad[1], 1);
  if (!ph || !pw) return null;
  const whole = wc.outputShape(op, xShape, wShape, options);
  const explicit = { begin: [ph[0], pw[0]], end: [ph[1], pw[1]] };
  const resolved = wc.outputShape(op, xShape, wShape, { ...options, padding: explicit });
  if (resolved[2] !== whole[2] || resolved[3] !== whole[3]) return null;
  const outH = whole[2];
  const rows = Math.max(16, Math.ceil(outH / count));
  if (rows >= outH) return null;
  const K = d[0] * (kh - 1) + 1;
  const bands = [];
  for (let o0 = 0; o0 < outH; o0 += rows) {
    const o1 = Math.min(outH, o0 + rows);
    let band;
    if (!transposed) {
      const r0 = o0 * s[0] - ph[0];
      const r1 = (o1 - 1) * s[0] - ph[0] + K - 1;
      const [in0, in1] = [Math.max(0, r0), Math.min(H - 1, r1) + 1];
      if (in1 <= in0) return null;
      band = { out0: o0, out1: o1, in0, in1, padding: { begin: [in0 - r0, pw[0]], end: [r1 + 1 - in1, pw[1]] }, outputPadding: null };
    } else {
      const in0 = Math.max(0, Math.ceil((o0 + ph[0] - K + 1) / s[0]));
      const in1 = Math.min(H - 1, Math.floor((o1 - 1 + ph[0]) / s[0])) + 1;
      if (in1 <= in0) {
        bands.push({ out0: o0, out1: o1, in0, in1: in0, options: null });
        continue;
      }
      const begin = ph[0] + o0 - in0 * s[0];
      const end = (in1 - in0 - 1) * s[0] + K - begin - (o1 - o0);
      band = {
        out0: o0,
        out1: o1,
        in0,
        in1,
        padding: { begin: [begin, pw[0]], end: [Math.max(0, end), pw[1]] },
        outputPadding: [Math.max(0, -end), opad[1]],
      };
    }
    const bandOptions = { ...options, padding: band.padding };
    if (band.outputPadding) bandOptions.outputPadding = band.outputPadding;
    const shape = wc.outputShape(op, [1, xShape[1], band.in1 - band.in0, W], wShape, bandOptions);
    if (shape[2] !== o1 - o0 || shape[3] !== whole[3]) return null;
    bands.push({ out0: o0, out1: o1, in0: band.in0, in1: band.in1, options: bandOptions });
  }
  return bands;
}

/** Rows in0..in1-1 of a [1, C, H, W] tensor. */
export function sliceRows(x, in0, in1) {
  const [n, c, h, w] = x.shape;
  const rows = in1 - in0;
  const data = new Float32Array(c * rows * w);
  for (let ch = 0; ch < c; ch++) data.set(x.data.subarray((ch * h + in0) * w, (ch * h + in1) * w), ch * rows * w);
  return { data, shape: [n, c, rows, w] };
}

// One planned band: the library on its input rows, or (no input row reaches it) the bias.
function computeBand(wc, op, x, w, options, band, outW) {
  if (band.options) return wc[op](sliceRows(x, band.in0, band.in1), w, band.options);
  // No input row reaches these output rows (kernel shorter than the stride): only bias.
  const channels = w.shape[1] * (options.groups ?? 1); // transposed: C_out = w.shape[1] * groups
  const plane = (band.out1 - band.out0) * outW;
  const data = new Float32Array(channels * plane);
  for (let c = 0; c < channels; c++) data.fill(options.bias?.[c] ?? 0, c * plane, (c + 1) * plane);
  return { data, shape: [1, channels, band.out1 - band.out0, outW] };
}

/**
 * Runs op(x, w, options) band by band: yields { out0, rows, y, ms } per band (y is
 * [1, C, rows, W_out]), the whole op as one band when it cannot be split.
 */
export function* runBands(wc, op, x, w, options, count) {
  const plan = planBands(wc, op, x.shape, w.shape, options, count);
  if (!plan) {
    const t0 = performance.now();
    const y = wc[op](x, w, options);
    yield { out0: 0, rows: y.shape[2], y, ms: performance.now() - t0 };
    return;
  }
  const [, , , outW] = wc.outputShape(op, x.shape, w.shape, options);
  for (const band of plan) {
    const t0 = performance.now();
    const y = computeBand(wc, op, x, w, options, band, outW);
    yield { out0: band.out0, rows: band.out1 - band.out0, y, ms: performance.now() - t0 };
  }
}

/**
 * The band of runBands(wc, op, x, w, options, count) that holds output row `row`, computed
 * again by the same library call (the same values): { out0, rows, y }.
 */
export function bandAt(wc, op, x, w, options, count, row) {
  const plan = planBands(wc, op, x.shape, w.shape, options, count);
  if (!plan) {
    const y = wc[op](x, w, options);
    return { out0: 0, rows: y.shape[2], y };
  }
  const band = plan.find((b) => row >= b.out0 && row < b.out1);
  const [, , , outW] = wc.outputShape(op, x.shape, w.shape, options);
  return { out0: band.out0, rows: band.out1 - band.out0, y: computeBand(wc, op, x, w, options, band, outW) };
}
