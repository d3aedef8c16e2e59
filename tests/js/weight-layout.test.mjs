// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `weightLayout: 'hwio'`: a TF.js model's weights drop in as TF.js holds them. tf.conv1d,
// tf.conv2d, tf.conv3d, tf.depthwiseConv2d and tf.conv2dTranspose on random settings (a
// fixed seed) are the oracle: their NHWC inputs are transposed to NCHW for wasmconv, their
// filters are passed unchanged, and the NCHW result is compared with theirs. Every build
// (the relaxed-SIMD one under Node's flag, as scripts/test.sh also runs this file), stateless
// and as layers; the shape helpers; the reading of an hwio [k, groups, b] by the input; the
// layout mix-up errors and the option's own, word for word.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { load, relaxedSimdSupported, WasmconvError } from '../../bindings/js/node.js';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';

await tf.setBackend('cpu');
const builds = [await load(), await load({ simd: false })];
if (relaxedSimdSupported()) builds.push(await load({ relaxed: false }));  // SIMD beside relaxed
const wc = builds[0];
const layerName = (op) => `create${op[0].toUpperCase()}${op.slice(1)}`;

// Channels-last [N, ...spatial, C] data as channels-first [N, C, ...spatial], and back.
function toChannelsFirst(data, shape) {
  const [n, ...rest] = shape;
  const c = rest.pop();
  const spatial = product(rest);
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let s = 0; s < spatial; s++)
      for (let ch = 0; ch < c; ch++) out[(b * c + ch) * spatial + s] = data[(b * spatial + s) * c + ch];
  return { data: out, shape: [n, c, ...rest] };
}

// TF's padding as wasmconv's: 'valid' and 'same' (TF puts an odd unit at the end: 'same').
const PADDINGS = ['valid', 'same'];

function randomSetting(r) {
  const kind = r.pick(['conv1d', 'conv2d', 'conv2d', 'conv3d', 'depthwise', 'depthwise', 'transposed', 'transposed']);
  const nd = kind === 'conv1d' ? 1 : kind === 'conv3d' ? 3 : 2;
  const n = r.int(1, 2);
  const c = r.int(1, 5);
  const spatial = Array.from({ length: nd }, () => r.int(nd === 3 ? 2 : 3, nd === 3 ? 6 : 11));
  const kernel = spatial.map((s) => r.int(1, Math.min(s, nd === 3 ? 3 : 4)));
  const pad = r.pick(PADDINGS);
  // TF.js takes a stride or a dilation above 1, not both.
  const strided = r.next() < 0.5;
  const stride = kernel.map(() => (strided ? r.int(1, 3) : 1));
  const dilation = kernel.map((k, a) => (!strided && kind !== 'transposed' && (k - 1) * 3 + 1 <= spatial[a] ? r.int(1, 3) : 1));
  // TF.js's conv3d 'same' does not clamp a negative total padding at 0 (TF does, and its 2-D
  // ops): it crops the front when the stride exceeds the kernel. Those settings are left out.
  if (nd === 3 && pad === 'same') stride.forEach((v, a) => { stride[a] = Math.min(v, kernel[a]); });
  const out = kind === 'depthwise' ? r.int(1, 3) : r.int(1, 6);  // the multiplier for depthwise
  return { kind, nd, n, c, spatial, kernel, pad, stride, dilation, out };
}

