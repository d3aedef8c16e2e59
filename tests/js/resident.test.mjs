// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Calls without per-call copies: `run(x, { output })` into a caller's array or a wasm tensor,
// and inputs kept in wasm memory (`wc.createTensor`). Results are bitwise those of the plain `run(x)` (the
// same kernels read the same values; only where they come from and go to differs), every
// misuse is a WasmconvError naming the problem, and memory growth between or during calls
// corrupts neither a tensor nor an output. Leaks are in memory.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';
import { product, rng } from './support/random.mjs';

const simd = await load();
const scalar = await load({ simd: false });
const random = rng(20261201);
const tensor = (shape) => ({ data: random.tensor(product(shape)), shape });

// [create function, weight shape, layer options, input shape]: conv and transposed, 1-D to
// 3-D, strided, dilated, grouped, depthwise, biased, and a 1x1 (the GEMM path).
const LAYERS = [
  ['createConv1d', [4, 3, 3], { padding: 1, stride: 2 }, [1, 3, 17]],
  ['createConv2d', [8, 3, 3, 3], { padding: 1, bias: random.tensor(8) }, [1, 3, 13, 11]],
  ['createConv2d', [16, 1, 3, 3], { padding: 1, groups: 16 }, [1, 16, 20, 20]],
  ['createConv2d', [8, 16, 1, 1], {}, [2, 16, 7, 9]],
  ['createConv2d', [6, 4, 3, 3], { padding: 2, dilation: 2 }, [1, 4, 16, 16]],
  ['createConv3d', [2, 2, 2, 3, 3], { stride: [1, 2, 2] }, [1, 2, 4, 7, 7]],
  ['createConvTranspose1d', [3, 2, 4], { stride: 2, padding: 1 }, [1, 3, 9]],
  ['createConvTranspose2d', [6, 4, 4, 4], { stride: 2, padding: 1 }, [1, 6, 8, 8]],
  ['createConvTranspose2d', [3, 1, 4, 4], { stride: 2, padding: 1, groups: 3 }, [1, 3, 10, 12]],
  ['createConvTranspose2d', [4, 2, 3, 3], { stride: 2, padding: 1, outputPadding: 1, bias: random.tensor(2) }, [1, 4, 6, 5]],
  ['createConvTranspose3d', [2, 2, 2, 2, 2], { stride: 2 }, [1, 2, 3, 3, 3]],
];

for (const wc of [simd, scalar]) {
  for (const [create, wShape, options, xShape] of LAYERS) {
    test(`${wc.arch} ${create} ${JSON.stringify(xShape)}: resident input and output array give run(x) exactly`, () => {
      const layer = wc[create](tensor(wShape), options);
      const x = tensor(xShape);
      const want = layer.run(x);
      const resident = wc.createTensor(x.data, x.shape);
      const output = new Float32Array(want.data.length).fill(NaN);
      try {
        assert.deepEqual(layer.run(resident).data, want.data);
        const into = layer.run(x, { output });
        assert.equal(into.data, output, 'the result is the caller\'s array');
        assert.deepEqual(into.shape, want.shape);
        assert.deepEqual(output, want.data);
        output.fill(NaN);
        assert.deepEqual(layer.run(resident, { output }).data, want.data);
        // The caller's array is overwritten whole on the next call, no stale values.
        const x2 = tensor(xShape);
        resident.write(x2.data);
        assert.deepEqual(layer.run(resident, { output }).data, layer.run(x2).data);
        assert.deepEqual(resident.read(), x2.data);
      } finally {
        resident.dispose();
        layer.dispose();
      }
    });
  }
}

test('the stateless functions take a resident input and an output array too', () => {
  const x = tensor([1, 4, 9, 9]);
  const w = tensor([4, 4, 3, 3]);
  const resident = simd.createTensor(x.data, x.shape);
  for (const [fn, options] of [['conv2d', { padding: 1, bias: random.tensor(4) }], ['convTranspose2d', { stride: 2, outputPadding: 1 }],
    ['conv2d', { stride: 2, backend: 'reference' }]]) {
    const want = simd[fn](x, w, options);
    assert.deepEqual(simd[fn](resident, w, options).data, want.data, fn);
    const output = new Float32Array(want.data.length);
    const got = simd[fn](resident, w, { ...options, output });
    assert.equal(got.data, output);
    assert.deepEqual(got.shape, want.shape);
    assert.deepEqual(output, want.data, fn);
  }
  resident.dispose();
});

