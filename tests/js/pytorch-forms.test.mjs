// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The input forms PyTorch accepts, in every op, in layers and in the shape helpers:
// an unbatched input ([C, L], [C, H, W], [C, D, H, W]) gives an unbatched output with the
// values of the batch-of-1 call, and a batch of 0 gives an empty result of the right shape,
// after the same validation as any other batch.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';
import { naiveConv } from './support/naive.mjs';
import { product, relativeError, rng } from './support/random.mjs';
import { testThreads } from './support/threads.mjs';

const builds = [await load({ simd: true, threads: testThreads() }), await load({ simd: false })];
const random = rng(20260107);
const tensor = (shape) => ({ data: random.tensor(product(shape)), shape });

// One case per op: channels, groups, stride, padding and bias all in play, so that a batch
// axis dropped or kept in the wrong place shows up in the values.
const CASES = [
  { op: 'conv1d', c: 4, spatial: [11], w: [6, 2, 3], options: { stride: 2, padding: 1, groups: 2 } },
  { op: 'conv2d', c: 3, spatial: [7, 9], w: [5, 3, 3, 2], options: { stride: [2, 1], padding: [1, 0], dilation: [1, 2] } },
  { op: 'conv3d', c: 2, spatial: [4, 5, 6], w: [4, 1, 2, 3, 3], options: { groups: 2, padding: 'same' } },
  { op: 'convTranspose1d', c: 4, spatial: [6], w: [4, 3, 3], options: { stride: 2, padding: 1, outputPadding: 1 } },
  { op: 'convTranspose2d', c: 2, spatial: [5, 4], w: [2, 3, 3, 3], options: { stride: 2, outputShape: [10, 8], groups: 2 } },
  { op: 'convTranspose3d', c: 3, spatial: [3, 4, 3], w: [3, 2, 2, 3, 2], options: { stride: [1, 2, 2], padding: 'same' } },
];

const create = (op) => `create${op[0].toUpperCase()}${op.slice(1)}`;
const withBias = (c, w) => {
  const outChannels = c.op.startsWith('convTranspose') ? w.shape[1] * (c.options.groups ?? 1) : w.shape[0];
  return { ...c.options, bias: random.tensor(outChannels) };
};

