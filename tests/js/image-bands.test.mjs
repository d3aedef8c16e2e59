// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground's image work is split into bands of output rows (web/image/bands.js):
// concatenated, the bands must equal the library's single call bit for bit, for
// convolution (every border mode, explicit / same / valid padding, strides, dilations,
// rectangular kernels) and transposed convolution (output padding, kernels shorter than
// the stride), one band computed again (the magnifier's value on a large output) must be
// the same rows, and the image layer's kernel transforms must be what they claim.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { bandAt, planBands, runBands } from '../../web/image/bands.js';
import { flipKernel, kernelWeights, PRESETS, resize } from '../../web/image/kernels.js';
import { imageLayer } from '../../web/image/layer.js';
import { rng, seedFromEnv } from './support/random.mjs';

const wc = await load();

function assemble(op, x, w, options, count) {
  const whole = wc[op](x, w, options);
  const out = new Float32Array(whole.data.length);
  const [, c, h, width] = whole.shape;
  let covered = 0;
  for (const band of runBands(wc, op, x, w, options, count)) {
    assert.deepEqual(band.y.shape, [1, c, band.rows, width]);
    for (let ch = 0; ch < c; ch++) {
      out.set(band.y.data.subarray(ch * band.rows * width, (ch + 1) * band.rows * width), (ch * h + band.out0) * width);
    }
    covered += band.rows;
  }
  assert.equal(covered, h);
  return { whole, out };
}

test('bands equal the whole call (random settings)', () => {
  const seed = seedFromEnv(20261201);
  const r = rng(seed);
  let split = 0;
  for (let n = 0; n < 400; n++) {
    const transposed = r.next() < 0.5;
    const op = transposed ? 'convTranspose2d' : 'conv2d';
    const [kh, kw] = [r.int(1, 5), r.int(1, 5)];
    const stride = [r.int(1, 3), r.int(1, 3)];
    const dilation = [r.int(1, 2), r.int(1, 2)];
    const [h, w] = [r.int(40, 90), r.int(5, 12)];
    const c = r.pick([1, 3]);
    const kind = r.pick(['explicit', 'same', 'valid']);
    const options = { stride, dilation, groups: c };
    if (kind === 'explicit') options.padding = { begin: [r.int(0, 3), r.int(0, 2)], end: [r.int(0, 3), r.int(0, 2)] };
    else options.padding = kind;
    if (transposed) {
      options.outputPadding = [0, 1].map((a) => r.int(0, Math.max(stride[a], dilation[a]) - 1));
      if (kind === 'same') delete options.outputPadding;
    } else options.paddingMode = kind === 'valid' ? 'zeros' : r.pick(['zeros', 'reflect', 'replicate', 'circular']);
    if (r.next() < 0.5) options.bias = Float32Array.from({ length: c }, () => r.next());
    const x = { data: r.tensor(c * h * w), shape: [1, c, h, w] };
    const wt = { data: r.tensor(c * kh * kw), shape: [c, 1, kh, kw] };
    let whole;
    try {
      whole = wc.outputShape(op, x.shape, wt.shape, options);
    } catch {
      continue; // an invalid setting: nothing to split
    }
    if (options.paddingMode === 'reflect' && (options.padding.begin ?? [0])[0] >= h) continue;
    const count = r.int(2, 9);
    const what = `seed ${seed} case ${n}: ${op} x ${x.shape} w ${wt.shape} ${JSON.stringify(options)} count ${count}`;
    let result;
    try {
      result = assemble(op, x, wt, options, count);
    } catch (e) {
      if (e.name === 'WasmconvError') continue; // e.g. reflect padding too large: the whole call refuses too
      throw new Error(`${what}: ${e.message}`);
    }
    assert.deepEqual(Array.from(result.out), Array.from(result.whole.data), what);
    if (planBands(wc, op, x.shape, wt.shape, options, count)) split++;
    assert.ok(whole[2] > 0);
  }
  assert.ok(split > 150, `only ${split} cases were split into bands`);
});

