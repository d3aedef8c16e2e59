// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Padding modes (zeros, reflect, replicate, circular) against a plain JavaScript
// convolution written from PyTorch's definition (support/naive.mjs): hand-made cases at
// the limits, then random 1-D/2-D/3-D settings with asymmetric padding, stride, dilation,
// groups and bias, on both builds and every backend. ONNX Runtime has no such padding,
// so this is the only independent check of those values.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { naiveConv, sourceIndex } from './support/naive.mjs';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';
import { testThreads } from './support/threads.mjs';

const builds = [await load({ simd: true, threads: testThreads() }), await load({ simd: false })];
const MODES = ['zeros', 'reflect', 'replicate', 'circular'];

test('the JS expectation itself: padded index maps of a length-4 signal', () => {
  const map = (mode) => Array.from({ length: 10 }, (_, j) => sourceIndex(j - 3, 4, mode));
  assert.deepEqual(map('zeros'), [-1, -1, -1, 0, 1, 2, 3, -1, -1, -1]);
  assert.deepEqual(map('reflect'), [3, 2, 1, 0, 1, 2, 3, 2, 1, 0]);
  assert.deepEqual(map('replicate'), [0, 0, 0, 0, 1, 2, 3, 3, 3, 3]);
  assert.deepEqual(map('circular'), [1, 2, 3, 0, 1, 2, 3, 0, 1, 2]);
});

function check(wc, fn, x, w, options, expected, context) {
  for (const backend of ['auto', 'simd', 'reference']) {
    const got = wc[fn](x, w, { ...options, backend });
    const where = `${context} [${wc.arch}, backend ${backend}]`;
    assert.deepEqual(got.shape, expected.shape, `shape, ${where}`);
    const err = relativeError(got.data, expected.data);
    assert.ok(err <= 1e-5, `relative error ${err}, ${where}`);
  }
}

test('hand-made limits: widest legal padding, size-1 axes, even kernels with same', () => {
  const r = rng(11);
  const cases = [
    // [fn, xShape, wShape, padding, mode]
    ['conv1d', [1, 1, 5], [1, 1, 3], 4, 'reflect'], // reflect: padding up to size - 1
    ['conv1d', [1, 1, 5], [1, 1, 3], 5, 'circular'], // circular: padding up to size
    ['conv1d', [1, 1, 1], [1, 1, 3], 7, 'replicate'], // replicate: any padding, even of size 1
    ['conv1d', [1, 1, 1], [1, 1, 3], 1, 'circular'],
    ['conv2d', [1, 2, 3, 4], [3, 2, 2, 3], { begin: [2, 0], end: [0, 3] }, 'reflect'],
    ['conv2d', [1, 2, 3, 4], [3, 2, 2, 3], { begin: [0, 4], end: [3, 1] }, 'circular'],
    ['conv2d', [2, 1, 6, 6], [1, 1, 4, 4], 'same', 'reflect'], // even kernel: pads 1 / 2
    ['conv2d', [2, 1, 6, 6], [1, 1, 4, 4], 'same_lower', 'replicate'], // pads 2 / 1
    ['conv3d', [1, 1, 2, 3, 4], [2, 1, 2, 2, 2], { begin: [1, 2, 3], end: [1, 0, 2] }, 'reflect'],
    ['conv3d', [1, 1, 2, 3, 4], [2, 1, 3, 3, 3], 2, 'circular'],
  ];
  for (const [fn, xs, ws, padding, mode] of cases) {
    const x = { data: r.tensor(product(xs)), shape: xs };
    const w = { data: r.tensor(product(ws)), shape: ws };
    const nd = xs.length - 2;
    let pads;
    if (padding === 'same' || padding === 'same_lower') {
      // Stride 1: total = k - 1; 'same' (upper) puts the odd unit at the end.
      const total = ws.slice(2).map((k) => k - 1);
      const small = total.map((t) => Math.floor(t / 2));
      const big = total.map((t, i) => t - small[i]);
      pads = padding === 'same' ? { begin: small, end: big } : { begin: big, end: small };
    } else if (typeof padding === 'number') {
      pads = { begin: new Array(nd).fill(padding), end: new Array(nd).fill(padding) };
    } else {
      pads = padding;
    }
    const expected = naiveConv(x, w, { ...pads, mode });
    for (const wc of builds) check(wc, fn, x, w, { padding, paddingMode: mode }, expected, `${fn} ${JSON.stringify({ xs, ws, padding, mode })}`);
  }
});

