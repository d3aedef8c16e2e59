// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Choosing among the three builds (relaxed SIMD, SIMD, scalar) and the relaxed-SIMD build's
// results. npm test runs this file twice: in plain Node 20, which has no relaxed SIMD, and
// with --experimental-wasm-relaxed-simd, where load() picks the relaxed build by default;
// each test below that needs one of the two engines says so and is skipped on the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, relaxedSimdSupported } from '../../bindings/js/node.js';
import { product, relativeError, rng } from './support/random.mjs';

const relaxed = relaxedSimdSupported();

test('without relaxed SIMD: the SIMD build, and relaxed: true says what is missing', { skip: relaxed && 'this engine has relaxed SIMD' }, async () => {
  const wc = await load();
  assert.equal(wc.relaxed, false);
  assert.equal(wc.arch, 'wasm-simd128');
  assert.equal(await load({ relaxed: 'auto' }), wc);
  assert.equal(await load({ relaxed: false }), wc);
  await assert.rejects(load({ relaxed: true }), /relaxed: true was asked for, but this engine does not support relaxed SIMD \(Node 20 needs --experimental-wasm-relaxed-simd\)/);
});

test('load options: relaxed must be true, false or auto, and cannot go with simd: false', async () => {
  await assert.rejects(load({ relaxed: 'yes' }), /relaxed must be true, false or 'auto'/);
  await assert.rejects(load({ simd: false, relaxed: true }), /relaxed: true needs the SIMD build/);
  assert.equal((await load({ simd: false, relaxed: 'auto' })).arch, 'scalar');
  assert.equal((await load({ simd: false })).relaxed, false);
});

test('with relaxed SIMD: load() picks the relaxed build, relaxed: false the plain one', { skip: !relaxed && 'no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)' }, async () => {
  const wc = await load();
  assert.equal(wc.simd, true);
  assert.equal(wc.relaxed, true);
  assert.equal(wc.arch, 'wasm-simd128+relaxed-madd');
  assert.equal(await load({ relaxed: true }), wc);
  assert.equal(await load({ simd: true }), wc);
  const plain = await load({ relaxed: false });
  assert.equal(plain.relaxed, false);
  assert.equal(plain.arch, 'wasm-simd128');
  // A tensor lives in one build's memory: the other build says so.
  const t = wc.createTensor(new Float32Array(4), [1, 1, 2, 2]);
  const w = { data: new Float32Array([1]), shape: [1, 1, 1, 1] };
  assert.throws(() => plain.conv2d(t, w), /input is a tensor of the other wasmconv build \(this is the SIMD one\)/);
  assert.throws(() => wc.conv2d(plain.createTensor(new Float32Array(4), [1, 1, 2, 2]), w),
    /input is a tensor of the other wasmconv build \(this is the relaxed-SIMD one\)/);
  t.dispose();
  // Loaded from a folder too (wasmPath names the relaxed file).
  const dist = new URL('../../dist/', import.meta.url);
  assert.equal((await load({ wasmPath: dist.href })).arch, 'wasm-simd128+relaxed-madd');
  await assert.rejects(load({ wasmPath: new URL('missing/', dist).href }), /could not instantiate wasmconv-relaxed.wasm/);
});

// Settings that reach every fast path the fused multiply-add is in: the GEMM microkernel
// (pointwise, strided, 3-D, transposed by sub-pixel and the k = s panel), Winograd's tile
// GEMMs, the 3x3 and general depthwise kernels, the few-channel row path and the scatter
// path. Sizes cross the tiles' edges (8-pixel GEMM tiles, 4-lane vectors).
const SETTINGS = [
  ['conv2d', [1, 32, 13, 11], [20, 32, 1, 1], {}],
  ['conv2d', [1, 16, 19, 17], [12, 16, 3, 3], { stride: 2, padding: 1 }],
  ['conv2d', [2, 8, 15, 14], [9, 8, 3, 3], { padding: 1 }],
  ['conv2d', [1, 8, 16, 16], [8, 8, 3, 3], { padding: 2, dilation: 2 }],
  ['conv2d', [1, 12, 17, 23], [12, 1, 3, 3], { padding: 1, groups: 12 }],
  ['conv2d', [1, 6, 21, 18], [12, 1, 5, 5], { stride: 2, padding: { begin: [2, 1], end: [0, 2] }, groups: 6 }],
  ['conv2d', [1, 3, 30, 29], [2, 3, 7, 7], { padding: 3 }],
  ['conv1d', [1, 4, 301], [3, 4, 9], { stride: 2, dilation: 3, padding: 'same' }],
  ['conv3d', [1, 4, 6, 7, 9], [8, 4, 3, 3, 3], { padding: 1 }],
  ['convTranspose2d', [1, 16, 9, 10], [16, 8, 2, 2], { stride: 2 }],
  ['convTranspose2d', [1, 12, 8, 7], [12, 10, 4, 4], { stride: 2, padding: 1 }],
  ['convTranspose2d', [1, 8, 11, 9], [8, 6, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }],
  ['convTranspose2d', [1, 6, 10, 10], [6, 4, 3, 3], { stride: 2, padding: 2, dilation: 2 }],
  ['convTranspose2d', [1, 3, 17, 15], [3, 1, 4, 4], { stride: 2, padding: 1, groups: 3 }],
  ['convTranspose1d', [1, 2, 257], [2, 1, 8], { stride: 4 }],
  ['convTranspose3d', [1, 4, 4, 5, 6], [4, 6, 3, 3, 3], { stride: 2, padding: 1 }],
];

test('the relaxed build matches the reference on every fast path', { skip: !relaxed && 'no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)' }, async () => {
  const wc = await load({ relaxed: true });
  const plain = await load({ relaxed: false });
  const r = rng(20261206);
  const random = (shape) => ({ data: Float32Array.from({ length: product(shape) }, () => r.next() - 0.5), shape });
  let differs = 0;
  for (const [fn, xShape, wShape, options] of SETTINGS) {
    const x = random(xShape), w = random(wShape);
    const bias = Float32Array.from({ length: fn.startsWith('convTranspose') ? wShape[1] * (options.groups ?? 1) : wShape[0] }, () => r.next());
    const ref = wc[fn](x, w, { ...options, bias, backend: 'reference' });
    const got = wc[fn](x, w, { ...options, bias });
    const err = relativeError(got.data, ref.data);
    assert.ok(err <= 1e-5, `${fn} x ${xShape} w ${wShape} ${JSON.stringify(options)}: relative error ${err}`);
    // A layer gives the stateless function's answer.
    const layerFn = `create${fn[0].toUpperCase()}${fn.slice(1)}`;
    const layer = wc[layerFn](w, { ...options, bias });
    assert.deepEqual(layer.run(x).data, got.data);
    layer.dispose();
    const plainOut = plain[fn](x, w, { ...options, bias }).data;
    if (plainOut.some((v, i) => v !== got.data[i])) differs++;
  }
  // On a CPU with FMA the engine fuses, so most settings round differently from the plain
  // build: the relaxed build really is a different computation, not the same one renamed.
  assert.ok(differs >= SETTINGS.length / 2, `only ${differs} of ${SETTINGS.length} settings differ from the plain SIMD build`);
});