for (const wc of builds) {
  const build = wc.simd ? 'SIMD' : 'scalar';

  for (const c of CASES) {
    test(`${c.op} (${build}): an unbatched input gives the batch-of-1 values without the batch axis`, () => {
      const w = tensor(c.w);
      const options = withBias(c, w);
      const x = tensor([c.c, ...c.spatial]);
      const batched = wc[c.op]({ data: x.data, shape: [1, ...x.shape] }, w, options);
      assert.equal(batched.shape[0], 1);
      const expectedShape = batched.shape.slice(1);

      const y = wc[c.op](x, w, options);
      assert.deepEqual(y.shape, expectedShape);
      assert.deepEqual(y.data, batched.data);

      // The shape helpers follow the input's form.
      assert.deepEqual(wc.outputShape(c.op, x.shape, w.shape, options), expectedShape);
      assert.deepEqual(wc.outputShape(c.op, [1, ...x.shape], w.shape, options), batched.shape);
      assert.equal(wc.macs(c.op, x.shape, w.shape, options), wc.macs(c.op, [1, ...x.shape], w.shape, options));
      assert.deepEqual(wc.padding(c.op, x.shape, w.shape, options), wc.padding(c.op, [1, ...x.shape], w.shape, options));

      // A wasm tensor input, and both kinds of `output`, of the unbatched shape.
      const xt = wc.createTensor(x.data, x.shape);
      const yt = wc.createTensor(new Float32Array(y.data.length), expectedShape);
      try {
        assert.deepEqual(wc[c.op](xt, w, options).data, batched.data);
        const array = new Float32Array(y.data.length).fill(NaN);
        const intoArray = wc[c.op](xt, w, { ...options, output: array });
        assert.equal(intoArray.data, array);
        assert.deepEqual(intoArray.shape, expectedShape);
        assert.deepEqual(array, batched.data);
        assert.equal(wc[c.op](x, w, { ...options, output: yt }), yt);
        assert.deepEqual(yt.read(), batched.data);
        // An output tensor of the batched shape is not the unbatched output.
        const batchedOut = wc.createTensor(new Float32Array(y.data.length), batched.shape);
        assert.throws(() => wc[c.op](x, w, { ...options, output: batchedOut }),
          new RegExp(`output is a tensor of shape \\[${batched.shape.join(', ')}\\] but the output shape is \\[${expectedShape.join(', ')}\\]`));
        batchedOut.dispose();
      } finally {
        xt.dispose();
        yt.dispose();
      }
    });

    test(`${c.op} (${build}): each sample of a batch equals the unbatched call on it`, () => {
      const w = tensor(c.w);
      const options = withBias(c, w);
      const x = tensor([2, c.c, ...c.spatial]);
      const y = wc[c.op](x, w, options);
      const half = x.data.length / 2;
      const outHalf = y.data.length / 2;
      for (let n = 0; n < 2; n++) {
        const one = wc[c.op]({ data: x.data.slice(n * half, (n + 1) * half), shape: x.shape.slice(1) }, w, options);
        assert.deepEqual(one.shape, y.shape.slice(1));
        // The kernels may block a batch differently from one sample: float rounding only.
        assert.ok(relativeError(one.data, y.data.subarray(n * outHalf, (n + 1) * outHalf)) < 1e-5, `sample ${n}`);
      }
    });

    test(`${c.op} (${build}): a layer runs unbatched inputs`, () => {
      const w = tensor(c.w);
      const options = withBias(c, w);
      const x = tensor([c.c, ...c.spatial]);
      const layer = wc[create(c.op)](w, options);
      try {
        const batched = layer.run({ data: x.data, shape: [1, ...x.shape] });
        const expectedShape = batched.shape.slice(1);
        assert.deepEqual(layer.outputShape(x.shape), expectedShape);
        const y = layer.run(x);  // the same input size as the batched run: a cached plan
        assert.deepEqual(y.shape, expectedShape);
        assert.deepEqual(y.data, batched.data);
        assert.deepEqual(y.data, wc[c.op](x, w, options).data);
        // And back to batched, then into a caller's array and a wasm tensor.
        assert.deepEqual(layer.run({ data: x.data, shape: [1, ...x.shape] }).shape, batched.shape);
        const array = new Float32Array(y.data.length);
        assert.equal(layer.run(x, { output: array }).data, array);
        assert.deepEqual(array, batched.data);
        const xt = wc.createTensor(x.data, x.shape);
        const yt = wc.createTensor(new Float32Array(y.data.length), expectedShape);
        assert.equal(layer.run(xt, { output: yt }), yt);
        assert.deepEqual(yt.read(), batched.data);
        xt.dispose();
        yt.dispose();
      } finally {
        layer.dispose();
      }
    });

    test(`${c.op} (${build}): a batch of 0 gives an empty result of the right shape`, () => {
      const w = tensor(c.w);
      const options = withBias(c, w);
      const one = wc.outputShape(c.op, [1, c.c, ...c.spatial], w.shape, options);
      const empty = { data: new Float32Array(0), shape: [0, c.c, ...c.spatial] };
      const expectedShape = [0, ...one.slice(1)];
      const before = wc.memoryUsage().usedBytes;

      const y = wc[c.op](empty, w, options);
      assert.deepEqual(y.shape, expectedShape);
      assert.ok(y.data instanceof Float32Array);
      assert.equal(y.data.length, 0);
      assert.deepEqual(wc.outputShape(c.op, empty.shape, w.shape, options), expectedShape);
      assert.equal(wc.macs(c.op, empty.shape, w.shape, options), 0);
      for (const backend of ['reference', 'simd']) {
        assert.deepEqual(wc[c.op](empty, w, { ...options, backend }).shape, expectedShape);
      }
      // `output` of length 0, and wasm tensors of no values as input and output.
      const array = new Float32Array(0);
      assert.equal(wc[c.op](empty, w, { ...options, output: array }).data, array);
      const xt = wc.createTensor(empty.data, empty.shape);
      const yt = wc.createTensor(new Float32Array(0), expectedShape);
      assert.equal(wc[c.op](xt, w, { ...options, output: yt }), yt);
      assert.equal(yt.read().length, 0);
      assert.deepEqual(wc[c.op](xt, w, options).shape, expectedShape);

      // A layer: empty, then a real batch, then empty again.
      const layer = wc[create(c.op)](w, options);
      assert.deepEqual(layer.outputShape(empty.shape), expectedShape);
      const layerEmpty = layer.run(empty);
      assert.deepEqual(layerEmpty.shape, expectedShape);
      assert.equal(layerEmpty.data.length, 0);
      const x = tensor([1, c.c, ...c.spatial]);
      assert.deepEqual(layer.run(x).data, wc[c.op](x, w, options).data);
      assert.equal(layer.run(xt, { output: yt }), yt);
      layer.dispose();
      xt.dispose();
      yt.dispose();
      assert.equal(wc.memoryUsage().usedBytes, before, 'empty batches hold no memory');
    });

    test(`${c.op} (${build}): a batch of 0 is validated like any other`, () => {
      const w = tensor(c.w);
      const options = withBias(c, w);
      const empty = { data: new Float32Array(0), shape: [0, c.c, ...c.spatial] };
      const nd = c.spatial.length;
      const bad = [
        [{ ...options, stride: 0 }, /stride on axis (L|D|H) must be an integer from 1 to 2147483647, got 0/],
        [{ ...options, bias: new Float32Array(1) }, /bias has 1 values but there are \d+ output channels/],
        [{ ...options, groups: 7 }, /groups 7 does not divide the input channels/],
        [{ ...options, output: new Float32Array(1) }, /output has 1 values but the output shape \[0, .*\] needs 0/],
      ];
      if (c.op.startsWith('convTranspose')) {
        bad.push([{ ...options, paddingMode: 'circular' }, /transposed convolution supports only zero padding/]);
      } else {
        bad.push([{ ...options, padding: 99, paddingMode: 'reflect' }, /reflect padding 99 on axis \w must be less than the input size/]);
      }
      for (const [opts, pattern] of bad) {
        assert.throws(() => wc[c.op](empty, w, opts), (e) => e instanceof WasmconvError && pattern.test(e.message), `${JSON.stringify(Object.keys(opts))}: ${pattern}`);
      }
      // Channels that do not match the weights.
      const channels = c.c + (c.options.groups ?? 1);
      assert.throws(() => wc[c.op]({ data: new Float32Array(0), shape: [0, channels, ...c.spatial] }, w, options),
        /weight shape\[[01]\] is \d+ but/);
      // A layer with a bad option refuses an empty batch too (at creation or at the run).
      let layer;
      assert.throws(() => {
        layer = wc[create(c.op)](w, { ...options, stride: new Array(nd).fill(0) });
        layer.run(empty);
      }, /stride on axis \w must be an integer from 1/);
      if (layer) {
        assert.throws(() => layer.outputShape(empty.shape), /stride on axis \w must be an integer from 1/);
        layer.dispose();
      }
    });
  }

  test(`conv2d (${build}): unbatched values match a plain JavaScript convolution`, () => {
    const x = tensor([3, 6, 7]);
    const w = tensor([4, 3, 3, 3]);
    const bias = random.tensor(4);
    const y = wc.conv2d(x, w, { stride: [1, 2], padding: 1, bias });
    const want = naiveConv({ data: x.data, shape: [1, ...x.shape] }, w, { stride: [1, 2], begin: [1, 1], end: [1, 1], bias });
    assert.deepEqual(y.shape, want.shape.slice(1));
    assert.ok(relativeError(y.data, want.data) < 1e-5);
  });
}

