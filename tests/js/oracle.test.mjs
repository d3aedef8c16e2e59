// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An independent oracle: random settings computed by wasmconv and by ONNX Runtime
// (onnxruntime-web's WebAssembly CPU backend, one thread) must agree, for the SIMD and
// the scalar build; settings the ONNX formulas call invalid must be refused, and only those.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as ort from 'onnxruntime-web';

import { load } from '../../bindings/js/node.js';
import { singleNodeModel } from './support/onnx-model.mjs';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';
import { testThreads } from './support/threads.mjs';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

function randomSetting(r) {
  const transposed = r.next() < 0.5;
  const nd = r.pick([1, 2, 2, 3]);
  const groups = r.next() < 0.3 ? r.int(2, 3) : 1;
  const cig = r.int(1, 3);
  const cog = r.int(1, 3);
  const spatial = Array.from({ length: nd }, () => r.int(1, nd === 3 ? 5 : 9));
  const kernel = Array.from({ length: nd }, () => r.int(1, nd === 3 ? 3 : 4));
  const stride = Array.from({ length: nd }, () => (r.next() < 0.5 ? 1 : r.int(2, 3)));
  const dilation = Array.from({ length: nd }, () => (r.next() < 0.6 ? 1 : r.int(2, 3)));
  const begin = Array.from({ length: nd }, () => r.int(0, 2));
  const end = Array.from({ length: nd }, () => r.int(0, 2));
  // ONNX Runtime only accepts output_padding < stride (PyTorch, and wasmconv, allow up to
  // max(stride, dilation) - 1), so the oracle stays within its range.
  const outputPadding = transposed ? stride.map((s) => (r.next() < 0.5 ? 0 : r.int(0, s - 1))) : null;
  const bias = r.next() < 0.5;
  const xShape = [r.int(1, 2), groups * cig, ...spatial];
  const wShape = transposed ? [groups * cig, cog, ...kernel] : [groups * cog, cig, ...kernel];
  return { transposed, nd, groups, xShape, wShape, stride, dilation, begin, end, outputPadding, bias, cOut: groups * cog };
}

// Output size per axis from the ONNX formulas (the ONNX operator spec); < 1 means
// the setting is invalid, and wasmconv must refuse exactly those.
function expectedSpatial(s) {
  return s.xShape.slice(2).map((i, a) => {
    const k = s.dilation[a] * (s.wShape[2 + a] - 1) + 1;
    const pads = s.begin[a] + s.end[a];
    return s.transposed
      ? s.stride[a] * (i - 1) + s.outputPadding[a] + k - pads
      : Math.floor((i + pads - k) / s.stride[a]) + 1;
  });
}

test('wasmconv (both builds) agrees with ONNX Runtime on random settings', async () => {
  const builds = [await load({ simd: true, threads: testThreads() }), await load({ simd: false })];
  const seed = seedFromEnv(20261122);
  const r = rng(seed);
  const coverage = {};
  const count = (key) => { coverage[key] = (coverage[key] ?? 0) + 1; };
  let checked = 0;
  let refused = 0;
  for (let it = 0; checked < 300 && it < 2000; it++) {
    const s = randomSetting(r);
    const fn = `${s.transposed ? 'convTranspose' : 'conv'}${s.nd}d`;
    const context = `seed ${seed} (rerun with WASMCONV_SEED=${seed}), iteration ${it}: ${fn} ${JSON.stringify(s)}`;
    const options = {
      stride: s.stride,
      dilation: s.dilation,
      groups: s.groups,
      padding: { begin: s.begin, end: s.end },
      ...(s.transposed ? { outputPadding: s.outputPadding } : {}),
    };
    const valid = expectedSpatial(s).every((o) => o >= 1);
    let yShape;
    try {
      yShape = builds[0].outputShape(fn, s.xShape, s.wShape, options);
    } catch (e) {
      // Only settings the formulas call invalid may be refused.
      assert.ok(!valid, `wasmconv refused a valid setting (${e.message}); ${context}`);
      refused++;
      continue;
    }
    assert.ok(valid, `wasmconv accepted an invalid setting (output ${yShape}); ${context}`);
    assert.deepEqual(yShape.slice(2), expectedSpatial(s), `output size formula; ${context}`);
    const x = { data: r.tensor(product(s.xShape)), shape: s.xShape };
    const w = { data: r.tensor(product(s.wShape)), shape: s.wShape };
    const bias = s.bias ? r.tensor(s.cOut) : undefined;

    const attributes = {
      kernel_shape: s.wShape.slice(2),
      strides: s.stride,
      dilations: s.dilation,
      group: s.groups,
      pads: [...s.begin, ...s.end],
      ...(s.transposed ? { output_padding: s.outputPadding } : {}),
    };
    let Y;
    try {
      const model = singleNodeModel(s.transposed ? 'ConvTranspose' : 'Conv',
        { X: s.xShape, W: s.wShape, ...(bias ? { B: [s.cOut] } : {}), Y: yShape }, attributes);
      const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
      const feeds = { X: new ort.Tensor('float32', x.data, s.xShape), W: new ort.Tensor('float32', w.data, s.wShape) };
      if (bias) feeds.B = new ort.Tensor('float32', bias, [s.cOut]);
      ({ Y } = await session.run(feeds));
      await session.release();
    } catch (e) {
      throw new Error(`ONNX Runtime failed (${e.message}); ${context}`);
    }
    for (const wc of builds) {
      const got = wc[fn](x, w, { ...options, bias });
      assert.deepEqual(got.shape, Array.from(Y.dims), `shape, ${wc.arch}, ${context}`);
      const err = relativeError(got.data, Y.data);
      assert.ok(err <= 1e-4, `values differ by ${err} (relative), ${wc.arch}, ${context}`);
    }
    checked++;
    count(fn);
    if (s.stride.some((v) => v > 1)) count('stride');
    if (s.dilation.some((v) => v > 1)) count('dilation');
    if (s.begin.some((v, a) => v !== s.end[a])) count('asymmetric pads');
    if (s.groups > 1) count('groups');
    if (s.transposed && s.outputPadding.some((v) => v > 0)) count('outputPadding');
    if (bias) count('bias');
    if (s.xShape[0] > 1) count('batch');
  }
  console.log(`oracle: ${checked} random settings agree with ONNX Runtime on both builds ` +
    `(${refused} invalid settings refused as expected; seed ${seed})`);
  console.log(`oracle coverage: ${JSON.stringify(coverage)}`);
  assert.ok(checked >= 300);
  for (const key of ['conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d',
    'stride', 'dilation', 'asymmetric pads', 'groups', 'outputPadding', 'bias', 'batch']) {
    assert.ok((coverage[key] ?? 0) >= 10, `oracle covered ${key} only ${coverage[key] ?? 0} times`);
  }
});