// tfjs's result (channels-last, turned channels-first) and wasmconv's call for a setting.
function oracle(s, x, f) {
  const { kind, nd, n, c, spatial, kernel, pad, stride, dilation, out } = s;
  const xt = tf.tensor(x, [n, ...spatial, c]);
  let y;
  let op = `conv${nd}d`;
  let options = { stride, dilation, padding: pad, weightLayout: 'hwio' };
  const filterShape = kind === 'transposed' ? [...kernel, out, c] : [...kernel, c, out];
  const ft = tf.tensor(f, filterShape);
  if (kind === 'conv1d') y = tf.conv1d(xt, ft, stride[0], pad, 'NWC', dilation[0]);
  else if (kind === 'conv2d') y = tf.conv2d(xt, ft, stride, pad, 'NHWC', dilation);
  else if (kind === 'conv3d') y = tf.conv3d(xt, ft, stride, pad, 'NDHWC', dilation);
  else if (kind === 'depthwise') {
    y = tf.depthwiseConv2d(xt, ft, stride, pad, 'NHWC', dilation);
    options.groups = c;
  } else {
    // TF's transposed op asks for its output size: in * stride for 'same', the full
    // (in - 1) * stride + k for 'valid'. 'same' crops the padding of the convolution it
    // transposes, total max(k - stride, 0), the odd unit at the end; a stride beyond the
    // kernel leaves stride - k rows at the end, wasmconv's outputPadding.
    const outputShape = spatial.map((i, a) => (pad === 'same' ? i * stride[a] : (i - 1) * stride[a] + kernel[a]));
    y = tf.conv2dTranspose(xt, ft, [n, ...outputShape, out], stride, pad);
    op = 'convTranspose2d';
    const total = kernel.map((k, a) => (pad === 'same' ? Math.max(k - stride[a], 0) : 0));
    options = {
      stride,
      padding: { begin: total.map((t) => Math.floor(t / 2)), end: total.map((t) => t - Math.floor(t / 2)) },
      outputPadding: kernel.map((k, a) => (pad === 'same' ? Math.max(stride[a] - k, 0) : 0)),
      weightLayout: 'hwio',
    };
  }
  const want = toChannelsFirst(y.dataSync(), y.shape);
  tf.dispose([xt, ft, y]);
  return { op, options, want, filterShape };
}

test('TF.js filters drop in unchanged: conv1d/2d/3d, depthwiseConv2d, conv2dTranspose, every build, stateless and layers', () => {
  const seed = seedFromEnv(20261208);
  const r = rng(seed);
  const seen = {};
  for (let it = 0; it < 160; it++) {
    const s = randomSetting(r);
    const xNhwc = r.tensor(s.n * product(s.spatial) * s.c);
    const f = r.tensor(product(s.kernel) * s.c * s.out);
    const { op, options, want, filterShape } = oracle(s, xNhwc, f);
    const x = toChannelsFirst(xNhwc, [s.n, ...s.spatial, s.c]);
    const w = { data: f, shape: filterShape };
    const what = `seed ${seed} #${it} ${JSON.stringify(s)}`;
    for (const build of builds) {
      const y = build[op](x, w, options);
      assert.deepEqual(y.shape, want.shape, `${what} ${build.arch}`);
      assert.ok(relativeError(y.data, want.data) <= 1e-5, `${what} ${build.arch}: ${relativeError(y.data, want.data)}`);
      const { weightLayout, ...layerOptions } = options;
      const layer = build[layerName(op)](w, { ...layerOptions, weightLayout });
      assert.deepEqual(layer.run(x), y, `${what} ${build.arch} layer`);
      layer.dispose();
    }
    seen[s.kind] = (seen[s.kind] ?? 0) + 1;
    if (s.kind === 'depthwise' && s.out > 1 && s.c > 1) seen.multiplier = (seen.multiplier ?? 0) + 1;
  }
  for (const kind of ['conv1d', 'conv2d', 'conv3d', 'depthwise', 'transposed', 'multiplier']) {
    assert.ok(seen[kind] >= 8, `seed ${seed}: only ${seen[kind]} ${kind} settings`);
  }
});

// The canonical (PyTorch) weight of an hwio one, by the definitions: conv [k..., i, o] is
// [o, i, k...]; transposed [k..., o, i] is [i, o, k...].
function canonical(w) {
  const nd = w.shape.length - 2;
  const [b, a] = w.shape.slice(nd);
  const taps = product(w.shape.slice(0, nd));
  const data = new Float32Array(w.data.length);
  for (let t = 0; t < taps; t++)
    for (let j = 0; j < b; j++)
      for (let i = 0; i < a; i++) data[(i * b + j) * taps + t] = w.data[(t * b + j) * a + i];
  return { data, shape: [a, b, ...w.shape.slice(0, nd)] };
}

