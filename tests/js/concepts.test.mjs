// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The numbers of the project's concept list, through the JS API a playground would use.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { product, rng } from './support/random.mjs';

const wc = await load();
const ones = (shape) => ({ data: new Float32Array(product(shape)).fill(1), shape });

test('convolution is a matrix: 4x4 input, 3x3 kernel -> C is 4x16, C^T is 16x4', () => {
  const w = { data: Float32Array.from({ length: 9 }, (_, i) => i + 1), shape: [1, 1, 3, 3] };
  const c = wc.convMatrix('conv2d', [1, 1, 4, 4], w);
  assert.equal(c.rows, 4);
  assert.equal(c.cols, 16);
  // Row 0: the kernel laid into the top-left of a zero 4x4 grid.
  assert.deepEqual(Array.from(c.data.slice(0, 16)), [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0]);
  const ct = wc.convMatrix('convTranspose2d', [1, 1, 2, 2], w);
  assert.equal(ct.rows, 16);
  assert.equal(ct.cols, 4);
  for (let r = 0; r < 4; r++) for (let k = 0; k < 16; k++) assert.equal(ct.data[k * 4 + r], c.data[r * 16 + k]);
  // Many-to-one: 9 inputs per output; one-to-many: the centre inputs feed all 4 outputs.
  assert.equal(Array.from(c.data.slice(0, 16)).filter((v) => v !== 0).length, 9);
});

test('transposed convolution is multiplication by C^T', () => {
  const r = rng(1);
  const w = { data: r.tensor(9), shape: [1, 1, 3, 3] };
  const y = { data: r.tensor(4), shape: [1, 1, 2, 2] };
  const c = wc.convMatrix('conv2d', [1, 1, 4, 4], w);
  const z = wc.convTranspose2d(y, w);
  for (let k = 0; k < 16; k++) {
    let s = 0;
    for (let row = 0; row < 4; row++) s += c.data[row * 16 + k] * y.data[row];
    assert.ok(Math.abs(s - z.data[k]) < 1e-5);
  }
});

test('output sizes: 6/k2 -> 5 and 3; 25/k5/s2 -> 11; 9/k3/s2 -> 4; 9/k3/d4 -> 1; 9/k3/p2 -> 11', () => {
  assert.deepEqual(wc.outputShape('conv1d', [1, 1, 6], [1, 1, 2]), [1, 1, 5]);
  assert.deepEqual(wc.outputShape('conv1d', [1, 1, 6], [1, 1, 2], { stride: 2 }), [1, 1, 3]);
  assert.deepEqual(wc.outputShape('conv2d', [1, 1, 25, 25], [1, 1, 5, 5], { stride: 2 }), [1, 1, 11, 11]);
  assert.deepEqual(wc.outputShape('conv2d', [1, 1, 9, 9], [1, 1, 3, 3], { stride: 2 }), [1, 1, 4, 4]);
  assert.deepEqual(wc.outputShape('conv2d', [1, 1, 9, 9], [1, 1, 3, 3], { dilation: 4 }), [1, 1, 1, 1]);
  assert.deepEqual(wc.outputShape('conv2d', [1, 1, 9, 9], [1, 1, 3, 3], { padding: 2 }), [1, 1, 11, 11]);
  assert.deepEqual(wc.outputShape('conv2d', [1, 1, 17, 17], [1, 1, 3, 3], { dilation: 3, padding: 3 }), [1, 1, 17, 17]);
  // C for 1-D length 6, kernel 2, stride 2 is 3x6; C^T maps length 3 back to 6.
  const c = wc.convMatrix('conv1d', [1, 1, 6], ones([1, 1, 2]), { stride: 2 });
  assert.deepEqual([c.rows, c.cols], [3, 6]);
  assert.deepEqual(wc.outputShape('convTranspose1d', [1, 1, 3], [1, 1, 2], { stride: 2 }), [1, 1, 6]);
});

test('dilation 4 on 9x9 reads exactly the corners, edge midpoints and centre', () => {
  const c = wc.convMatrix('conv2d', [1, 1, 9, 9], ones([1, 1, 3, 3]), { dilation: 4 });
  const read = [];
  c.data.forEach((v, i) => v !== 0 && read.push([Math.floor(i / 9), i % 9]));
  assert.deepEqual(read, [[0, 0], [0, 4], [0, 8], [4, 0], [4, 4], [4, 8], [8, 0], [8, 4], [8, 8]]);
});