for (const wc of [simd, scalar]) {
  test(`${wc.arch}: layers chain through wasm tensors with no copy, exactly as through arrays`, () => {
    // conv (depthwise 3x3, the in-place path) -> pointwise conv -> transposed conv.
    const a = wc.createConv2d(tensor([8, 1, 3, 3]), { padding: 1, groups: 8, bias: random.tensor(8) });
    const b = wc.createConv2d(tensor([6, 8, 1, 1]), {});
    const c = wc.createConvTranspose2d(tensor([6, 3, 4, 4]), { stride: 2, padding: 1 });
    const x = tensor([1, 8, 11, 23]);
    const want = c.run(b.run(a.run(x))).data;
    const input = wc.createTensor(x.data, x.shape);
    const mid1 = wc.createTensor(new Float32Array(8 * 11 * 23).fill(NaN), [1, 8, 11, 23]);
    const mid2 = wc.createTensor(new Float32Array(6 * 11 * 23).fill(NaN), [1, 6, 11, 23]);
    const out = wc.createTensor(new Float32Array(3 * 22 * 46).fill(NaN), [1, 3, 22, 46]);
    try {
      const got = c.run(b.run(a.run(input, { output: mid1 }), { output: mid2 }), { output: out });
      assert.equal(got, out, 'run returns its output tensor');
      assert.deepEqual(out.read(), want);
      // Again, into the same tensors (their old values must not leak into the new ones).
      const x2 = tensor(x.shape);
      input.write(x2.data);
      c.run(b.run(a.run(input, { output: mid1 }), { output: mid2 }), { output: out });
      assert.deepEqual(out.read(), c.run(b.run(a.run(x2))).data);
      // The stateless functions too.
      const w = tensor([5, 8, 3, 3]);
      const into = wc.createTensor(new Float32Array(5 * 6 * 12), [1, 5, 6, 12]);
      assert.equal(wc.conv2d(input, w, { stride: 2, padding: 1, output: into }), into);
      assert.deepEqual(into.read(), wc.conv2d(x2, w, { stride: 2, padding: 1 }).data);
      into.dispose();
    } finally {
      for (const v of [input, mid1, mid2, out]) v.dispose();
      for (const l of [a, b, c]) l.dispose();
    }
  });
}

test('a tensor owns a copy: changing the source, or what read() returned, leaves it unchanged', () => {
  const data = Float32Array.of(1, 2, 3, 4);
  const t = simd.createTensor(data, [1, 1, 2, 2]);
  data[0] = 100;
  const copy = t.read();
  assert.deepEqual(Array.from(copy), [1, 2, 3, 4]);
  copy[1] = 100;
  assert.deepEqual(Array.from(t.read()), [1, 2, 3, 4]);
  assert.deepEqual(t.shape, [1, 1, 2, 2]);
  assert.ok(Object.isFrozen(t.shape));
  t.dispose();
  assert.deepEqual(t.shape, [1, 1, 2, 2], 'the shape stays readable after dispose()');
});

