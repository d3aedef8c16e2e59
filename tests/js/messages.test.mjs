// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The messages a PyTorch or TF.js user meets when an option means something else here, each
// asserted word for word, and the rule for `padding` beside a transposed `outputShape`:
// outputShape derives the padding (ONNX), so `padding` may be left out (or zeros, ONNX's
// default pads) or only say how the derived total is split ('same' / 'same_upper',
// 'same_lower'); a padding of one's own, or 'valid', is refused with the outputPadding that
// reaches the size while keeping it (what PyTorch's output_size computes).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';
import { product, rng, seedFromEnv } from './support/random.mjs';

const wc = await load();
const ramp = (shape) => ({ data: Float32Array.from({ length: product(shape) }, (_, i) => (i % 7) - 3), shape });

// Throws a WasmconvError whose message is exactly `message`; returns it.
function refuses(call, message) {
  let caught;
  assert.throws(call, (e) => {
    caught = e;
    return e instanceof WasmconvError && e.code === 'invalid_argument';
  });
  assert.equal(caught.message, message);
  return caught.message;
}

test("paddingMode on a transposed op: 'zeros' is accepted, the others say why not", () => {
  const ops = [
    ['convTranspose1d', ramp([1, 2, 5]), ramp([2, 3, 3])],
    ['convTranspose2d', ramp([1, 2, 4, 5]), ramp([2, 3, 3, 2])],
    ['convTranspose3d', ramp([1, 2, 3, 4, 2]), ramp([2, 1, 2, 2, 3])],
  ];
  for (const [op, x, w] of ops) {
    const plain = wc[op](x, w, { stride: 2 });
    assert.deepEqual(wc[op](x, w, { stride: 2, paddingMode: 'zeros' }), plain);
    const create = `create${op[0].toUpperCase()}${op.slice(1)}`;
    const layer = wc[create](w, { stride: 2, paddingMode: 'zeros' });
    assert.deepEqual(layer.run(x), plain);
    layer.dispose();
    for (const mode of ['reflect', 'replicate', 'circular']) {
      const message = `transposed convolution supports only zero padding (paddingMode 'zeros'), got paddingMode '${mode}'`;
      refuses(() => wc[op](x, w, { paddingMode: mode }), `${op}: ${message}`);
      refuses(() => wc.outputShape(op, x.shape, w.shape, { paddingMode: mode }), `outputShape: ${message}`);
      // A layer refuses it when it is created, not at its first run.
      refuses(() => wc[create](w, { paddingMode: mode }), `${create}: ${message}`);
    }
  }
  // A value that is no padding mode at all is still named as such.
  refuses(() => wc.convTranspose1d(ramp([1, 2, 5]), ramp([2, 3, 3]), { paddingMode: 'mirror' }),
    `convTranspose1d: paddingMode "mirror" is not one of 'zeros', 'reflect', 'replicate', 'circular'`);
});

test("padding 'same' with reflect or circular borders: the message says the padding came from 'same'", () => {
  const x = ramp([1, 1, 3]);
  const w = ramp([1, 1, 7]);
  const tail = 'but reflect padding must be less than the input size 3: use paddingMode \'replicate\' or \'zeros\'';
  for (const padding of ['same', 'same_upper']) {
    refuses(() => wc.conv1d(x, w, { padding, paddingMode: 'reflect' }),
      `conv1d: padding 'same' needs 3 on axis L (derived from the kernel 7 and dilation 1), ${tail}`);
  }
  refuses(() => wc.conv1d(x, w, { padding: 'same_lower', paddingMode: 'reflect' }),
    `conv1d: padding 'same_lower' needs 3 on axis L (derived from the kernel 7 and dilation 1), ${tail}`);
  // Stride and dilation enter the derived amount, and are named when they do.
  // H: 3 taps at dilation 3 span 7; output ceil(2 / 2) = 1; total 7 - 2 = 5, split 2 / 3.
  refuses(() => wc.conv2d(ramp([1, 1, 2, 8]), ramp([1, 1, 3, 1]), { padding: 'same', paddingMode: 'circular', dilation: [3, 1], stride: [2, 1] }),
    "conv2d: padding 'same' needs 3 on axis H (derived from the kernel 3 and dilation 3 at stride 2), but circular padding must not exceed the input size 2: use paddingMode 'replicate' or 'zeros'");
  // Explicit padding keeps its message: it is the caller's own number.
  refuses(() => wc.conv1d(x, w, { padding: 3, paddingMode: 'reflect' }),
    'conv1d: reflect padding 3 on axis L must be less than the input size 3');
  // Where 'same' fits, it works with every mode.
  assert.deepEqual(wc.conv1d(ramp([1, 1, 8]), w, { padding: 'same', paddingMode: 'reflect' }).shape, [1, 1, 8]);
});

