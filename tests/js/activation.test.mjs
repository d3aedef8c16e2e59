// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The `activation` option and the `residual` input (conv -> + bias -> + residual ->
// activation): every activation with and without a residual, for every op, stateless (each
// backend) and as a layer, in the SIMD (relaxed-SIMD under Node's flag, as scripts/test.sh
// also runs this file) and the scalar build, against a plain-JS composition
// of the op without them; zero-copy chaining; tfjs's fused.conv2d where it has the
// activation; every error message.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { load } from '../../bindings/js/node.js';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';
import { testThreads } from './support/threads.mjs';

const builds = [await load({ threads: testThreads() }), await load({ simd: false })];
const wc = builds[0];

// erf by its Taylor series (error below 1e-10 for |x| < 4); beyond, erfc(4) < 2e-8.
function erf(x) {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 4) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

// The formulas of the documentation, in double.
const clampTo = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);
const FORMULAS = {
  relu: (v) => (v < 0 ? 0 : v),
  relu6: (v) => clampTo(v, 0, 6),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
  hardSwish: (v) => (v * clampTo(v + 3, 0, 6)) / 6,
  silu: (v) => v / (1 + Math.exp(-v)),
  gelu: (v) => v * 0.5 * (1 + erf(v / Math.SQRT2)),
};
function formula(activation) {
  if (typeof activation === 'string') return FORMULAS[activation];
  if (activation.clamp) return (v) => clampTo(v, activation.clamp[0], activation.clamp[1]);
  return (v) => (v < 0 ? activation.leakyRelu * v : v);
}
const ACTIVATIONS = [...Object.keys(FORMULAS), { clamp: [-0.5, 2] }, { leakyRelu: 0.1 }, { leakyRelu: -1.5 }];
const label = (a) => JSON.stringify(a);

// Shapes that reach every kernel: the row path, GEMM, Winograd, depthwise, sub-pixel; groups,
// batches, strides, dilations, padding modes, unbatched inputs.
const SETTINGS = [
  { op: 'conv1d', x: [2, 4, 11], w: [6, 2, 3], options: { groups: 2, stride: 2, padding: 1 } },
  { op: 'conv1d', x: [3, 13], w: [8, 3, 5], options: { dilation: 2, padding: 'same' } },
  { op: 'conv2d', x: [2, 4, 7, 6], w: [8, 4, 3, 3], options: { padding: 1 } },
  { op: 'conv2d', x: [1, 8, 9, 10], w: [8, 8, 3, 3], options: { padding: 1 } },
  { op: 'conv2d', x: [1, 6, 9, 9], w: [12, 1, 3, 3], options: { groups: 6, stride: 2, padding: 1, paddingMode: 'reflect' } },
  { op: 'conv3d', x: [1, 3, 4, 5, 6], w: [4, 3, 2, 3, 3], options: { padding: [0, 1, 1] } },
  { op: 'convTranspose1d', x: [2, 4, 7], w: [4, 3, 4], options: { stride: 2, padding: 1 } },
  { op: 'convTranspose2d', x: [1, 8, 5, 6], w: [8, 8, 4, 4], options: { stride: 2, padding: 1 } },
  { op: 'convTranspose2d', x: [2, 4, 3, 4], w: [4, 1, 3, 3], options: { groups: 2, stride: [2, 1], outputPadding: [1, 0] } },
  { op: 'convTranspose3d', x: [1, 2, 3, 3, 4], w: [2, 3, 2, 2, 3], options: { stride: 2 } },
];
const layerName = (op) => `create${op[0].toUpperCase()}${op.slice(1)}`;

function prepare(s, r) {
  const x = { data: r.tensor(product(s.x)).map((v) => 3 * v), shape: s.x };
  const w = { data: r.tensor(product(s.w)), shape: s.w };
  const transposed = s.op.startsWith('convTranspose');
  const groups = s.options.groups ?? 1;
  const bias = r.tensor(transposed ? s.w[1] * groups : s.w[0]);
  return { x, w, options: { ...s.options, bias } };
}

// act(base + residual) in double, rounded to float at the end.
function compose(base, residual, activation) {
  const f = formula(activation);
  return Float32Array.from(base, (v, i) => f(residual ? Math.fround(v + residual[i]) : v));
}