test('padding modes beyond their limits are refused, naming the mode, axis and size', () => {
  const wc = builds[0];
  const x = { data: new Float32Array(5), shape: [1, 1, 5] };
  const w = { data: new Float32Array(3), shape: [1, 1, 3] };
  assert.throws(() => wc.conv1d(x, w, { padding: 5, paddingMode: 'reflect' }), /conv1d: reflect padding 5 on axis L must be less than the input size 5/);
  assert.throws(() => wc.conv1d(x, w, { padding: 6, paddingMode: 'circular' }), /conv1d: circular padding 6 on axis L must not exceed the input size 5/);
  assert.deepEqual(wc.conv1d(x, w, { padding: 1 }).shape, [1, 1, 5]); // usable afterwards
});

test('random settings: every padding mode, 1-D to 3-D, both builds, every backend', () => {
  const seed = seedFromEnv(77);
  const r = rng(seed);
  const counts = Object.fromEntries(MODES.map((m) => [m, 0]));
  for (let it = 0; it < 120; it++) {
    const nd = r.pick([1, 2, 3]);
    const mode = MODES[it % MODES.length];
    const groups = r.next() < 0.3 ? r.int(2, 3) : 1;
    const cig = r.int(1, 3);
    const cog = r.int(1, 3);
    const spatial = Array.from({ length: nd }, () => r.int(1, nd === 3 ? 5 : 8));
    const kernel = Array.from({ length: nd }, () => r.int(1, 3));
    const stride = Array.from({ length: nd }, () => r.int(1, 3));
    const dilation = Array.from({ length: nd }, () => r.int(1, 2));
    // Within each mode's legal range: reflect < size, circular <= size, others up to 3.
    const limit = (n) => (mode === 'reflect' ? n - 1 : mode === 'circular' ? n : 3);
    const begin = spatial.map((n) => r.int(0, Math.min(3, limit(n))));
    const end = spatial.map((n) => r.int(0, Math.min(3, limit(n))));
    // Keep settings whose dilated kernel fits the padded input.
    const fits = spatial.every((n, a) => n + begin[a] + end[a] >= dilation[a] * (kernel[a] - 1) + 1);
    if (!fits) continue;
    const xs = [r.int(1, 2), groups * cig, ...spatial];
    const ws = [groups * cog, cig, ...kernel];
    const x = { data: r.tensor(product(xs)), shape: xs };
    const w = { data: r.tensor(product(ws)), shape: ws };
    const bias = r.next() < 0.5 ? r.tensor(groups * cog) : undefined;
    const options = { stride, dilation, groups, padding: { begin, end }, paddingMode: mode, bias };
    const expected = naiveConv(x, w, { stride, dilation, begin, end, groups, mode, bias });
    const fn = `conv${nd}d`;
    const context = `seed ${seed} (WASMCONV_SEED), iteration ${it}: ${fn} ${JSON.stringify({ xs, ws, stride, dilation, begin, end, groups, mode, bias: !!bias })}`;
    for (const wc of builds) check(wc, fn, x, w, options, expected, context);
    counts[mode]++;
  }
  console.log(`padding modes: settings checked per mode ${JSON.stringify(counts)} (seed ${seed})`);
  for (const mode of MODES) assert.ok(counts[mode] >= 15, `too few ${mode} settings: ${counts[mode]}`);
});
