// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `layout: 'nhwc'`: channels-last input, output and residual on every op and layer. On random
// settings (1-D, 2-D, 3-D, groups and depthwise, transposed, stride, dilation, padding, batch
// 2, every activation, a residual), the 'nhwc' result equals the transpose of the 'nchw' one
// bit for bit (the same kernels run on transposed data; a dense 1x1 without padding and a 2-D
// depthwise convolution with multiplier 1 run on kernels of their own that read channels-last
// data in place: the 1x1 with the channels-first GEMM's sums, bit for bit where that GEMM runs
// the 'nchw' call, from 2 input and 4 output channels, and the others within 1e-5) and the
// reference (backend 'reference' on the channels-first data)
// within 1e-4, stateless and as layers; createTensor
// tensors in and out (a channels-last chain with no copies); the shape helpers; the errors,
// word for word. WASMCONV_TEST_THREADS=3 runs it on the threaded build.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';
import { product, relativeError, rng, seedFromEnv } from './support/random.mjs';
import { testThreads } from './support/threads.mjs';

const wc = await load({ threads: testThreads() });
const layerName = (op) => `create${op[0].toUpperCase()}${op.slice(1)}`;

// [N, C, ...spatial] data as [N, ...spatial, C], written out from the definition.
function toLast(data, shape) {
  const [n, c, ...spatial] = shape;
  const pixels = product(spatial);
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < pixels; p++) out[(b * pixels + p) * c + ch] = data[(b * c + ch) * pixels + p];
  return { data: out, shape: [n, ...spatial, c] };
}

const ACTIVATIONS = [undefined, 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'silu', 'gelu',
  { clamp: [-0.5, 0.5] }, { leakyRelu: 0.1 }];

function randomSetting(r) {
  const transposed = r.next() < 0.4;
  const nd = r.pick([1, 2, 2, 3]);
  const kind = r.pick(['dense', 'dense', 'grouped', 'depthwise']);
  const groups = kind === 'dense' ? 1 : kind === 'grouped' ? r.int(2, 3) : r.int(2, 6);
  const cig = kind === 'depthwise' ? 1 : r.int(1, 6);
  const cog = kind === 'depthwise' && !transposed ? r.int(1, 2) : r.int(1, 6);
  const spatial = Array.from({ length: nd }, () => r.int(nd === 3 ? 3 : 4, nd === 3 ? 6 : 13));
  const kernel = Array.from({ length: nd }, () => r.int(1, 3));
  const stride = Array.from({ length: nd }, () => (r.next() < 0.6 ? 1 : 2));
  const dilation = Array.from({ length: nd }, () => (r.next() < 0.8 ? 1 : 2));
  const padding = transposed ? r.int(0, 1) : r.pick([0, 1, 'same', 'valid']);
  const n = r.int(1, 2);
  const xShape = [n, groups * cig, ...spatial];
  const wShape = transposed ? [groups * cig, cog, ...kernel] : [groups * cog, cig, ...kernel];
  const op = `${transposed ? 'convTranspose' : 'conv'}${nd}d`;
  const options = { stride, dilation, padding, groups };
  if (r.next() < 0.5) options.bias = r.tensor(groups * cog);
  return { op, kind, nd, xShape, wShape, options };
}

// True when the fast paths may read the setting's channels-last data in place with sums in
// another order than the 'nchw' call's: a 1x1 whose 'nchw' call does not run the GEMM (fewer
// than 2 input or 4 output channels), a 2-D depthwise convolution with multiplier 1.
function inPlaceOffGemm(s) {
  const pointwise = s.op.startsWith('conv') && !s.op.startsWith('convTranspose') && s.options.groups === 1 &&
    s.wShape.slice(2).every((k) => k === 1) && s.options.padding !== 1;
  const depthwise = s.op === 'conv2d' && s.kind === 'depthwise' && s.wShape[0] === s.options.groups;
  return (pointwise && (s.wShape[1] < 2 || s.wShape[0] < 4)) || depthwise;
}