function assertClose(got, want, what) {
  assert.equal(got.length, want.length, what);
  const err = relativeError(got, want);
  assert.ok(err <= 1e-5, `${what}: relative error ${err}`);
}

test('every activation and residual, every op, stateless (each backend) and layers, both builds', () => {
  const seed = seedFromEnv(20261206);
  const r = rng(seed);
  let checked = 0;
  for (const build of builds) {
    for (const s of SETTINGS) {
      const { x, w, options } = prepare(s, r);
      // The op without the epilogue, per backend (Winograd's rounding differs from the
      // reference's by more than the epilogue's tolerance: each path is composed with itself).
      const bases = Object.fromEntries(['auto', 'reference', 'simd'].map((b) => [b, build[s.op](x, w, { ...options, backend: b })]));
      const base = bases.auto;
      // Residuals of every form: a Float32Array, a { data, shape } tensor, a wasm tensor.
      const resData = r.tensor(base.data.length).map((v) => 4 * v);
      const forms = [
        ['none', undefined],
        ['Float32Array', resData],
        ['tensor', { data: resData, shape: base.shape }],
        ['wasm tensor', build.createTensor(resData, base.shape)],
      ];
      for (const activation of ACTIVATIONS) {
        const layer = build[layerName(s.op)](w, { ...options, activation });
        for (const [form, residual] of forms) {
          const what = `seed ${seed} ${build.arch} ${s.op} ${JSON.stringify(s.x)} ${label(activation)} residual ${form}`;
          const want = compose(base.data, residual && resData, activation);
          for (const backend of ['auto', 'reference', 'simd']) {
            const y = build[s.op](x, w, { ...options, activation, residual, backend });
            assert.deepEqual(y.shape, base.shape, what);
            assertClose(y.data, compose(bases[backend].data, residual && resData, activation), `${what} ${backend}`);
          }
          assertClose(layer.run(x, residual === undefined ? undefined : { residual }).data, want, `${what} layer`);
          checked++;
        }
        layer.dispose();
      }
      forms[3][1].dispose();
    }
  }
  assert.equal(checked, builds.length * SETTINGS.length * ACTIVATIONS.length * 4);
});

test('values at the corners: relu6 at 0 and 6, hardSwish at -3 and 3, leaky slopes, NaN and Inf', () => {
  // A 1x1 convolution with weight 1 passes the residual's values through: y = act(0 + r).
  const x = { data: new Float32Array(12), shape: [1, 1, 12] };
  const w = { data: new Float32Array([1]), shape: [1, 1, 1] };
  const r = new Float32Array([-Infinity, -1e30, -3, -1, -0, 0, 1e-7, 3, 6, 6.5, 1e30, NaN]);
  const run = (activation, build = wc) => Array.from(build.conv1d(x, w, { activation, residual: r }).data);
  for (const build of builds) {
    // (0 + -0 is +0: the residual's -0 arrives as 0.)
    assert.deepEqual(run('relu6', build), [0, 0, 0, 0, 0, 0, r[6], 3, 6, 6, 6, NaN]);
    assert.deepEqual(run('relu', build), [0, 0, 0, 0, 0, 0, r[6], 3, 6, 6.5, r[10], NaN]);
    assert.deepEqual(run({ clamp: [-1, 1] }, build), [-1, -1, -1, -1, 0, 0, r[6], 1, 1, 1, 1, NaN]);
    assert.deepEqual(run({ leakyRelu: 0.5 }, build), [-Infinity, r[1] * 0.5, -1.5, -0.5, 0, 0, r[6], 3, 6, 6.5, r[10], NaN]);
    const hs = run('hardSwish', build);
    assert.deepEqual(hs.slice(1, 4), [-0, -0, Math.fround(-1 / 3)]);
    assert.deepEqual(hs.slice(7, 10), [3, 6, 6.5]);
    // As in PyTorch: hardSwish, silu and gelu of -Inf are NaN (-Inf * 0), sigmoid's is 0.
    for (const a of ['hardSwish', 'silu', 'gelu']) assert.ok(Number.isNaN(run(a, build)[0]), a);
    assert.deepEqual(run('sigmoid', build).slice(0, 2), [0, 0]);
    assert.deepEqual(run('sigmoid', build).slice(10), [1, NaN]);
    assert.deepEqual(run('tanh', build).slice(0, 2), [-1, -1]);
    assert.deepEqual(run('tanh', build).slice(10), [1, NaN]);
    for (const a of ACTIVATIONS) assert.ok(Number.isNaN(run(a, build)[11]), `${label(a)}(NaN)`);
  }
});

