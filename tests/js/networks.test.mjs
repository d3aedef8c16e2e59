// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The example networks (examples/networks/) end to end: each one's output, through the fast
// kernels with fused activations, residuals and tensors chained in wasm memory, against the
// same network with every layer computed by the reference backend (the stateless ops with
// backend: 'reference', each result copied out and back in); and the two identities the
// examples rest on, checked against plain JavaScript: the pixel shuffle as a grouped
// transposed convolution, and a convolution over a concatenation as a sum of two.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { dcganGenerator } from '../../examples/networks/dcgan.mjs';
import { espcn, pixelShuffleWeights } from '../../examples/networks/espcn.mjs';
import { mobileNetV2 } from '../../examples/networks/mobilenetv2.mjs';
import { uNet } from '../../examples/networks/unet.mjs';
import { splitInputChannels, weightsFrom } from '../../examples/networks/weights.mjs';
import { testThreads } from './support/threads.mjs';

const wc = await load({ threads: testThreads() });

// `wc` whose layers are computed by the reference backend, one stateless call per run.
function referenceLayers(target) {
  const layer = (op, weight, { activation, ...geometry }) => ({
    outputShape: (xShape) => target.outputShape(op, xShape, weight.shape, geometry),
    run: (x, options = {}) => target[op](x, weight, { ...geometry, activation, ...options, backend: 'reference' }),
    dispose() {},
  });
  // The loaded module is frozen: a copy of its members, with the two factories replaced.
  const copy = Object.fromEntries(Object.keys(target).map((key) => [key, typeof target[key] === 'function' ? target[key].bind(target) : target[key]]));
  return {
    ...copy,
    createConv2d: (weight, options = {}) => layer('conv2d', weight, options),
    createConvTranspose2d: (weight, options = {}) => layer('convTranspose2d', weight, options),
  };
}

const values = (t) => (t.read ? t.read() : t.data);
const random = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + seed) * 0.5 + 0.5);

// Runs `make(wc)`'s network on x with the fast kernels and with the reference; returns both
// outputs after checking that they agree to `tolerance` of the output's largest magnitude.
function agree(make, x, tolerance) {
  const outputs = [wc, referenceLayers(wc)].map((target) => {
    const network = make(target);
    const input = target.createTensor(x.data, x.shape);
    const y = network.run(input);
    const result = { shape: [...y.shape], data: Float32Array.from(values(y)) };
    network.dispose();
    input.dispose();
    return result;
  });
  const [fast, reference] = outputs;
  assert.deepEqual(fast.shape, reference.shape);
  const scale = Math.max(...reference.data.map(Math.abs));
  assert.ok(scale > 0 && Number.isFinite(scale), `the output is not all zeros (largest magnitude ${scale})`);
  let worst = 0;
  fast.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - reference.data[i]))));
  assert.ok(worst <= tolerance * scale, `largest difference ${worst} > ${tolerance} x ${scale}`);
  return outputs;
}

test('MobileNetV2 (96x96 input, 10 classes): logits and their order as the reference gives them', () => {
  const [fast, reference] = agree((t) => mobileNetV2(t, { classes: 10 }), { data: random(3 * 96 * 96, 1), shape: [1, 3, 96, 96] }, 1e-4);
  assert.deepEqual(fast.shape, [1, 10, 1, 1]);
  const order = (d) => [...d.keys()].sort((a, b) => d[b] - d[a]);
  assert.deepEqual(order(fast.data), order(reference.data));
});

test('MobileNetV2 with NHWC data (as the networks benchmark runs it): the NCHW logits', () => {
  const x = random(3 * 96 * 96, 1);
  const logits = (layout) => {
    const network = mobileNetV2(wc, { classes: 10, layout });
    const last = layout === 'nhwc';
    // The same picture both ways: [1, 3, 96, 96] channels-first, [1, 96, 96, 3] channels-last.
    const data = last ? Float32Array.from({ length: x.length }, (_, i) => x[(i % 3) * 96 * 96 + Math.floor(i / 3)]) : x;
    const input = wc.createTensor(data, last ? [1, 96, 96, 3] : [1, 3, 96, 96]);
    const y = network.run(input);
    const result = { shape: [...y.shape], data: Float32Array.from(values(y)) };
    network.dispose();
    input.dispose();
    return result;
  };
  const first = logits('nchw'), last = logits('nhwc');
  assert.deepEqual(last.shape, [1, 1, 1, 10]);
  const scale = Math.max(...first.data.map(Math.abs));
  last.data.forEach((v, i) => assert.ok(Math.abs(v - first.data[i]) <= 1e-4 * scale, `logit ${i}: ${v} against ${first.data[i]}`));
});

