// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's magnifier (web/image/probe.js): for random layers (every border mode,
// explicit / same / valid padding, strides, dilations, rectangular kernels, depthwise and
// mixed channels, transposed convolution with output padding), the patch times the
// weights plus the bias must equal the library's output pixel, at every output pixel; and
// the cells must say which taps read padding or, transposed, an inserted zero.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { probePixel, windowCells } from '../../web/image/probe.js';
import { rng, seedFromEnv } from './support/random.mjs';

const wc = await load();

function layerOf(op, x, w, options) {
  const { bias, ...shapeOptions } = options;
  return { op, x, w, options, pads: wc.padding(op, x.shape, w.shape, shapeOptions) };
}

test('sum + bias equals the library at every output pixel (random layers)', () => {
  const seed = seedFromEnv(20261207);
  const r = rng(seed);
  let checked = 0;
  for (let n = 0; n < 150; n++) {
    const transposed = r.next() < 0.5;
    const op = transposed ? 'convTranspose2d' : 'conv2d';
    const [kh, kw] = [r.int(1, 4), r.int(1, 4)];
    const stride = [r.int(1, 3), r.int(1, 3)];
    const dilation = [r.int(1, 2), r.int(1, 2)];
    const [h, w] = [r.int(3, 9), r.int(3, 9)];
    const c = r.pick([1, 3]);
    const mixed = c === 3 && r.next() < 0.4;
    const kind = r.pick(['explicit', 'same', 'valid']);
    const options = { stride, dilation, groups: mixed ? 1 : c };
    options.padding = kind === 'explicit' ? { begin: [r.int(0, 2), r.int(0, 2)], end: [r.int(0, 2), r.int(0, 2)] } : kind;
    if (transposed && kind !== 'same') options.outputPadding = [0, 1].map((a) => r.int(0, Math.max(stride[a], dilation[a]) - 1));
    if (!transposed) options.paddingMode = kind === 'valid' ? 'zeros' : r.pick(['zeros', 'reflect', 'replicate', 'circular']);
    if (r.next() < 0.5) options.bias = Float32Array.from({ length: c }, () => r.next());
    const x = { data: r.tensor(c * h * w), shape: [1, c, h, w] };
    const wt = { data: r.tensor(c * (mixed ? 3 : 1) * kh * kw), shape: [c, mixed ? 3 : 1, kh, kw] };
    let y;
    try {
      y = wc[op](x, wt, options);
    } catch (e) {
      if (e.name === 'WasmconvError') continue; // e.g. reflect padding past the input: refused
      throw e;
    }
    const layer = layerOf(op, x, wt, options);
    const [, , oh, ow] = y.shape;
    const what = `seed ${seed} case ${n}: ${op} x ${x.shape} w ${wt.shape} ${JSON.stringify(options)}`;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const { cells, terms, outputs } = probePixel(layer, oy, ox);
        assert.equal(cells.length, kh * kw, what);
        assert.equal(terms.length, c * (mixed ? 3 : 1), what);
        for (const o of outputs) {
          const value = y.data[(o.channel * oh + oy) * ow + ox];
          const scale = Math.max(1, Math.abs(value), ...terms.filter((t) => t.out === o.channel).flatMap((t) => t.products.map(Math.abs)));
          assert.ok(Math.abs(o.sum + o.bias - value) <= 1e-5 * scale, `${what} at (${oy}, ${ox}) channel ${o.channel}: ${o.sum} + ${o.bias} vs ${value}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 5000, `only ${checked} pixels checked`);
});

test('a 3x3 window at the corner: padding cells read the border; transposed stride 2 marks inserted zeros', () => {
  const options = { padding: 1, stride: 1, dilation: 1, paddingMode: 'reflect' };
  const conv = { op: 'conv2d', xShape: [1, 1, 4, 5], kernel: [3, 3], options, pads: { begin: [1, 1], end: [1, 1] } };
  const cells = windowCells(conv, 0, 0);
  assert.deepEqual(cells.map((c) => c.kind), ['padding', 'padding', 'padding', 'padding', 'pixel', 'pixel', 'padding', 'pixel', 'pixel']);
  assert.deepEqual(cells[0], { tap: 0, kind: 'padding', at: [-1, -1], from: [1, 1] }); // reflect without the edge
  assert.deepEqual(windowCells({ ...conv, options: { ...options, paddingMode: 'zeros' } }, 0, 0)[0].from, null);
  assert.deepEqual(windowCells({ ...conv, options: { ...options, paddingMode: 'circular' } }, 0, 0)[0].from, [3, 4]);
  assert.deepEqual(windowCells({ ...conv, options: { ...options, paddingMode: 'replicate' } }, 0, 0)[0].from, [0, 0]);
  // Transposed, stride 2, 3x3, padding 1: output (1, 1) receives input (0, 0) through tap
  // (2, 2) (0 * 2 - 1 + 2 = 1) and input (1, 1) through tap (0, 0); in the zero-inserted view
  // its window holds those under the flipped kernel, inserted zeros between them.
  const tc = { op: 'convTranspose2d', xShape: [1, 1, 3, 3], kernel: [3, 3], options: { stride: 2 }, pads: { begin: [1, 1], end: [1, 1] } };
  const t = windowCells(tc, 1, 1);
  assert.deepEqual(t.map((c) => c.kind), ['pixel', 'zero', 'pixel', 'zero', 'zero', 'zero', 'pixel', 'zero', 'pixel']);
  assert.deepEqual(t.map((c) => c.tap), [8, 7, 6, 5, 4, 3, 2, 1, 0]); // the flipped kernel
  assert.deepEqual([t[0].at, t[2].at, t[6].at, t[8].at], [[0, 0], [0, 1], [1, 0], [1, 1]]);
  // Output (2, 2) only lines up with input (1, 1), under the centre tap.
  assert.deepEqual(windowCells(tc, 2, 2).map((c) => c.kind), ['zero', 'zero', 'zero', 'zero', 'pixel', 'zero', 'zero', 'zero', 'zero']);
  // Without padding, output (0, 0)'s window starts before the first input: the zero border.
  const border = windowCells({ ...tc, pads: { begin: [0, 0], end: [0, 0] } }, 0, 0);
  assert.deepEqual(border.map((c) => c.kind), ['padding', 'zero', 'padding', 'zero', 'zero', 'zero', 'padding', 'zero', 'pixel']);
});
