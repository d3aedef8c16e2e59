// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An independent oracle: random settings computed by wasmconv and by ONNX Runtime
// (onnxruntime-web's WebAssembly CPU backend, one thread) must agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as ort from 'onnxruntime-web';

import { load } from '../../bindings/js/node.js';
import { singleNodeModel } from './support/onnx-model.mjs';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';

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

test('wasmconv agrees with ONNX Runtime on random settings', async () => {
  const wc = await load();
  const seed = seedFromEnv(20261122);
  const r = rng(seed);
  let checked = 0;
  for (let it = 0; checked < 300 && it < 2000; it++) {
    const s = randomSetting(r);
    const fn = `${s.transposed ? 'convTranspose' : 'conv'}${s.nd}d`;
    const options = {
      stride: s.stride,
      dilation: s.dilation,
      groups: s.groups,
      padding: { begin: s.begin, end: s.end },
      ...(s.transposed ? { outputPadding: s.outputPadding } : {}),
    };
    let yShape;
    try {
      yShape = wc.outputShape(fn, s.xShape, s.wShape, options);
    } catch {
      continue;  // an invalid setting; validation has its own tests
    }
    const x = { data: r.tensor(product(s.xShape)), shape: s.xShape };
    const w = { data: r.tensor(product(s.wShape)), shape: s.wShape };
    const bias = s.bias ? r.tensor(s.cOut) : undefined;
    const got = wc[fn](x, w, { ...options, bias });

    const attributes = {
      kernel_shape: s.wShape.slice(2),
      strides: s.stride,
      dilations: s.dilation,
      group: s.groups,
      pads: [...s.begin, ...s.end],
      ...(s.transposed ? { output_padding: s.outputPadding } : {}),
    };
    const model = singleNodeModel(s.transposed ? 'ConvTranspose' : 'Conv',
      { X: s.xShape, W: s.wShape, ...(bias ? { B: [s.cOut] } : {}), Y: yShape }, attributes);
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
    const feeds = { X: new ort.Tensor('float32', x.data, s.xShape), W: new ort.Tensor('float32', w.data, s.wShape) };
    if (bias) feeds.B = new ort.Tensor('float32', bias, [s.cOut]);
    const { Y } = await session.run(feeds);
    await session.release();
    const context = `seed ${seed}, iteration ${it}: ${fn} ${JSON.stringify({ ...s })}`;
    assert.deepEqual(got.shape, Array.from(Y.dims), `shape, ${context}`);
    assert.ok(relativeError(got.data, Y.data) <= 1e-4, `values, ${context}`);
    checked++;
  }
  console.log(`oracle: ${checked} random settings agree with ONNX Runtime (seed ${seed})`);
  assert.ok(checked >= 300);
});
