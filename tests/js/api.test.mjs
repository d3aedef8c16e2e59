// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The JS API: every function, every option form, 1-D to 3-D, ownership of results, layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, relaxedSimdSupported } from '../../bindings/js/node.js';
import { product, relativeError, rng } from './support/random.mjs';

const wc = await load();
// npm test also runs this file with Node's relaxed-SIMD flag, where load() picks that build.
const simdBuild = relaxedSimdSupported()
  ? { arch: 'wasm-simd128+relaxed-madd', file: 'wasmconv-relaxed.wasm' }
  : { arch: 'wasm-simd128', file: 'wasmconv-simd.wasm' };
const tensor = (shape, f = (i) => i + 1) => ({ data: Float32Array.from({ length: product(shape) }, (_, i) => f(i)), shape });

test('load picks SIMD here, caches, and simd:false gives the scalar build', async () => {
  assert.equal(wc.simd, true);
  assert.equal(wc.arch, simdBuild.arch);
  assert.equal(await load(), wc);
  const scalar = await load({ simd: false });
  assert.equal(scalar.simd, false);
  assert.equal(scalar.arch, 'scalar');
  await assert.rejects(load({ simd: 'yes' }), /simd must be true, false or 'auto'/);
  await assert.rejects(load({ wasmPaths: 'x' }), /unknown option 'wasmPaths'/);
  // Loading from elsewhere: a folder (wasmPath), a file (wasmUrl); failures say what to do.
  const dist = new URL('../../dist/', import.meta.url);
  assert.equal((await load({ wasmPath: dist.href })).arch, simdBuild.arch);
  assert.equal((await load({ simd: false, wasmPath: dist.href })).arch, 'scalar');
  assert.equal((await load({ simd: false, wasmUrl: new URL('wasmconv-scalar.wasm', dist) })).arch, 'scalar');
  await assert.rejects(load({ wasmPath: new URL('missing/', dist).href }), (e) =>
    e.code === 'load_failed' && e.message.includes(`could not instantiate ${simdBuild.file}`) && /wasmPath/.test(e.message));
});

test('conv2d: a 3x3 box over 4x4 and the padding forms', () => {
  const x = tensor([1, 1, 4, 4]);
  const w = tensor([1, 1, 3, 3], () => 1);
  assert.deepEqual(Array.from(wc.conv2d(x, w).data), [54, 63, 90, 99]);
  const same = wc.conv2d(x, w, { padding: 1 });
  assert.deepEqual(same.shape, [1, 1, 4, 4]);
  assert.equal(same.data[0], 1 + 2 + 5 + 6);
  assert.deepEqual(wc.conv2d(x, w, { padding: 'same' }).data, same.data);
  assert.deepEqual(wc.conv2d(x, w, { padding: [1, 1] }).data, same.data);
  assert.deepEqual(wc.conv2d(x, w, { padding: { begin: [1, 1], end: [1, 1] } }).data, same.data);
  assert.deepEqual(wc.conv2d(x, w, { padding: 'valid' }).shape, [1, 1, 2, 2]);
  // Asymmetric: only the top row padded.
  const top = wc.conv2d(x, w, { padding: { begin: [1, 0], end: [0, 0] } });
  assert.deepEqual(top.shape, [1, 1, 3, 2]);
  assert.equal(top.data[0], 1 + 2 + 3 + 5 + 6 + 7);
  // Per-axis stride and dilation.
  assert.deepEqual(wc.conv2d(tensor([1, 1, 5, 7]), w, { stride: [2, 3] }).shape, [1, 1, 2, 2]);
  assert.deepEqual(wc.conv2d(tensor([1, 1, 9, 9]), w, { dilation: 4 }).data, Float32Array.from([1 + 5 + 9 + 37 + 41 + 45 + 73 + 77 + 81]));
});

test('bias, groups, depthwise with a channel multiplier', () => {
  const x = tensor([1, 2, 1, 2]);
  const y = wc.conv2d(x, tensor([4, 1, 1, 1]), { groups: 2, bias: Float32Array.from([0, 10, 20, 30]) });
  assert.deepEqual(Array.from(y.data), [1, 2, 12, 14, 29, 32, 42, 46]);
});