test('transposed output formula and output_padding resolving the many-to-one sizes', () => {
  // Inputs 7 and 8 both give 4 with k3 s2 p1; transposed, outputPadding picks 7 or 8.
  assert.deepEqual(wc.outputShape('conv1d', [1, 1, 7], [1, 1, 3], { stride: 2, padding: 1 }), [1, 1, 4]);
  assert.deepEqual(wc.outputShape('conv1d', [1, 1, 8], [1, 1, 3], { stride: 2, padding: 1 }), [1, 1, 4]);
  assert.deepEqual(wc.outputShape('convTranspose1d', [1, 1, 4], [1, 1, 3], { stride: 2, padding: 1 }), [1, 1, 7]);
  assert.deepEqual(wc.outputShape('convTranspose1d', [1, 1, 4], [1, 1, 3], { stride: 2, padding: 1, outputPadding: 1 }), [1, 1, 8]);
  assert.throws(() => wc.outputShape('convTranspose1d', [1, 1, 4], [1, 1, 3], { stride: 2, outputPadding: 2 }), /output padding 2.*from 0 to 1/);
});

test('parameter counts and the 1x1 bottleneck', () => {
  assert.equal(wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true }), 4640);
  assert.equal(wc.paramCount('conv2d', [64, 32, 3, 3], { bias: true }), 18496);
  const squeeze = wc.paramCount('conv2d', [16, 32, 1, 1], { bias: true });
  const expand = wc.paramCount('conv2d', [64, 16, 3, 3], { bias: true });
  assert.equal(squeeze, 528);
  assert.equal(expand, 9280);
  assert.equal(squeeze + expand, 9808);
});

test('receptive field grows exponentially with dilations 1, 2, 4, 8', () => {
  const rf = wc.receptiveField([1, 2, 4, 8].map((d) => ({ kernel: 3, dilation: d })));
  assert.deepEqual(rf.map((l) => l.size), [3, 7, 15, 31]);
  const strided = wc.receptiveField([{ kernel: 3, stride: 2 }, { kernel: 3, stride: 2 }, { kernel: 3 }]);
  assert.deepEqual(strided.map((l) => [l.size, l.jump]), [[3, 2], [7, 4], [15, 4]]);
});

test('even kernels: same padding is asymmetric', () => {
  // 6x6 kernel on 10x10: total 5 -> the output keeps 10x10 and equals explicit pads 2/3.
  const r = rng(2);
  const x = { data: r.tensor(100), shape: [1, 1, 10, 10] };
  const w = { data: r.tensor(36), shape: [1, 1, 6, 6] };
  const same = wc.conv2d(x, w, { padding: 'same' });
  assert.deepEqual(same.shape, [1, 1, 10, 10]);
  assert.deepEqual(same.data, wc.conv2d(x, w, { padding: { begin: [2, 2], end: [3, 3] } }).data);
  assert.deepEqual(wc.conv2d(x, w, { padding: 'same_lower' }).data, wc.conv2d(x, w, { padding: { begin: [3, 3], end: [2, 2] } }).data);
});

test('checkerboard: kernel 3 with stride 2 gives uneven overlap; kernel 4 even', () => {
  // The overlap count of each output pixel is the transposed conv of ones with a ones kernel.
  const count = (k, s) => Array.from(wc.convTranspose1d(ones([1, 1, 6]), ones([1, 1, k]), { stride: s }).data);
  const uneven = count(3, 2).slice(2, -2);
  assert.ok(new Set(uneven).size > 1, `k3 s2 interior counts ${uneven}`);
  const even = count(4, 2).slice(2, -2);
  assert.deepEqual(new Set(even), new Set([2]));
});

test('a fully-connected layer is a convolution with c x h x w kernels', () => {
  const r = rng(4);
  const x = { data: r.tensor(2 * 3 * 3), shape: [1, 2, 3, 3] };
  const w = { data: r.tensor(5 * 18), shape: [5, 2, 3, 3] };
  const y = wc.conv2d(x, w);
  assert.deepEqual(y.shape, [1, 5, 1, 1]);
  for (let o = 0; o < 5; o++) {
    let s = 0;
    for (let i = 0; i < 18; i++) s += w.data[o * 18 + i] * x.data[i];
    assert.ok(Math.abs(s - y.data[o]) < 1e-5);
  }
});
