// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// wc.padding(): the begin / end padding the library resolves from 'same', 'valid' or a
// transposed outputShape. Passing it back as explicit padding (with the same output
// padding) must give the same op, value for value; pads from an outputShape that grows
// the output are negative and checked against the ONNX rule directly.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { product, rng } from './support/random.mjs';

const wc = await load();

// Draws from the seeded generator: an integer in [0, n), a random tensor of a shape.
function draws(seed) {
  const r = rng(seed);
  return { int: (n) => r.int(0, n - 1), tensor: (shape) => ({ data: r.tensor(product(shape)), shape }) };
}

test('padding() of same / valid / explicit convolution padding replays exactly', () => {
  const r = draws(Number(process.env.WASMCONV_SEED ?? 71));
  for (let it = 0; it < 300; it++) {
    const k = [1 + r.int(6), 1 + r.int(6)];
    const d = [1 + r.int(3), 1 + r.int(3)];
    const s = [1 + r.int(3), 1 + r.int(3)];
    const x = r.tensor([1, 2, d[0] * (k[0] - 1) + 1 + r.int(6), d[1] * (k[1] - 1) + 1 + r.int(6)]);
    const w = r.tensor([3, 2, ...k]);
    const padding = ['same', 'same_lower', 'valid', [r.int(3), r.int(3)]][r.int(4)];
    const options = { stride: s, dilation: d, padding };
    const pads = wc.padding('conv2d', x.shape, w.shape, options);
    const context = JSON.stringify({ x: x.shape, k, s, d, padding, pads });
    if (padding === 'valid') assert.deepEqual(pads, { begin: [0, 0], end: [0, 0] }, context);
    const y = wc.conv2d(x, w, options);
    assert.deepEqual(wc.conv2d(x, w, { stride: s, dilation: d, padding: pads }).data, y.data, context);
  }
});

test('padding() of a transposed outputShape follows the ONNX rule and replays where it is not negative', () => {
  const r = draws(Number(process.env.WASMCONV_SEED ?? 72));
  let replayed = 0;
  let negative = 0;
  for (let it = 0; it < 300; it++) {
    const k = 1 + r.int(5);
    const s = 1 + r.int(3);
    const d = 1 + r.int(2);
    const i = 1 + r.int(6);
    const op = r.int(Math.max(s, d));
    const K = d * (k - 1) + 1;
    const unpadded = (i - 1) * s + K;
    // Every reachable size: 1 .. unpadded + max(s, d) - 1.
    const o = 1 + r.int(unpadded + Math.max(s, d) - 1);
    const x = r.tensor([1, 1, i, i]);
    const w = r.tensor([1, 2, k, k]);
    const options = { stride: s, dilation: d, outputPadding: op, outputShape: [o, o] };
    const pads = wc.padding('convTranspose2d', x.shape, w.shape, options);
    // ONNX: total = s (i - 1) + output_padding + K - o; end = floor(total / 2), begin the rest.
    const total = unpadded + op - o;
    const context = JSON.stringify({ i, k, s, d, op, o, pads });
    assert.deepEqual(pads, { begin: [total - Math.floor(total / 2), total - Math.floor(total / 2)], end: [Math.floor(total / 2), Math.floor(total / 2)] }, context);
    if (Math.min(...pads.begin, ...pads.end) < 0) {
      negative++;
      continue;
    }
    const y = wc.convTranspose2d(x, w, options);
    assert.deepEqual(y.shape.slice(2), [o, o], context);
    assert.deepEqual(wc.convTranspose2d(x, w, { stride: s, dilation: d, outputPadding: op, padding: pads }).data, y.data, context);
    replayed++;
  }
  assert.ok(replayed > 100 && negative > 10, `replayed ${replayed}, negative ${negative}`);
});

test('padding() checks its arguments like the other shape helpers', () => {
  assert.throws(() => wc.padding('conv9d', [1, 1, 4, 4], [1, 1, 3, 3]), /padding: unknown op "conv9d"/);
  assert.throws(() => wc.padding('conv2d', [1, 1, 2, 2], [1, 1, 3, 3]), /padding: kernel 3 is larger than padded input 2 on axis H/);
  assert.throws(() => wc.padding('conv2d', [1, 1, 4, 4], [1, 1, 3, 3], { strides: 2 }), /unknown option "strides"/);
});