test('createTensor accepts a 0 in the shape: a tensor of no values', () => {
  const wc = builds[0];
  const before = wc.memoryUsage().usedBytes;
  for (const shape of [[0], [2, 0, 3], [0, 3, 4, 4]]) {
    const t = wc.createTensor(new Float32Array(0), shape);
    assert.deepEqual(t.shape, shape);
    assert.deepEqual(t.read(), new Float32Array(0));
    t.write(new Float32Array(0));
    assert.throws(() => t.write(new Float32Array(1)), /tensor.write: data has 1 values but the tensor's shape \[.*\] needs 0/);
    t.dispose();
  }
  assert.throws(() => wc.createTensor(new Float32Array(3), [0, 3]), /createTensor: data has 3 values but shape \[0, 3\] needs 0/);
  assert.equal(wc.memoryUsage().usedBytes, before);
});

test('convMatrix takes an unbatched xShape; its matrix is that of the batch of 1', () => {
  const wc = builds[0];
  const w = tensor([2, 1, 3]);
  const unbatched = wc.convMatrix('conv1d', [1, 5], w, { padding: 1 });
  const batched = wc.convMatrix('conv1d', [1, 1, 5], w, { padding: 1 });
  assert.deepEqual(unbatched, batched);
  assert.equal(unbatched.cols, 5);
  assert.throws(() => wc.convMatrix('conv1d', [0, 1, 5], w), /convMatrix: the convolution matrix needs batch 1, got 0/);
});