test('memory growth between and during calls corrupts neither a tensor nor an output', () => {
  const layer = simd.createConv2d(tensor([4, 4, 3, 3]), { padding: 1 });
  const x = tensor([1, 4, 32, 32]);
  const t = simd.createTensor(x.data, x.shape);
  const want = layer.run(x).data;
  const output = new Float32Array(want.length);
  // Growth between calls: a tensor larger than the heap's free room forces it.
  const room = () => simd.memoryUsage().heapBytes - simd.memoryUsage().usedBytes;
  let heap = simd.memoryUsage().heapBytes;
  const fill = Math.ceil(room() / 4) + 262144;
  const filler = simd.createTensor(new Float32Array(fill), [fill]);
  assert.ok(simd.memoryUsage().heapBytes > heap, 'the heap grew');
  assert.deepEqual(t.read(), x.data);
  assert.deepEqual(layer.run(t, { output }).data, want);
  // Growth during a call: its output buffer does not fit in the free room.
  const bigLayer = simd.createConv2d(tensor([32, 4, 1, 1]));
  const bigX = tensor([1, 4, 512, 256]);
  const bigT = simd.createTensor(bigX.data, bigX.shape);
  const bigOut = new Float32Array(32 * 512 * 256);
  heap = simd.memoryUsage().heapBytes;
  assert.ok(bigOut.length * 4 > room(), 'the output must not fit without growing');
  bigLayer.run(bigT, { output: bigOut });
  assert.ok(simd.memoryUsage().heapBytes > heap, 'the heap grew during the call');
  assert.deepEqual(bigOut, bigLayer.run(bigX).data);
  assert.deepEqual(t.read(), x.data);
  assert.deepEqual(layer.run(t).data, want);
  for (const d of [filler, bigT, t, bigLayer, layer]) d.dispose();
});

test('tensors count toward memoryUsage() and setMemoryLimit()', () => {
  const before = simd.memoryUsage().usedBytes;
  const t = simd.createTensor(new Float32Array(1 << 18), [1 << 18]);
  assert.ok(simd.memoryUsage().usedBytes - before >= 1 << 20, 'a 1 MiB tensor is counted');
  t.dispose();
  assert.equal(simd.memoryUsage().usedBytes, before, 'dispose() gives it back');
  try {
    simd.setMemoryLimit(before + 65536);
    assert.throws(() => simd.createTensor(new Float32Array(1 << 18), [1 << 18]),
      (e) => e instanceof WasmconvError && e.code === 'out_of_memory' && /createTensor: allocating 1\.0 MiB would exceed the memory limit/.test(e.message));
    assert.equal(simd.memoryUsage().usedBytes, before);
  } finally {
    simd.setMemoryLimit(0);
  }
});

const w = tensor([3, 2, 3, 3]);
const x = tensor([1, 2, 6, 6]);
const layer = simd.createConv2d(w, { padding: 1 });
const expected = layer.run(x).data;
const disposed = simd.createTensor(x.data, x.shape);
disposed.dispose();
const foreign = scalar.createTensor(x.data, x.shape);
const t1d = simd.createTensor(new Float32Array(12), [2, 6]);  // a 1-D [C, L] signal
const good = simd.createTensor(x.data, x.shape);
const t = (shape) => tensor(shape);
const sameLayer = simd.createConv2d(t([2, 2, 3, 3]), { padding: 1 });  // output shape = input shape
const wrongShape = simd.createTensor(new Float32Array(108), [1, 3, 36]);
const disposedOut = simd.createTensor(new Float32Array(108), [1, 3, 6, 6]);
disposedOut.dispose();
const foreignOut = scalar.createTensor(new Float32Array(108), [1, 3, 6, 6]);

