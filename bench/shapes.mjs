// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's shape list (bench/shapes.txt format, see its header): parsing, the
// wasmconv op and tensor shapes each line stands for, and the label the table prints.

/** Parses shapes text into settings; `only` (a list of ids, or null) keeps a subset. */
export function parseShapes(text, only = null) {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((line) => {
      const [id, op, ...rest] = line.trim().split(/\s+/);
      const kv = Object.fromEntries(rest.map((t) => t.split('=')));
      const [c, h, w] = kv.in.split('x').map(Number);
      const num = (k, d) => (kv[k] === undefined ? d : Number(kv[k]));
      return { id, op, c, h, w, cOut: num('out'), k: num('k'), s: num('s', 1), p: num('p', 0), d: num('d', 1), g: num('g', 1), op_: num('op', 0) };
    })
    .filter((s) => !only || only.includes(s.id));
}

/** The wasmconv function and layer-factory names, input and weight shapes, and options of a setting. */
export function wasmconvCall(s) {
  const transposed = s.op === 'convT';
  return {
    name: transposed ? 'convTranspose2d' : 'conv2d',
    layer: transposed ? 'createConvTranspose2d' : 'createConv2d',
    xShape: [1, s.c, s.h, s.w],
    wShape: transposed ? [s.c, s.cOut / s.g, s.k, s.k] : [s.cOut, s.c / s.g, s.k, s.k],
    options: { stride: s.s, padding: s.p, dilation: s.d, groups: s.g, ...(transposed ? { outputPadding: s.op_ } : {}) },
  };
}

/** The table's short description, e.g. `convT 64x64x64->32 k3 s2 p1 op1`. */
export function settingLabel(s) {
  return `${s.op} ${s.c}x${s.h}x${s.w}->${s.cOut} k${s.k}${s.s > 1 ? ` s${s.s}` : ''}${s.p ? ` p${s.p}` : ''}${s.d > 1 ? ` d${s.d}` : ''}${s.op_ ? ` op${s.op_}` : ''}${s.g > 1 ? ` g${s.g}` : ''}`;
}