test('a 4K-sized convolution splits into the bands asked for', () => {
  const bands = planBands(wc, 'conv2d', [1, 3, 2160, 3840], [3, 1, 5, 5], { padding: 'same', groups: 3, paddingMode: 'reflect' }, 16);
  assert.equal(bands.length, 16);
  assert.deepEqual([bands[0].in0, bands[0].options.padding.begin], [0, [2, 2]]);
  assert.equal(bands.at(-1).out1, 2160);
});

test('bandAt computes again the band holding a row: the rows of the whole call, bit for bit', () => {
  const x = { data: Float32Array.from({ length: 3 * 70 * 9 }, (_, i) => Math.sin(i)), shape: [1, 3, 70, 9] };
  const w = { data: Float32Array.from({ length: 3 * 9 }, (_, i) => (i % 5) - 2), shape: [3, 1, 3, 3] };
  const layers = [
    ['conv2d', { padding: 1, groups: 3, paddingMode: 'reflect', stride: 2 }],
    ['convTranspose2d', { padding: 1, groups: 3, stride: 2, outputPadding: 1 }],
    ['conv2d', { padding: 1, groups: 3, paddingMode: 'circular' }], // one band: the whole call
  ];
  for (const [op, options] of layers) {
    const whole = wc[op](x, w, options);
    const [, c, h, width] = whole.shape;
    assert.equal(planBands(wc, op, x.shape, w.shape, options, 4) === null, options.paddingMode === 'circular');
    for (const row of [0, 17, h - 1]) {
      const band = bandAt(wc, op, x, w, options, 4, row);
      assert.ok(row >= band.out0 && row < band.out0 + band.rows, `${op} row ${row}`);
      for (let ch = 0; ch < c; ch++) {
        const mine = band.y.data.subarray(ch * band.rows * width, (ch + 1) * band.rows * width);
        assert.deepEqual(mine, whole.data.subarray((ch * h + band.out0) * width, (ch * h + band.out0 + band.rows) * width), `${op} row ${row}`);
      }
    }
  }
});

test('kernels: presets at any size, flip, resize keeps the centre tap', () => {
  assert.deepEqual(kernelWeights('identity', [3, 3]), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(kernelWeights('identity', [2, 4]), [0, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(kernelWeights('bilinear', [4, 1]), [0.25, 0.75, 0.75, 0.25]);
  assert.deepEqual(kernelWeights('gaussian', [3, 1]), [0.25, 0.5, 0.25]);
  assert.deepEqual(kernelWeights('sharpen', [1, 1]), [5]);
  assert.deepEqual(resize([1, 2, 3, 4], 2, 2, 3, 3), [0, 0, 0, 0, 1, 2, 0, 3, 4]); // centre (0, 0) -> (1, 1)
  for (const [name, preset] of Object.entries(PRESETS)) {
    for (const [h, w] of [[1, 1], [2, 3], [15, 4], preset.size]) assert.equal(kernelWeights(name, [h, w]).length, h * w, name);
  }
  assert.deepEqual(flipKernel([1, 2, 3, 4, 5, 6]), [6, 5, 4, 3, 2, 1]);
  // True convolution of an impulse is the kernel itself; cross-correlation gives it flipped.
  const x = { data: new Float32Array(25), shape: [1, 1, 5, 5] };
  x.data[12] = 1;
  const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const spec = { transposed: false, color: 'gray', groups: 'channel', kernel: [3, 3], weights, bias: 0, border: 'zeros', options: { padding: 'same' } };
  const crop = (y) => [6, 7, 8, 11, 12, 13, 16, 17, 18].map((i) => y.data[i]);
  const correlation = imageLayer(spec);
  assert.deepEqual(crop(wc.conv2d(x, correlation.w, correlation.options)), flipKernel(weights));
  const convolution = imageLayer({ ...spec, flip: true, bias: 0.5 });
  assert.deepEqual(crop(wc.conv2d(x, convolution.w, convolution.options)), weights.map((v) => v + 0.5));
});