test('padding beside outputShape: the message gives the outputPadding PyTorch would derive, and it works', () => {
  const x = ramp([1, 1, 3, 3]);
  const w = ramp([1, 1, 3, 3]);
  const head = 'convTranspose2d: padding and outputShape cannot both be given: outputShape derives the padding (ONNX). ' +
    "To keep your padding and reach a given size, as PyTorch's output_size does, pass outputPadding = outputSize - " +
    '((in-1)*stride - ';
  refuses(() => wc.convTranspose2d(x, w, { stride: [3, 2], padding: 1, outputShape: [8, 6] }),
    `${head}2*padding + dilation*(k-1) + 1) instead of outputShape: here [1, 1]`);
  // PyTorch: ConvTranspose2d(1, 1, 3, stride=(3, 2), padding=1)(x, output_size=(8, 6)) is
  // this call; its result has the requested size.
  assert.deepEqual(wc.convTranspose2d(x, w, { stride: [3, 2], padding: 1, outputPadding: [1, 1] }).shape, [1, 1, 8, 6]);
  refuses(() => wc.convTranspose2d(x, w, { stride: [3, 2], padding: { begin: [0, 1], end: [1, 1] }, outputShape: [12, 6] }),
    `${head}padding.begin - padding.end + dilation*(k-1) + 1) instead of outputShape: here that is [4, 1], but ` +
    'outputPadding must be from 0 to max(stride, dilation) - 1, so no outputPadding reaches outputShape [12, 6] with this padding');
  // 'valid' asks for no padding: the same help, with no padding in the formula.
  refuses(() => wc.convTranspose2d(x, w, { stride: [3, 2], padding: 'valid', outputShape: [10, 8] }),
    "convTranspose2d: padding 'valid' and outputShape cannot both be given: outputShape derives the padding (ONNX), " +
    "and 'valid' asks for none. To reach a given size with no padding, pass outputPadding = outputSize - " +
    '((in-1)*stride + dilation*(k-1) + 1) instead of outputShape: here [1, 1]');
  assert.deepEqual(wc.convTranspose2d(x, w, { stride: [3, 2], padding: 'valid', outputPadding: [1, 1] }).shape, [1, 1, 10, 8]);
});