// got equals want bit for bit, or within 1e-5 where `close` (inPlaceOffGemm).
function sameAs(got, want, close, what) {
  if (!close) {
    assert.deepEqual(got, want, `${what}: not the transpose, bit for bit`);
    return;
  }
  const error = relativeError(got, want);
  assert.ok(error <= 1e-5, `${what}: ${error} from the transpose`);
}

test("'nhwc' gives the transpose of the 'nchw' result bit for bit, and the reference's within 1e-4: every op, rank, groups, activation, residual", () => {
  const seed = seedFromEnv(20261207);
  const r = rng(seed);
  const seen = {};
  let checked = 0;
  for (let it = 0; it < 400 && checked < 150; it++) {
    const s = randomSetting(r);
    let shape;
    try {
      shape = wc.outputShape(s.op, s.xShape, s.wShape, s.options);
    } catch (e) {
      if (e instanceof WasmconvError) continue;  // e.g. a kernel larger than the input
      throw e;
    }
    const what = `seed ${seed} #${it} ${JSON.stringify({ ...s, options: { ...s.options, bias: !!s.options.bias } })}`;
    const activation = ACTIVATIONS[checked % ACTIVATIONS.length];
    const x = { data: r.tensor(product(s.xShape)), shape: s.xShape };
    const w = { data: r.tensor(product(s.wShape)), shape: s.wShape };
    const residual = r.next() < 0.5 ? { data: r.tensor(product(shape)), shape } : undefined;
    const options = { ...s.options, activation };
    const first = wc[s.op](x, w, { ...options, residual });
    const xLast = toLast(x.data, x.shape);
    const rLast = residual && toLast(residual.data, residual.shape);
    const want = toLast(first.data, first.shape);
    assert.deepEqual(wc.outputShape(s.op, xLast.shape, s.wShape, { ...s.options, layout: 'nhwc' }), want.shape, what);
    const last = wc[s.op](xLast, w, { ...options, layout: 'nhwc', residual: rLast });
    assert.deepEqual(last.shape, want.shape, what);
    const close = inPlaceOffGemm(s);
    sameAs(last.data, want.data, close, what);
    const reference = wc[s.op](x, w, { ...options, residual, backend: 'reference' });
    const error = relativeError(last.data, toLast(reference.data, reference.shape).data);
    assert.ok(error <= 1e-4, `${what}: ${error} from the reference`);
    const lastReference = wc[s.op](xLast, w, { ...options, layout: 'nhwc', residual: rLast, backend: 'reference' });
    assert.deepEqual(lastReference.data, toLast(reference.data, reference.shape).data, `${what}: the reference, nhwc`);
    const layer = wc[layerName(s.op)](w, { ...options, layout: 'nhwc' });
    assert.deepEqual(layer.outputShape(xLast.shape), want.shape, what);
    sameAs(layer.run(xLast, { residual: rLast }).data, want.data, close, `${what}: layer`);
    if (close) seen.inPlaceOffGemm = (seen.inPlaceOffGemm ?? 0) + 1;
    layer.dispose();
    seen[s.op] = (seen[s.op] ?? 0) + 1;
    seen[s.kind] = (seen[s.kind] ?? 0) + 1;
    if (residual) seen.residual = (seen.residual ?? 0) + 1;
    if (s.xShape[0] === 2) seen.batch2 = (seen.batch2 ?? 0) + 1;
    if (s.options.stride.some((v) => v > 1)) seen.stride = (seen.stride ?? 0) + 1;
    if (s.options.dilation.some((v) => v > 1)) seen.dilation = (seen.dilation ?? 0) + 1;
    checked++;
  }
  assert.equal(checked, 150, `seed ${seed}: only ${checked} settings planned`);
  for (const key of ['conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d',
    'grouped', 'depthwise', 'residual', 'batch2', 'stride', 'dilation']) {
    assert.ok((seen[key] ?? 0) >= 3, `seed ${seed}: only ${seen[key] ?? 0} ${key} settings`);
  }
});