test('every op and rank, groups: hwio gives what the same weights give in the default layout, bit for bit', () => {
  const seed = seedFromEnv(77);
  const r = rng(seed);
  const tensor = (shape) => ({ data: r.tensor(product(shape)), shape });
  const cases = [
    ['conv1d', [2, 6, 9], [3, 3, 6], { groups: 2, stride: 2, padding: 1 }],
    ['conv2d', [1, 6, 7, 8], [3, 3, 3, 4], { groups: 2, padding: 'same', bias: r.tensor(4) }],
    ['conv3d', [1, 4, 4, 5, 6], [2, 3, 3, 4, 5], { dilation: [1, 2, 1] }],
    ['convTranspose1d', [1, 4, 5], [4, 3, 4], { groups: 2, stride: 3, outputPadding: 1 }],
    ['convTranspose2d', [2, 3, 4, 5], [4, 4, 2, 3], { stride: 2, padding: 1, activation: 'relu' }],
    ['convTranspose3d', [1, 2, 3, 3, 2], [2, 2, 2, 3, 2], { stride: [1, 2, 2], bias: r.tensor(3) }],
  ];
  for (const [op, xShape, wShape, options] of cases) {
    const x = tensor(xShape);
    const w = tensor(wShape);
    const c = canonical(w);
    for (const build of builds) {
      for (const backend of ['auto', 'reference', 'simd']) {
        assert.deepEqual(build[op](x, w, { ...options, weightLayout: 'hwio', backend }), build[op](x, c, { ...options, backend }), `${op} ${build.arch} ${backend}`);
      }
      const layer = build[layerName(op)](w, { ...options, weightLayout: 'hwio' });
      assert.deepEqual(layer.run(x), build[op](x, c, options), `${op} ${build.arch} layer`);
      assert.deepEqual(layer.outputShape(xShape), build.outputShape(op, xShape, c.shape, options));
      layer.dispose();
    }
    const { bias, activation, ...geometry } = options;
    assert.deepEqual(wc.convMatrix(op, [1, ...xShape.slice(1)], w, { ...geometry, weightLayout: 'hwio' }),
      wc.convMatrix(op, [1, ...xShape.slice(1)], c, geometry), op);
    for (const helper of ['outputShape', 'macs', 'padding']) {
      assert.deepEqual(wc[helper](op, xShape, wShape, { ...geometry, bias: true, weightLayout: 'hwio' }),
        wc[helper](op, xShape, c.shape, { ...geometry, bias: true }), `${helper} ${op}`);
    }
    const counted = { groups: geometry.groups, bias: true };
    assert.equal(wc.paramCount(op, wShape, { ...counted, weightLayout: 'hwio' }), wc.paramCount(op, c.shape, counted), op);
  }
});

test('an hwio [kh, kw, groups, b] reads by the input: TF depthwise for C_in = groups, Keras grouped for groups * groups', () => {
  const r = rng(seedFromEnv(5));
  const w = { data: r.tensor(3 * 3 * 4 * 2), shape: [3, 3, 4, 2] };
  const options = { groups: 4, padding: 1, weightLayout: 'hwio' };
  // TF's depthwise filter: output channel c * 2 + m is filter[..., c, m].
  const depthwise = { data: new Float32Array(72), shape: [8, 1, 3, 3] };
  // Keras' grouped kernel: output m, input c of its group, is kernel[..., c, m].
  const grouped = { data: new Float32Array(72), shape: [2, 4, 3, 3] };
  for (let t = 0; t < 9; t++)
    for (let c = 0; c < 4; c++)
      for (let m = 0; m < 2; m++) {
        depthwise.data[(c * 2 + m) * 9 + t] = w.data[(t * 4 + c) * 2 + m];
        grouped.data[(m * 4 + c) * 9 + t] = w.data[(t * 4 + c) * 2 + m];
      }
  // groups 4 does not divide Keras' C_out 2: only the depthwise reading is valid.
  const x4 = { data: r.tensor(4 * 25), shape: [1, 4, 5, 5] };
  const { weightLayout, ...plain } = options;
  assert.deepEqual(wc.conv2d(x4, w, options), wc.conv2d(x4, depthwise, plain));
  const w8 = { data: r.tensor(3 * 3 * 2 * 8), shape: [3, 3, 2, 8] };
  // [3, 3, 2, 8] with groups 2: depthwise on 2 channels (C_out 16), grouped on 4 (C_out 8).
  const layer = wc.createConv2d(w8, { groups: 2, weightLayout: 'hwio', bias: new Float32Array(16) });
  const x2 = { data: r.tensor(2 * 16), shape: [1, 2, 4, 4] };
  assert.deepEqual(layer.outputShape(x2.shape), [1, 16, 2, 2]);
  assert.deepEqual(layer.run(x2), wc.conv2d(x2, w8, { groups: 2, weightLayout: 'hwio', bias: new Float32Array(16) }));
  // A bias of 16 is the depthwise reading's: an input of 4 channels then fits neither.
  assert.throws(() => layer.run({ data: r.tensor(4 * 16), shape: [1, 4, 4, 4] }), /^WasmconvError: createConv2d: bias has 16 values but there are 8 output channels$/);
  layer.dispose();
  const keras = wc.createConv2d(w8, { groups: 2, weightLayout: 'hwio' });
  const x4b = { data: r.tensor(4 * 16), shape: [1, 4, 4, 4] };
  const kerasCanonical = { data: new Float32Array(144), shape: [8, 2, 3, 3] };
  for (let t = 0; t < 9; t++)
    for (let c = 0; c < 2; c++)
      for (let o = 0; o < 8; o++) kerasCanonical.data[(o * 2 + c) * 9 + t] = w8.data[(t * 2 + c) * 8 + o];
  assert.deepEqual(keras.run(x4b), wc.conv2d(x4b, kerasCanonical, { groups: 2 }));
  assert.deepEqual(keras.run(x2).shape, [1, 16, 2, 2]);
  keras.dispose();
  // paramCount has no input: TF's depthwise reading (16 output channels).
  assert.equal(wc.paramCount('conv2d', [3, 3, 2, 8], { groups: 2, bias: true, weightLayout: 'hwio' }), 144 + 16);
});