// [description, call, message pattern]
const MISUSES = [
  ['output of the wrong length', () => layer.run(x, { output: new Float32Array(107) }), /createConv2d: output has 107 values but the output shape \[1, 3, 6, 6\] needs 108/],
  ['output of the wrong type', () => layer.run(good, { output: new Float64Array(108) }), /createConv2d: output must be a Float32Array or a tensor made by createTensor, got Float64Array/],
  ['output as a plain array', () => layer.run(x, { output: [] }), /createConv2d: output must be a Float32Array or a tensor made by createTensor, got \[\]/],
  ['output as a { data, shape } tensor', () => layer.run(x, { output: { data: new Float32Array(108), shape: [1, 3, 6, 6] } }), /output must be a Float32Array or a tensor made by createTensor, got Object/],
  ['an output tensor of the wrong shape', () => layer.run(x, { output: wrongShape }), /createConv2d: output is a tensor of shape \[1, 3, 36\] but the output shape is \[1, 3, 6, 6\]/],
  ['a disposed output tensor', () => layer.run(x, { output: disposedOut }), /createConv2d: output is a tensor that was disposed/],
  ['an output tensor of the other build', () => simd.conv2d(x, w, { padding: 1, output: foreignOut }), /conv2d: output is a tensor of the other wasmconv build \(this is the SIMD one\)/],
  ['the input tensor as the output', () => sameLayer.run(good, { output: good }), /output is the input tensor: a convolution cannot overwrite its own input/],
  ['the input tensor as the stateless output', () => simd.conv2d(good, t([2, 2, 3, 3]), { padding: 1, output: good }), /conv2d: output is the input tensor/],
  ['unknown run option', () => layer.run(x, { out: new Float32Array(108) }), /createConv2d: unknown option "out" \(options are output, residual\)/],
  ['run options not an object', () => layer.run(x, 5), /createConv2d: options must be an object, got 5/],
  ['stateless output of the wrong length', () => simd.conv2d(x, w, { padding: 1, output: new Float32Array(3) }), /conv2d: output has 3 values but the output shape \[1, 3, 6, 6\] needs 108/],
  ['stateless unknown option next to output', () => simd.conv2d(x, w, { output: new Float32Array(48), strides: 2 }), /conv2d: unknown option "strides"/],
  ['a disposed input tensor', () => layer.run(disposed), /createConv2d: input is a tensor that was disposed/],
  ['a disposed input tensor, stateless', () => simd.conv2d(disposed, w), /conv2d: input is a tensor that was disposed/],
  ['a tensor of the other build', () => layer.run(foreign), /createConv2d: input is a tensor of the other wasmconv build \(this is the SIMD one\)/],
  ['a tensor of the wrong rank', () => layer.run(t1d), /createConv2d: input must have rank 4 \(N, C, H, W\) or 3 \(C, H, W\), got shape \[2, 6\]/],
  ['a tensor as the weight', () => simd.createConv2d(good), /createConv2d: weight must be a tensor \{ data: Float32Array, shape: number\[\] \}; a wasm tensor \(createTensor\) is accepted only as an input/],
  ['a tensor as the stateless weight', () => simd.conv2d(x, good), /conv2d: weight must be a tensor/],
  ['createTensor from a plain array', () => simd.createTensor([1, 2], [2]), /createTensor: data must be a Float32Array, got \[1, 2\]/],
  ['createTensor with a length mismatch', () => simd.createTensor(new Float32Array(5), [1, 2, 3]), /createTensor: data has 5 values but shape \[1, 2, 3\] needs 6/],
  // A 0 is a valid size (a tensor of no values); a negative one is not.
  ['createTensor with a bad size', () => simd.createTensor(new Float32Array(0), [1, -2]), /createTensor: tensor.shape\[1\] must be a non-negative integer, got -2/],
  ['createTensor without a shape', () => simd.createTensor(new Float32Array(4)), /createTensor: tensor.shape must be an array of sizes, got undefined/],
  ['write of the wrong length', () => good.write(new Float32Array(71)), /tensor.write: data has 71 values but the tensor's shape \[1, 2, 6, 6\] needs 72/],
  ['write of the wrong type', () => good.write(new Float64Array(72)), /tensor.write: data must be a Float32Array, got Float64Array/],
  ['write after dispose', () => disposed.write(x.data), /tensor.write: called after dispose\(\)/],
  ['read after dispose', () => disposed.read(), /tensor.read: called after dispose\(\)/],
  ['a second dispose', () => disposed.dispose(), /tensor.dispose: called after dispose\(\)/],
];

for (const [name, call, pattern] of MISUSES) {
  test(`rejects ${name}, and stays usable`, () => {
    const before = simd.memoryUsage().usedBytes;
    assert.throws(call, (e) => {
      assert.ok(e instanceof WasmconvError, `expected WasmconvError, got ${e && e.name}: ${e && e.message}`);
      assert.match(e.message, pattern);
      return true;
    });
    assert.equal(simd.memoryUsage().usedBytes, before, 'a rejected call holds no memory');
    assert.deepEqual(layer.run(good).data, expected);
    assert.deepEqual(good.read(), x.data, 'a rejected write leaves the tensor as it was');
  });
}

test('a rejected output is left untouched', () => {
  const output = new Float32Array(10).fill(7);
  assert.throws(() => layer.run(x, { output }), /output has 10 values/);
  assert.deepEqual(Array.from(output), new Array(10).fill(7));
});