test("'nhwc' with wasm tensors: fromImage's channels-last tensor in, a chain of layers with no copies, unbatched inputs", () => {
  const r = rng(seedFromEnv(5));
  const w1 = { data: r.tensor(8 * 3 * 3 * 3), shape: [8, 3, 3, 3] };
  const w2 = { data: r.tensor(8 * 1 * 3 * 3), shape: [8, 1, 3, 3] };
  const a = wc.createConv2d(w1, { padding: 1, layout: 'nhwc', activation: 'relu' });
  const b = wc.createConv2d(w2, { padding: 1, groups: 8, layout: 'nhwc' });
  const x = { data: r.tensor(2 * 9 * 7 * 3), shape: [2, 9, 7, 3] };
  const xt = wc.createTensor(x.data, x.shape);
  const mid = wc.createTensor(new Float32Array(2 * 9 * 7 * 8), [2, 9, 7, 8]);
  const out = wc.createTensor(new Float32Array(2 * 9 * 7 * 8), [2, 9, 7, 8]);
  assert.equal(a.run(xt, { output: mid }), mid);
  assert.equal(b.run(mid, { output: out, residual: mid }), out);
  // The same chain on plain arrays, channels-first, transposed at the end.
  const a1 = wc.createConv2d(w1, { padding: 1, activation: 'relu' });
  const b1 = wc.createConv2d(w2, { padding: 1, groups: 8 });
  const xFirst = { data: new Float32Array(x.data.length), shape: [2, 3, 9, 7] };
  for (let n = 0; n < 2; n++)
    for (let p = 0; p < 63; p++)
      for (let c = 0; c < 3; c++) xFirst.data[(n * 3 + c) * 63 + p] = x.data[(n * 63 + p) * 3 + c];
  const m1 = a1.run(xFirst);
  const y1 = b1.run(m1, { residual: m1 });
  assert.deepEqual(out.read(), toLast(y1.data, y1.shape).data);
  // Unbatched [H, W, C].
  const single = { data: x.data.slice(0, 63 * 3), shape: [9, 7, 3] };
  const y = a.run(single);
  assert.deepEqual(y.shape, [9, 7, 8]);
  assert.deepEqual(y.data, mid.read().slice(0, 63 * 8));
  // fromImage's channels-last tensor goes straight in.
  const image = { data: new Uint8ClampedArray(7 * 9 * 4).map((_, i) => (i * 37) % 256), width: 7, height: 9 };
  const t = wc.fromImage(image, { layout: 'nhwc' });
  assert.deepEqual(t.shape, [1, 9, 7, 3]);
  assert.deepEqual(a.run(t).shape, [1, 9, 7, 8]);
  for (const d of [xt, mid, out]) d.dispose();
  for (const l of [a, b, a1, b1]) l.dispose();
});

test("'nhwc' shape helpers, padding and the convolution matrix read the channels from the last axis", () => {
  assert.deepEqual(wc.outputShape('conv3d', [2, 5, 6, 7, 4], [8, 4, 3, 3, 3], { layout: 'nhwc' }), [2, 3, 4, 5, 8]);
  assert.deepEqual(wc.outputShape('convTranspose1d', [10, 4], [4, 6, 3], { stride: 2, layout: 'nhwc' }), [21, 6]);
  assert.equal(wc.macs('conv2d', [1, 5, 5, 2], [3, 2, 3, 3], { layout: 'nhwc' }), wc.macs('conv2d', [1, 2, 5, 5], [3, 2, 3, 3]));
  assert.deepEqual(wc.padding('conv2d', [1, 5, 5, 2], [3, 2, 3, 3], { padding: 'same', layout: 'nhwc' }), { begin: [1, 1], end: [1, 1] });
  // conv1d, 2 channels of 3 samples, kernel [1, 2, 1]: row (o, c_out) of the nhwc matrix is
  // row (c_out, o) of the nchw one, column (i, c_in) column (c_in, i).
  const w = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [1, 2, 3] };
  const first = wc.convMatrix('conv1d', [1, 2, 3], w, { padding: 1 });
  const last = wc.convMatrix('conv1d', [1, 3, 2], w, { padding: 1, layout: 'nhwc' });
  assert.equal(last.rows, 3);
  assert.equal(last.cols, 6);
  for (let o = 0; o < 3; o++)
    for (let i = 0; i < 3; i++)
      for (let c = 0; c < 2; c++) assert.equal(last.data[o * 6 + i * 2 + c], first.data[o * 6 + c * 3 + i]);
  // By hand: output 0 reads inputs 0 and 1 with taps 2 and 3 (channel 0), 5 and 6 (channel 1).
  assert.deepEqual(Array.from(last.data.slice(0, 6)), [2, 5, 3, 6, 0, 0]);
});