test('padding modes on a 1-D signal', () => {
  const x = tensor([1, 1, 4]);
  const one = tensor([1, 1, 1], () => 1);
  const pad = { padding: 2 };
  assert.deepEqual(Array.from(wc.conv1d(x, one, { ...pad, paddingMode: 'reflect' }).data), [3, 2, 1, 2, 3, 4, 3, 2]);
  assert.deepEqual(Array.from(wc.conv1d(x, one, { ...pad, paddingMode: 'replicate' }).data), [1, 1, 1, 2, 3, 4, 4, 4]);
  assert.deepEqual(Array.from(wc.conv1d(x, one, { ...pad, paddingMode: 'circular' }).data), [3, 4, 1, 2, 3, 4, 1, 2]);
  assert.deepEqual(Array.from(wc.conv1d(x, one, { ...pad, paddingMode: 'zeros' }).data), [0, 0, 1, 2, 3, 4, 0, 0]);
});

test('convTranspose: stride, padding, outputPadding, outputShape, same', () => {
  const x = { data: Float32Array.from([1, 2]), shape: [1, 1, 2] };
  const k = { data: Float32Array.from([1, 10, 100]), shape: [1, 1, 3] };
  assert.deepEqual(Array.from(wc.convTranspose1d(x, k, { stride: 2 }).data), [1, 10, 102, 20, 200]);
  assert.deepEqual(Array.from(wc.convTranspose1d(x, k, { stride: 2, padding: 1 }).data), [10, 102, 20]);
  assert.deepEqual(Array.from(wc.convTranspose1d(x, k, { stride: 2, padding: 1, outputPadding: 1 }).data), [10, 102, 20, 200]);
  assert.deepEqual(wc.convTranspose1d(x, k, { stride: 2, outputShape: [4] }).shape, [1, 1, 4]);
  assert.deepEqual(wc.convTranspose2d(tensor([1, 1, 3, 3]), tensor([1, 1, 3, 3]), { stride: 2, padding: 'same' }).shape, [1, 1, 6, 6]);
  // 2x2 -> 4x4 with a 3x3 kernel: C^T of the 4x4 -> 2x2 convolution.
  assert.deepEqual(wc.convTranspose2d(tensor([1, 1, 2, 2]), tensor([1, 1, 3, 3])).shape, [1, 1, 4, 4]);
});