// Throws a WasmconvError whose message is exactly `message`.
function refuses(call, message) {
  let caught;
  assert.throws(call, (e) => {
    caught = e;
    return e instanceof WasmconvError && e.code === 'invalid_argument';
  });
  assert.equal(caught.message, message);
}

test('a weight in the other layout is named as a mix-up, with the fix, for ops, layers and helpers', () => {
  const ramp = (shape) => ({ data: Float32Array.from({ length: product(shape) }, (_, i) => (i % 5) - 2), shape });
  const x = ramp([1, 16, 8, 8]);
  const tfFilter = ramp([3, 3, 16, 32]);
  const torchWeight = ramp([32, 16, 3, 3]);
  const asOihw = "weight shape [3, 3, 16, 32] does not fit input channels 16 as 'oihw' (it would need [*, 16, *, *]); " +
    "it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'";
  refuses(() => wc.conv2d(x, tfFilter), `conv2d: ${asOihw}`);
  refuses(() => wc.conv2d(x, tfFilter, { weightLayout: 'oihw' }), `conv2d: ${asOihw}`);
  refuses(() => wc.outputShape('conv2d', x.shape, tfFilter.shape), `outputShape: ${asOihw}`);
  // A layer meets the input at its first run (or outputShape) ...
  const layer = wc.createConv2d(tfFilter);
  refuses(() => layer.run(x), `createConv2d: ${asOihw}`);
  layer.dispose();
  // ... or its bias tells at creation.
  refuses(() => wc.createConv2d(tfFilter, { bias: new Float32Array(32) }),
    "createConv2d: weight shape [3, 3, 16, 32] does not fit as 'oihw' (bias has 32 values but there are 3 output channels); " +
    "it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'");
  refuses(() => wc.conv2d(x, torchWeight, { weightLayout: 'hwio' }),
    "conv2d: weight shape [32, 16, 3, 3] does not fit input channels 16 as 'hwio' (it would need [*, *, 16, *]); " +
    "it reads as 'oihw' [out, in, kh, kw]: pass weightLayout: 'oihw' (the default)");
  // TF's depthwise filter and its transposed filter.
  refuses(() => wc.conv2d(x, ramp([3, 3, 16, 2]), { groups: 16 }),
    "conv2d: weight shape [3, 3, 16, 2] does not fit input channels 16 as 'oihw' (it would need [*, 1, *, *]); " +
    "it reads as 'hwio' [kh, kw, in, multiplier]: pass weightLayout: 'hwio'");
  refuses(() => wc.convTranspose2d(x, ramp([4, 4, 8, 16]), { stride: 2 }),
    "convTranspose2d: weight shape [4, 4, 8, 16] does not fit input channels 16 as 'oihw' (it would need [16, *, *, *]); " +
    "it reads as 'hwio' [kh, kw, out, in]: pass weightLayout: 'hwio'");
  refuses(() => wc.conv3d(ramp([1, 4, 5, 5, 5]), ramp([3, 3, 3, 4, 8])),
    "conv3d: weight shape [3, 3, 3, 4, 8] does not fit input channels 4 as 'oihw' (it would need [*, 4, *, *, *]); " +
    "it reads as 'hwio' [kd, kh, kw, in, out]: pass weightLayout: 'hwio'");
  // And with the fix, it runs.
  assert.deepEqual(wc.conv2d(x, tfFilter, { weightLayout: 'hwio' }), wc.conv2d(x, canonical(tfFilter)));
  // When the other layout does not fit either, the declared layout's own message.
  refuses(() => wc.conv2d(ramp([1, 4, 6, 6]), ramp([3, 3, 5, 8]), { weightLayout: 'hwio' }),
    'conv2d: weight shape[2] is 5 but input channels 4 / groups 1 = 4 (hwio conv weights are [kernel..., C_in/groups, C_out])');
  // (An input of 5 samples: [1, 3, 4] would read as channels-last data of 4 channels, which
  // fits, and is named as that mix-up: tests/js/layout.test.mjs.)
  refuses(() => wc.convTranspose1d(ramp([1, 3, 5]), ramp([3, 2, 4]), { weightLayout: 'hwio' }),
    'convTranspose1d: weight shape[2] is 4 but the input has 3 channels (hwio transposed weights are [kernel..., C_out/groups, C_in])');
});