test('zero-copy chaining: a layer with an activation writes a wasm tensor that the next reads, with a skip', () => {
  const r = rng(seedFromEnv(7));
  const x = r.tensor(2 * 4 * 8 * 8);
  const w1 = { data: r.tensor(4 * 4 * 9), shape: [4, 4, 3, 3] };
  const w2 = { data: r.tensor(4 * 4 * 9), shape: [4, 4, 3, 3] };
  const bias = r.tensor(4);
  const a = wc.createConv2d(w1, { padding: 1, bias, activation: 'relu' });
  const b = wc.createConv2d(w2, { padding: 'same', activation: 'relu6' });
  const t = wc.createTensor(x, [2, 4, 8, 8]);
  const mid = wc.createTensor(new Float32Array(x.length), [2, 4, 8, 8]);
  const out = wc.createTensor(new Float32Array(x.length), [2, 4, 8, 8]);
  assert.equal(a.run(t, { output: mid }), mid);
  // A ResNet block: out = relu6(conv(mid) + x), the skip read in place from the input tensor.
  assert.equal(b.run(mid, { output: out, residual: t }), out);
  const input = { data: x, shape: [2, 4, 8, 8] };
  const m = wc.conv2d(input, w1, { padding: 1, bias });
  const wantMid = compose(m.data, null, 'relu');
  assertClose(mid.read(), wantMid, 'mid');
  const y = wc.conv2d({ data: mid.read(), shape: [2, 4, 8, 8] }, w2, { padding: 1 });
  assertClose(out.read(), compose(y.data, x, 'relu6'), 'out');
  // The stateless functions chain the same way, in place.
  wc.conv2d(mid, w2, { padding: 1, activation: 'relu6', residual: t, output: out });
  assertClose(out.read(), compose(y.data, x, 'relu6'), 'stateless out');
  for (const v of [a, b]) v.dispose();
  for (const v of [t, mid, out]) v.dispose();
});

test('tfjs fused.conv2d: relu, relu6, leakyrelu and sigmoid with bias agree (NHWC, HWIO)', async () => {
  await tf.setBackend('cpu');
  const r = rng(seedFromEnv(11));
  const cases = [
    { n: 1, c: 3, h: 9, w: 11, co: 8, k: 3, stride: 1, padding: 'same' },
    { n: 2, c: 4, h: 8, w: 8, co: 5, k: 3, stride: 2, padding: 'same' },
    { n: 1, c: 8, h: 7, w: 6, co: 8, k: 1, stride: 1, padding: 'valid' },
  ];
  const tfActivations = [['relu', 'relu'], ['relu6', 'relu6'], ['leakyrelu', { leakyRelu: 0.2 }], ['sigmoid', 'sigmoid']];
  for (const s of cases) {
    const x = r.tensor(s.n * s.c * s.h * s.w).map((v) => 4 * v);
    const w = r.tensor(s.co * s.c * s.k * s.k);
    const bias = r.tensor(s.co);
    // NCHW -> NHWC, OIHW -> HWIO.
    const nhwc = new Float32Array(x.length);
    for (let n = 0; n < s.n; n++) for (let c = 0; c < s.c; c++) for (let i = 0; i < s.h * s.w; i++) {
      nhwc[(n * s.h * s.w + i) * s.c + c] = x[(n * s.c + c) * s.h * s.w + i];
    }
    const hwio = new Float32Array(w.length);
    for (let o = 0; o < s.co; o++) for (let c = 0; c < s.c; c++) for (let t = 0; t < s.k * s.k; t++) {
      hwio[(t * s.c + c) * s.co + o] = w[(o * s.c + c) * s.k * s.k + t];
    }
    for (const [tfName, activation] of tfActivations) {
      const ty = tf.tidy(() => tf.fused.conv2d({
        x: tf.tensor4d(nhwc, [s.n, s.h, s.w, s.c]),
        filter: tf.tensor4d(hwio, [s.k, s.k, s.c, s.co]),
        strides: s.stride,
        pad: s.padding,
        bias: tf.tensor1d(bias),
        activation: tfName,
        leakyreluAlpha: 0.2,
      }));
      const [, oh, ow] = ty.shape;
      const got = await ty.data();
      ty.dispose();
      const y = wc.conv2d({ data: x, shape: [s.n, s.c, s.h, s.w] }, { data: w, shape: [s.co, s.c, s.k, s.k] },
        { stride: s.stride, padding: s.padding, bias, activation });
      assert.deepEqual(y.shape, [s.n, s.co, oh, ow]);
      const back = new Float32Array(got.length);
      for (let n = 0; n < s.n; n++) for (let c = 0; c < s.co; c++) for (let i = 0; i < oh * ow; i++) {
        back[(n * s.co + c) * oh * ow + i] = got[(n * oh * ow + i) * s.co + c];
      }
      assertClose(y.data, back, `tfjs ${tfName} ${JSON.stringify(s)}`);
    }
  }
});