test('the outputPadding a refusal names reaches the requested size, 1-D to 3-D (random settings)', () => {
  const seed = seedFromEnv(4242);
  const r = rng(seed);
  let reachable = 0;
  let unreachable = 0;
  for (let it = 0; it < 300; it++) {
    const nd = r.int(1, 3);
    const op = `convTranspose${nd}d`;
    const xs = Array.from({ length: nd }, () => r.int(1, 6));
    const ks = Array.from({ length: nd }, () => r.int(1, 4));
    const stride = Array.from({ length: nd }, () => r.int(1, 3));
    const dilation = Array.from({ length: nd }, () => r.int(1, 2));
    const valid = r.next() < 0.2;
    const begin = Array.from({ length: nd }, () => (valid ? 0 : r.int(0, 2)));
    const end = r.next() < 0.5 ? begin.slice() : begin.map(() => (valid ? 0 : r.int(0, 2)));
    if (!valid && begin.every((v) => v === 0) && end.every((v) => v === 0)) begin[0] = 1;
    const padding = valid ? 'valid' : { begin, end };
    const full = xs.map((i, a) => (i - 1) * stride[a] - begin[a] - end[a] + dilation[a] * (ks[a] - 1) + 1);
    if (full.some((o) => o < 1)) continue;
    const outputShape = full.map((o) => o + r.int(-1, 3));
    if (outputShape.some((o) => o < 1)) continue;
    const xShape = [1, 1, ...xs];
    const wShape = [1, 1, ...ks];
    let message;
    try {
      wc.outputShape(op, xShape, wShape, { stride, dilation, padding, outputShape });
    } catch (e) {
      message = e.message;
    }
    const context = `seed ${seed}, ${JSON.stringify({ op, xs, ks, stride, dilation, padding, outputShape })}`;
    assert.ok(message, `expected a refusal: ${context}`);
    const found = /: here (that is )?\[([-\d, ]+)\]/.exec(message);
    assert.ok(found, `${message} (${context})`);
    const outputPadding = found[2].split(', ').map(Number);
    const inRange = outputPadding.every((p, a) => p >= 0 && p < Math.max(stride[a], dilation[a]));
    assert.equal(found[1] === undefined, inRange, message);
    if (inRange) {
      reachable++;
      assert.deepEqual(wc.outputShape(op, xShape, wShape, { stride, dilation, padding, outputPadding }).slice(2), outputShape, context);
    } else {
      unreachable++;
      assert.match(message, new RegExp(`no outputPadding reaches outputShape \\[${outputShape.join(', ')}\\] with this padding$`));
      assert.throws(() => wc.outputShape(op, xShape, wShape, { stride, dilation, padding, outputPadding }), /output padding -?\d+ on axis \w must be from 0 to/);
    }
  }
  assert.ok(reachable > 30 && unreachable > 30, `both kinds checked (${reachable} reachable, ${unreachable} not)`);
});

test('padding forms accepted beside outputShape, and how each splits the derived padding', () => {
  const x = ramp([1, 1, 3, 3]);
  const w = ramp([1, 1, 3, 3]);
  // H: unpadded (3-1)*3 + 3 = 9, total 9 - 6 = 3 (odd); W: (3-1)*2 + 3 = 7, total 0.
  const options = { stride: [3, 2], outputShape: [6, 7] };
  const call = (padding) => wc.convTranspose2d(x, w, { ...options, padding });
  const pads = (padding) => wc.padding('convTranspose2d', x.shape, w.shape, { ...options, padding });
  const none = call(undefined);
  assert.deepEqual(none.shape, [1, 1, 6, 7]);
  // No padding, zeros in any form and 'same_lower': ONNX's default split, the odd unit first.
  assert.deepEqual(pads(undefined), { begin: [2, 0], end: [1, 0] });
  for (const padding of [0, [0, 0], { begin: 0, end: 0 }, { begin: [0, 0] }, 'same_lower']) {
    assert.deepEqual(call(padding), none, JSON.stringify(padding));
    assert.deepEqual(pads(padding), { begin: [2, 0], end: [1, 0] }, JSON.stringify(padding));
  }
  // 'same' and 'same_upper': the odd unit at the end.
  const upper = call('same');
  assert.deepEqual(upper.shape, [1, 1, 6, 7]);
  assert.deepEqual(call('same_upper'), upper);
  assert.deepEqual(pads('same'), { begin: [1, 0], end: [2, 0] });
  assert.notDeepEqual(upper.data, none.data);
  // Refused: any padding of the caller's own, and 'valid'.
  for (const padding of [1, [0, 1], { begin: [1, 0] }, { end: 2 }, 'valid']) {
    assert.throws(() => call(padding), /cannot both be given: outputShape derives the padding \(ONNX\)/, JSON.stringify(padding));
  }
});

test('a transposed output that is not positive names the padding as it was written', () => {
  const x = ramp([1, 1, 2, 2]);
  const w = ramp([1, 1, 3, 3]);
  refuses(() => wc.convTranspose2d(x, w, { padding: 3 }),
    'convTranspose2d: output size -2 on axis H is not positive: (input 2 - 1) * stride 1 + kernel 3 + output padding 0 - 2 * padding 3');
  refuses(() => wc.convTranspose1d(ramp([1, 1, 3]), ramp([1, 1, 3]), { stride: 2, dilation: 2, outputPadding: 1, padding: { begin: 4, end: 7 } }),
    'convTranspose1d: output size -1 on axis L is not positive: (input 3 - 1) * stride 2 + dilated kernel 5 + output padding 1 - padding.begin 4 - padding.end 7');
});