test('the weightLayout option: its values, and a weight of the wrong rank named in its layout', () => {
  const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const w = { data: new Float32Array(9), shape: [3, 3, 1, 1] };
  const head = "weightLayout %s is not one of 'oihw' (PyTorch, ONNX), 'hwio' (TF, Keras)";
  const not = (v) => head.replace('%s', v);
  refuses(() => wc.conv2d(x, w, { weightLayout: 'HWIO' }), `conv2d: ${not('"HWIO"')}; did you mean 'hwio'?`);
  refuses(() => wc.conv3d({ data: new Float32Array(8), shape: [1, 1, 2, 2, 2] }, { data: new Float32Array(1), shape: [1, 1, 1, 1, 1] }, { weightLayout: 'dhwio' }),
    `conv3d: ${not('"dhwio"')}; use 'hwio', one name for every rank`);
  refuses(() => wc.createConv1d({ data: new Float32Array(3), shape: [3, 1, 1] }, { weightLayout: 'oiw' }),
    `createConv1d: ${not('"oiw"')}; use 'oihw', one name for every rank`);
  refuses(() => wc.conv2d(x, w, { weightLayout: 'NHWC' }), `conv2d: ${not('"NHWC"')}; that is a data format: TF's channels-last weights are 'hwio'`);
  refuses(() => wc.outputShape('conv2d', x.shape, w.shape, { weightLayout: 'nchw' }),
    `outputShape: ${not('"nchw"')}; that is a data format: PyTorch's channels-first weights are 'oihw'`);
  refuses(() => wc.paramCount('conv2d', w.shape, { weightLayout: true }), `paramCount: ${not('true')}`);
  refuses(() => wc.conv2d(x, { data: new Float32Array(9), shape: [3, 3, 1] }, { weightLayout: 'hwio' }),
    'conv2d: weight must have rank 4 (kH, kW, C_in / groups, C_out), got shape [3, 3, 1]');
  refuses(() => wc.createConvTranspose1d({ data: new Float32Array(3), shape: [3, 1] }, { weightLayout: 'hwio' }),
    'createConvTranspose1d: weight must have rank 3 (kL, C_out / groups, C_in), got shape [3, 1]');
  // 'oihw' spelled out is the default.
  assert.deepEqual(wc.conv2d(x, w, { weightLayout: 'hwio' }), wc.conv2d(x, { data: w.data, shape: [1, 1, 3, 3] }, { weightLayout: 'oihw' }));
});