test('3-D ops and batches', () => {
  const y = wc.conv3d(tensor([2, 1, 2, 2, 2]), tensor([1, 1, 2, 2, 2], () => 1));
  assert.deepEqual(y.shape, [2, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(y.data), [36, 100]);
  assert.deepEqual(wc.convTranspose3d(tensor([1, 2, 2, 2, 2]), tensor([2, 3, 2, 2, 2]), { stride: 2 }).shape, [1, 3, 4, 4, 4]);
});

test('results own their memory', () => {
  const x = tensor([1, 1, 8, 8]);
  const w = tensor([1, 1, 3, 3]);
  const first = wc.conv2d(x, w);
  const copy = first.data.slice();
  for (let i = 0; i < 20; i++) wc.conv2d(tensor([1, 4, 64, 64]), tensor([4, 4, 3, 3]));
  assert.deepEqual(first.data, copy);
  assert.notEqual(first.data.buffer, wc.conv2d(x, w).data.buffer);
});

test('backends agree: fast kernels, simple SIMD path, reference', () => {
  const r = rng(3);
  for (const [xs, ws, opts] of [
    [[1, 16, 20, 20], [16, 16, 3, 3], { padding: 1 }],
    [[1, 8, 13, 11], [12, 8, 3, 3], { stride: 2, dilation: [1, 2] }],
    [[1, 6, 9, 9], [6, 1, 5, 5], { groups: 6, padding: 2, paddingMode: 'reflect' }],
  ]) {
    const x = { data: r.tensor(product(xs)), shape: xs };
    const w = { data: r.tensor(product(ws)), shape: ws };
    const ref = wc.conv2d(x, w, { ...opts, backend: 'reference' });
    assert.ok(relativeError(wc.conv2d(x, w, opts).data, ref.data) < 1e-4);
    assert.ok(relativeError(wc.conv2d(x, w, { ...opts, backend: 'simd' }).data, ref.data) < 1e-5);
  }
});

test('layers pack once and run on inputs of different sizes', () => {
  const r = rng(9);
  const w = { data: r.tensor(8 * 4 * 9), shape: [8, 4, 3, 3] };
  const bias = r.tensor(8);
  const layer = wc.createConv2d(w, { padding: 1, bias });
  for (const shape of [[1, 4, 10, 10], [2, 4, 5, 17]]) {
    const x = { data: r.tensor(product(shape)), shape };
    const want = wc.conv2d(x, w, { padding: 1, bias, backend: 'reference' });
    const got = layer.run(x);
    assert.deepEqual(got.shape, want.shape);
    assert.ok(relativeError(got.data, want.data) < 1e-4);
    assert.deepEqual(layer.outputShape(shape), want.shape);
  }
  layer.dispose();
  assert.throws(() => layer.run({ data: new Float32Array(400), shape: [1, 4, 10, 10] }), /after dispose/);
  assert.throws(() => layer.dispose(), /after dispose/);
  const up = wc.createConvTranspose2d({ data: r.tensor(4 * 2 * 16), shape: [4, 2, 4, 4] }, { stride: 2, padding: 1 });
  assert.deepEqual(up.run({ data: r.tensor(4 * 9), shape: [1, 4, 3, 3] }).shape, [1, 2, 6, 6]);
  up.dispose();
});

test('layers reuse the plan of a repeated input size, and results stay independent', () => {
  const r = rng(10);
  const w = { data: r.tensor(6 * 8), shape: [6, 8, 1, 1] };
  const layer = wc.createConv2d(w);
  // A, A, B, A: the remembered plan must follow the shape, never a stale one.
  for (const shape of [[1, 8, 5, 7], [1, 8, 5, 7], [2, 8, 3, 3], [1, 8, 5, 7]]) {
    const x = { data: r.tensor(product(shape)), shape };
    const want = wc.conv2d(x, w, { backend: 'reference' });
    const got = layer.run(x);
    assert.deepEqual(got.shape, want.shape);
    assert.ok(relativeError(got.data, want.data) < 1e-5);
    got.shape[1] = 99; // the caller owns the shape array: the next result must not see this
  }
  const x = { data: r.tensor(8 * 35), shape: [1, 8, 5, 7] };
  assert.deepEqual(layer.run(x).shape, [1, 6, 5, 7]);
  assert.throws(() => layer.run({ data: new Float32Array(8 * 35), shape: [1, 7, 5, 8] }), /channels/);
  assert.deepEqual(layer.run(x).shape, [1, 6, 5, 7]);
  layer.dispose();
});

test('shape helpers', () => {
  assert.deepEqual(wc.outputShape('conv2d', [1, 3, 25, 25], [8, 3, 5, 5], { stride: 2 }), [1, 8, 11, 11]);
  assert.deepEqual(wc.outputShape('convTranspose2d', [1, 8, 4, 4], [8, 3, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }), [1, 3, 8, 8]);
  assert.equal(wc.macs('conv2d', [1, 1, 4, 4], [1, 1, 3, 3]), 36);
  assert.equal(wc.paramCount('conv2d', [32, 16, 3, 3], { bias: true }), 4640);
  assert.equal(wc.paramCount('convTranspose2d', [16, 32, 3, 3]), 4608);
  assert.equal(wc.paramCount('conv2d', [32, 1, 3, 3], { groups: 32, bias: true }), 320);
  const m = wc.convMatrix('conv1d', [1, 1, 6], { data: Float32Array.from([1, 2]), shape: [1, 1, 2] }, { stride: 2 });
  assert.equal(m.rows, 3);
  assert.equal(m.cols, 6);
  assert.deepEqual(Array.from(m.data), [1, 2, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 2]);
});