test('U-Net (3 levels, width 8, 64x48 input): the mask', () => {
  const [fast] = agree((t) => uNet(t, { width: 8 }), { data: random(3 * 64 * 48, 2), shape: [1, 3, 64, 48] }, 1e-4);
  assert.deepEqual(fast.shape, [1, 1, 64, 48]);
  assert.ok(fast.data.every((v) => v > 0 && v < 1), 'a sigmoid mask lies in (0, 1)');
});

test('DCGAN generator (batch 2, 16 features): 64x64 images in -1..1', () => {
  const z = { data: random(2 * 100, 3).map((v) => 2 * v - 1), shape: [2, 100, 1, 1] };
  const [fast] = agree((t) => dcganGenerator(t, { features: 16 }), z, 1e-4);
  assert.deepEqual(fast.shape, [2, 3, 64, 64]);
  assert.ok(fast.data.every((v) => v >= -1 && v <= 1));
});

for (const scale of [2, 3]) {
  test(`ESPCN x${scale} (20x14 input)`, () => {
    const [fast] = agree((t) => espcn(t, { scale }), { data: random(3 * 20 * 14, 4), shape: [1, 3, 20, 14] }, 1e-4);
    assert.deepEqual(fast.shape, [1, 3, 20 * scale, 14 * scale]);
  });
}

test('the pixel shuffle as a transposed convolution moves map c r^2 + i r + j to pixel (r y + i, r x + j) of colour c', () => {
  for (const [channels, r, h, w] of [[3, 2, 3, 4], [2, 3, 2, 5], [1, 4, 1, 1]]) {
    const maps = channels * r * r;
    const x = Float32Array.from({ length: maps * h * w }, (_, i) => i + 1);
    const y = wc.convTranspose2d({ data: x, shape: [1, maps, h, w] }, pixelShuffleWeights(channels, r), { stride: r, groups: channels });
    assert.deepEqual(y.shape, [1, channels, h * r, w * r]);
    const expected = new Float32Array(y.data.length);
    for (let c = 0; c < channels; c++)
      for (let i = 0; i < r; i++)
        for (let j = 0; j < r; j++)
          for (let yy = 0; yy < h; yy++)
            for (let xx = 0; xx < w; xx++)
              expected[(c * h * r + yy * r + i) * w * r + xx * r + j] = x[((c * r * r + i * r + j) * h + yy) * w + xx];
    assert.deepEqual(y.data, expected);
  }
});

test('a convolution over a concatenation equals conv_A(a) as the residual of conv_B(b)', () => {
  const { weight, bias } = weightsFrom(7).conv(5, 6, 3);
  const [wa, wb] = splitInputChannels(weight, 2);
  assert.deepEqual([wa.shape, wb.shape], [[5, 2, 3, 3], [5, 4, 3, 3]]);
  const a = random(2 * 7 * 6, 5), b = random(4 * 7 * 6, 6);
  const joined = wc.conv2d({ data: Float32Array.of(...a, ...b), shape: [1, 6, 7, 6] }, weight, { bias, padding: 1, activation: 'relu' });
  const partial = wc.conv2d({ data: a, shape: [1, 2, 7, 6] }, wa, { padding: 1 });
  const summed = wc.conv2d({ data: b, shape: [1, 4, 7, 6] }, wb, { bias, padding: 1, activation: 'relu', residual: partial });
  joined.data.forEach((v, i) => assert.ok(Math.abs(v - summed.data[i]) <= 1e-5 * (1 + Math.abs(v)), `element ${i}: ${v} vs ${summed.data[i]}`));
  assert.ok(joined.data.some((v) => v > 0) && joined.data.some((v) => v === 0), 'the ReLU both passes and clips values');
});

test('the same seed gives the same network; another seed another one', () => {
  const [a, b, c] = [1, 1, 2].map((seed) => weightsFrom(seed).conv(4, 3, 3).weight.data);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});