test("'nhwc' errors name the axes, the mix-up and the option's names", () => {
  const w = { data: new Float32Array(8 * 3 * 9), shape: [8, 3, 3, 3] };
  const message = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof WasmconvError, String(e));
      return e.message;
    }
    return assert.fail('no error');
  };
  const nchw = { data: new Float32Array(3 * 9 * 7), shape: [1, 3, 9, 7] };
  const nhwc = { data: new Float32Array(3 * 9 * 7), shape: [1, 9, 7, 3] };
  assert.equal(message(() => wc.conv2d(nhwc, w)),
    "conv2d: weight shape[1] is 3 but input channels 9 / groups 1 = 9 (conv weights are [C_out, C_in/groups, kernel...]); the input would fit layout: 'nhwc' (channels last, C = 3)");
  assert.equal(message(() => wc.conv2d(nchw, w, { layout: 'nhwc' })),
    "conv2d: weight shape[1] is 3 but input channels 7 / groups 1 = 7 (conv weights are [C_out, C_in/groups, kernel...]); the input would fit layout: 'nchw' (channels first, C = 3), the default");
  const layer = wc.createConv2d(w, { layout: 'nhwc' });
  assert.match(message(() => layer.run(nchw)), /would fit layout: 'nchw'/);
  assert.equal(message(() => layer.outputShape([1, 9, 7, 3, 1])),
    'createConv2d: input must have rank 4 (N, H, W, C) or 3 (H, W, C), got shape [1, 9, 7, 3, 1]');
  layer.dispose();
  assert.equal(message(() => wc.conv1d({ data: new Float32Array(4), shape: [2, 2] }, { data: new Float32Array(2), shape: [1, 2, 1] }, { layout: 'nlc' })),
    "conv1d: layout \"nlc\" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras); use 'nhwc', one name for every rank");
  assert.equal(message(() => wc.outputShape('conv3d', [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], { layout: 'NCDHW' })),
    "outputShape: layout \"NCDHW\" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras); use 'nchw', one name for every rank");
  assert.equal(message(() => wc.conv2d(nhwc, w, { layout: 'NHWC' })),
    "conv2d: layout \"NHWC\" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras); did you mean 'nhwc'?");
  assert.equal(message(() => wc.conv2d(nhwc, w, { layout: 'channels_last' })),
    "conv2d: layout \"channels_last\" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras); use 'nhwc' for channels_last");
  assert.equal(message(() => wc.conv2d(nhwc, w, { layout: 'hwio' })),
    "conv2d: layout \"hwio\" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras); that is a weight layout: pass it as weightLayout");
  // Names an object inherits are no layout names (nor hints).
  for (const name of ['toString', 'constructor', '__proto__']) {
    assert.equal(message(() => wc.conv2d(nhwc, w, { layout: name })),
      `conv2d: layout "${name}" is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras)`);
    assert.equal(message(() => wc.conv2d(nhwc, w, { weightLayout: name })),
      `conv2d: weightLayout "${name}" is not one of 'oihw' (PyTorch, ONNX), 'hwio' (TF, Keras)`);
  }
  // A residual in the other layout has the wrong shape.
  assert.equal(message(() => wc.conv2d(nhwc, w, { layout: 'nhwc', residual: { data: new Float32Array(8 * 7 * 5), shape: [1, 8, 7, 5] } })),
    'conv2d: residual has shape [1, 8, 7, 5] but the output shape is [1, 7, 5, 8]');
});