test('errors name the option and the fix', () => {
  const x = { data: new Float32Array(2 * 25), shape: [1, 2, 5, 5] };
  const w = { data: new Float32Array(2 * 2 * 9), shape: [2, 2, 3, 3] };
  const bad = (options, message) => assert.throws(() => wc.conv2d(x, w, options), (e) => {
    assert.equal(e.name, 'WasmconvError');
    assert.equal(e.code, 'invalid_argument');
    assert.equal(e.message, message);
    return true;
  });
  const forms = "'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'silu', 'gelu', { clamp: [min, max] }, { leakyRelu: alpha }";
  bad({ activation: 'Relu' }, `conv2d: activation: unknown 'Relu'; use one of ${forms} (did you mean 'relu'?)`);
  bad({ activation: 'swish' }, `conv2d: activation: unknown 'swish'; use one of ${forms} (did you mean 'silu'?)`);
  bad({ activation: 'leakyRelu' }, `conv2d: activation: unknown 'leakyRelu'; use one of ${forms} (leakyRelu takes its slope: { leakyRelu: 0.01 })`);
  bad({ activation: 'clamp' }, `conv2d: activation: unknown 'clamp'; use one of ${forms} (clamp takes its bounds: { clamp: [min, max] })`);
  bad({ activation: 'none' }, `conv2d: activation: unknown 'none'; use one of ${forms} (leave activation out for none)`);
  bad({ activation: 1 }, `conv2d: activation must be one of ${forms}, got 1`);
  bad({ activation: { relu: true } }, 'conv2d: activation: an object must be { clamp: [min, max] } or { leakyRelu: alpha }, got keys ["relu"]');
  bad({ activation: { clamp: [0] } }, 'conv2d: activation: clamp must be [min, max], two numbers, got [0]');
  bad({ activation: { leakyRelu: '0.1' } }, 'conv2d: activation: leakyRelu must be a number (the slope for negative values, e.g. 0.01), got "0.1"');
  // The numbers' rules are C++'s (plan_conv), passed on verbatim.
  bad({ activation: { clamp: [6, 0] } }, 'conv2d: activation { clamp: [min, max] } needs min <= max, got [6, 0]: swap them');
  bad({ activation: { clamp: [0, Infinity] } }, 'conv2d: activation { clamp: [min, max] } needs finite numbers, got [0, inf]');
  bad({ activation: { clamp: [0, 1e39] } }, 'conv2d: activation { clamp: [min, max] } needs finite numbers, got [0, inf]');
  bad({ activation: { leakyRelu: NaN } }, "conv2d: activation { leakyRelu: alpha } needs a finite alpha, got nan (PyTorch's default is 0.01)");
  // Layers check the activation at creation.
  assert.throws(() => wc.createConv2d(w, { activation: { clamp: [1, -1] } }),
    /^WasmconvError: createConv2d: activation \{ clamp: \[min, max\] \} needs min <= max, got \[1, -1\]: swap them$/);
  assert.throws(() => wc.createConvTranspose1d({ data: new Float32Array(3), shape: [1, 1, 3] }, { activation: 'ReLU' }),
    /createConvTranspose1d: activation: unknown 'ReLU'; use one of .* \(did you mean 'relu'\?\)/);
  assert.throws(() => wc.convMatrix('conv2d', [1, 2, 5, 5], w, { activation: 'relu' }),
    /convMatrix: activation is not an option here: the matrix is of the linear map/);

  // Residuals: the output is [1, 2, 3, 3], 18 values.
  bad({ residual: new Float32Array(5) }, 'conv2d: residual has 5 values but the output shape [1, 2, 3, 3] needs 18');
  bad({ residual: { data: new Float32Array(18), shape: [1, 2, 9] } }, 'conv2d: residual has shape [1, 2, 9] but the output shape is [1, 2, 3, 3]');
  bad({ residual: { data: new Float32Array(17), shape: [1, 2, 3, 3] } }, 'conv2d: residual.data has 17 values but shape [1, 2, 3, 3] needs 18');
  bad({ residual: [1, 2] }, 'conv2d: residual must be a Float32Array, a tensor { data, shape } or a tensor made by createTensor, of the output shape [1, 2, 3, 3], got [1, 2]');
  bad({ residual: new Float64Array(18) }, 'conv2d: residual must be a Float32Array, a tensor { data, shape } or a tensor made by createTensor, of the output shape [1, 2, 3, 3], got Float64Array');
  const wrong = wc.createTensor(new Float32Array(18), [2, 3, 3]);
  bad({ residual: wrong }, 'conv2d: residual is a tensor of shape [2, 3, 3] but the output shape is [1, 2, 3, 3]');
  wrong.dispose();
  bad({ residual: wrong }, 'conv2d: residual is a tensor that was disposed');
  const out = wc.createTensor(new Float32Array(18), [1, 2, 3, 3]);
  bad({ residual: out, output: out }, 'conv2d: residual is the output tensor: the output is written before the residual is added; use a second tensor');
  // An unbatched input has an unbatched output, and so does its residual.
  const unbatched = { data: new Float32Array(50), shape: [2, 5, 5] };
  assert.deepEqual(wc.conv2d(unbatched, w, { residual: { data: new Float32Array(18).fill(1), shape: [2, 3, 3] }, activation: 'relu' }).shape, [2, 3, 3]);
  assert.throws(() => wc.conv2d(unbatched, w, { residual: out }),
    /^WasmconvError: conv2d: residual is a tensor of shape \[1, 2, 3, 3\] but the output shape is \[2, 3, 3\]$/);
  // A layer takes the residual per run, beside output.
  const layer = wc.createConv2d(w, { activation: 'relu' });
  assert.throws(() => layer.run(x, { residul: out }), /createConv2d: unknown option "residul" \(options are output, residual\)/);
  assert.throws(() => layer.run(x, { residual: new Float32Array(3) }), /createConv2d: residual has 3 values but the output shape \[1, 2, 3, 3\] needs 18/);
  assert.throws(() => layer.run(x, { residual: out, output: out }), /residual is the output tensor/);
  // The residual may be the input tensor (read, never written) and the output a Float32Array.
  const t = wc.createTensor(new Float32Array(18).fill(-2), [1, 2, 3, 3]);
  const small = wc.createConv2d({ data: new Float32Array(4).fill(0), shape: [2, 2, 1, 1] }, { activation: { leakyRelu: 0.5 } });
  assert.deepEqual(Array.from(small.run(t, { residual: t }).data), new Array(18).fill(-1));
  // The same Float32Array as residual and output: copied in, then overwritten with the result.
  const acc = new Float32Array(18).fill(1);
  const zeroW = { data: new Float32Array(36), shape: [2, 2, 3, 3] };
  assert.equal(wc.conv2d(x, zeroW, { residual: acc, output: acc, activation: { clamp: [0, 0.5] } }).data, acc);
  assert.deepEqual(Array.from(acc), new Array(18).fill(0.5));
  // The shape helpers take the op's options object as it is, activation included.
  assert.deepEqual(wc.outputShape('conv2d', [1, 2, 5, 5], [2, 2, 3, 3], { activation: 'gelu' }), [1, 2, 3, 3]);
  assert.throws(() => wc.macs('conv2d', [1, 2, 5, 5], [2, 2, 3, 3], { activation: 'GELU' }),
    /^WasmconvError: macs: activation: unknown 'GELU'; use one of .* \(did you mean 'gelu'\?\)$/);
  for (const v of [layer, small, t, out]) v.dispose();
});
