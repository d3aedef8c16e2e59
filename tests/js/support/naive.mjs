// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A deliberately plain JavaScript convolution, written from the formulas (PyTorch
// semantics for padding modes), to check values that ONNX Runtime cannot give:
// reflect / replicate / circular padding. Float64 accumulation; channels-first; 1-3 spatial
// axes (handled as 3-D with leading axes of size 1).

/** Where padded index `i` (may be < 0 or >= n) reads from, or -1 for a zero. */
export function sourceIndex(i, n, mode) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'zeros':
      return -1;
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'reflect': {
      // Mirror about the edge samples (the edge itself is not repeated): -1 -> 1, n -> n-2.
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const m = ((i % period) + period) % period;
      return m < n ? m : period - m;
    }
    case 'circular':
      return ((i % n) + n) % n;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

const to3 = (a, fill) => [...new Array(3 - a.length).fill(fill), ...a];

/**
 * y = conv(x, w) with per-axis stride, dilation, padding { begin, end } and a padding mode.
 * @returns {{ data: Float32Array, shape: number[] }}
 */
export function naiveConv(x, w, { stride, dilation, begin, end, groups = 1, mode = 'zeros', bias } = {}) {
  const nd = x.shape.length - 2;
  const [n, c] = x.shape;
  const m = w.shape[0];
  const cig = c / groups;
  const cog = m / groups;
  const ins = to3(x.shape.slice(2), 1);
  const ks = to3(w.shape.slice(2), 1);
  const s = to3(stride ?? new Array(nd).fill(1), 1);
  const d = to3(dilation ?? new Array(nd).fill(1), 1);
  const pb = to3(begin ?? new Array(nd).fill(0), 0);
  const pe = to3(end ?? new Array(nd).fill(0), 0);
  const outs = [0, 1, 2].map((a) => Math.floor((ins[a] + pb[a] + pe[a] - d[a] * (ks[a] - 1) - 1) / s[a]) + 1);
  const y = new Float32Array(n * m * outs[0] * outs[1] * outs[2]);
  let yi = 0;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < m; oc++) {
      const g = Math.floor(oc / cog);
      for (let o0 = 0; o0 < outs[0]; o0++) {
        for (let o1 = 0; o1 < outs[1]; o1++) {
          for (let o2 = 0; o2 < outs[2]; o2++) {
            let acc = bias ? bias[oc] : 0;
            for (let ic = 0; ic < cig; ic++) {
              const xc = g * cig + ic;
              for (let k0 = 0; k0 < ks[0]; k0++) {
                const i0 = sourceIndex(o0 * s[0] - pb[0] + k0 * d[0], ins[0], mode);
                if (i0 < 0) continue;
                for (let k1 = 0; k1 < ks[1]; k1++) {
                  const i1 = sourceIndex(o1 * s[1] - pb[1] + k1 * d[1], ins[1], mode);
                  if (i1 < 0) continue;
                  for (let k2 = 0; k2 < ks[2]; k2++) {
                    const i2 = sourceIndex(o2 * s[2] - pb[2] + k2 * d[2], ins[2], mode);
                    if (i2 < 0) continue;
                    const xv = x.data[(((b * c + xc) * ins[0] + i0) * ins[1] + i1) * ins[2] + i2];
                    const wv = w.data[(((oc * cig + ic) * ks[0] + k0) * ks[1] + k1) * ks[2] + k2];
                    acc += xv * wv;
                  }
                }
              }
            }
            y[yi++] = acc;
          }
        }
      }
    }
  }
  return { data: y, shape: [n, m, ...outs.slice(3 - nd)] };
}
