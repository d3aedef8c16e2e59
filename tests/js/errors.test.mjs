// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Invalid input from JavaScript: each class gets a WasmconvError naming the problem, and
// the module computes correctly right afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load, WasmconvError } from '../../bindings/js/node.js';

const wc = await load();
const t = (shape, fill = 1) => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill), shape });
const x = t([1, 2, 6, 6]);
const w = t([4, 2, 3, 3]);

// [description, call, message pattern]
const CASES = [
  ['input rank', () => wc.conv2d(t([6, 6]), w), /^conv2d: input must have rank 4 \(N, C, H, W\) or 3 \(C, H, W\), got shape \[6, 6\]$/],
  ['input rank 5 for conv2d', () => wc.conv2d(t([1, 1, 2, 6, 6]), w), /^conv2d: input must have rank 4 \(N, C, H, W\) or 3 \(C, H, W\), got shape \[1, 1, 2, 6, 6\]$/],
  ['input rank, 1-D', () => wc.conv1d(t([6]), t([1, 1, 3])), /^conv1d: input must have rank 3 \(N, C, L\) or 2 \(C, L\), got shape \[6\]$/],
  ['input rank, 3-D', () => wc.convTranspose3d(t([2, 6, 6]), t([2, 1, 1, 1, 1])), /^convTranspose3d: input must have rank 5 \(N, C, D, H, W\) or 4 \(C, D, H, W\), got shape \[2, 6, 6\]$/],
  ['weight rank', () => wc.conv2d(x, t([4, 2, 3])), /^conv2d: weight must have rank 4 \(C_out, C_in \/ groups, kH, kW\), got shape \[4, 2, 3\]$/],
  ['transposed weight rank', () => wc.convTranspose1d(t([1, 2, 6]), t([2, 4, 3, 3])), /^convTranspose1d: weight must have rank 3 \(C_in, C_out \/ groups, kL\), got shape \[2, 4, 3, 3\]$/],
  ['data length', () => wc.conv2d({ data: new Float32Array(5), shape: [1, 2, 6, 6] }, w), /input.data has 5 values but shape \[1, 2, 6, 6\] needs 72/],
  ['data type', () => wc.conv2d({ data: [1, 2, 3], shape: [1, 1, 1, 3] }, w), /input.data must be a Float32Array, got \[1, 2, 3\]/],
  ['Float64Array data', () => wc.conv2d({ data: new Float64Array(72), shape: [1, 2, 6, 6] }, w), /input.data must be a Float32Array, got Float64Array/],
  ['not a tensor', () => wc.conv2d(null, w), /input must be a tensor/],
  ['zero size', () => wc.conv2d({ data: new Float32Array(0), shape: [1, 2, 0, 6] }, w), /input.shape\[2\] must be a positive integer, got 0/],
  // A batch of 0 is accepted (an empty result), never a negative one; an unbatched input's
  // first axis is its channels, which may not be 0.
  ['negative batch', () => wc.conv2d({ data: new Float32Array(0), shape: [-1, 2, 6, 6] }, w), /^conv2d: input.shape\[0\] must be a non-negative integer, got -1$/],
  ['zero channels, unbatched', () => wc.conv2d({ data: new Float32Array(0), shape: [0, 6, 6] }, w), /^conv2d: input.shape\[0\] must be a positive integer, got 0$/],
  ['zero channels, batched', () => wc.conv2d({ data: new Float32Array(0), shape: [0, 0, 6, 6] }, w), /^conv2d: input.shape\[1\] must be a positive integer, got 0$/],
  ['zero-size weight', () => wc.conv2d(x, { data: new Float32Array(0), shape: [0, 2, 3, 3] }), /^conv2d: weight.shape\[0\] must be a positive integer, got 0$/],
  ['negative size', () => wc.conv2d({ data: new Float32Array(0), shape: [1, 2, -6, 6] }, w), /input.shape\[2\] must be a positive integer, got -6/],
  ['non-integer size', () => wc.conv2d({ data: new Float32Array(0), shape: [1, 2, 2.5, 6] }, w), /input.shape\[2\] must be a positive integer, got 2.5/],
  ['NaN size', () => wc.conv2d({ data: new Float32Array(0), shape: [1, 2, NaN, 6] }, w), /input.shape\[2\] must be a positive integer, got NaN/],
  ['Infinity size', () => wc.conv2d({ data: new Float32Array(0), shape: [1, 2, Infinity, 6] }, w), /got Infinity/],
  ['zero stride', () => wc.conv2d(x, w, { stride: 0 }), /stride on axis H must be an integer from 1/],
  ['negative stride', () => wc.conv2d(x, w, { stride: [1, -1] }), /stride on axis W must be an integer from 1 .* got -1/],
  ['fractional stride', () => wc.conv2d(x, w, { stride: 1.5 }), /stride must be an integer, got 1.5/],
  ['NaN dilation', () => wc.conv2d(x, w, { dilation: NaN }), /dilation must be an integer, got NaN/],
  ['huge stride', () => wc.conv2d(x, w, { stride: 2 ** 40 }), /stride on axis H must be an integer from 1 to 2147483647/],
  ['stride array length', () => wc.conv2d(x, w, { stride: [1, 1, 1] }), /stride must have 2 entries/],
  // A symmetric padding has no begin or end: the message names the padding as written.
  ['negative padding', () => wc.conv2d(x, w, { padding: -1 }), /^conv2d: padding on axis H must be an integer from 0 to 2147483647, got -1$/],
  ['negative padding on one axis', () => wc.conv2d(x, w, { padding: [1, -2] }), /^conv2d: padding on axis W must be an integer from 0 to 2147483647, got -2$/],
  ['negative padding.begin', () => wc.conv2d(x, w, { padding: { begin: -1 } }), /^conv2d: padding.begin on axis H must be an integer from 0 to 2147483647, got -1$/],
  ['negative padding.end', () => wc.conv1d(t([1, 2, 6]), t([4, 2, 3]), { padding: { begin: 1, end: [-3] } }), /^conv1d: padding.end on axis L must be an integer from 0 to 2147483647, got -3$/],
  ['unknown padding string', () => wc.conv2d(x, w, { padding: 'full' }), /padding "full" is not one of/],
  ['unknown option', () => wc.conv2d(x, w, { strides: 2 }), /unknown option "strides"/],
  ['outputPadding on conv', () => wc.conv2d(x, w, { outputPadding: 1 }), /unknown option "outputPadding"/],
  ['groups not dividing input channels', () => wc.conv2d(t([1, 3, 6, 6]), t([3, 1, 3, 3]), { groups: 2 }), /groups 2 does not divide the input channels 3/],
  ['groups not dividing output channels', () => wc.conv2d(x, t([3, 1, 3, 3]), { groups: 2 }), /groups 2 does not divide the output channels 3/],
  ['channel mismatch', () => wc.conv2d(t([1, 3, 6, 6]), w), /weight shape\[1\] is 2 but input channels 3/],
  ['transposed channel mismatch', () => wc.convTranspose2d(t([1, 3, 6, 6]), w), /weight shape\[0\] is 4 but the input has 3 channels/],
  ['TF-layout weight given as PyTorch\'s', () => wc.conv2d(x, t([3, 3, 2, 4])), /^conv2d: weight shape \[3, 3, 2, 4\] does not fit input channels 2 as 'oihw' \(it would need \[\*, 2, \*, \*\]\); it reads as 'hwio' \[kh, kw, in, out\]: pass weightLayout: 'hwio'$/],
  ['PyTorch-layout weight given as TF\'s', () => wc.conv2d(x, w, { weightLayout: 'hwio' }), /^conv2d: weight shape \[4, 2, 3, 3\] does not fit input channels 2 as 'hwio' .*: pass weightLayout: 'oihw' \(the default\)$/],
  ['unknown weightLayout', () => wc.conv2d(x, w, { weightLayout: 'dhwio' }), /^conv2d: weightLayout "dhwio" is not one of 'oihw' \(PyTorch, ONNX\), 'hwio' \(TF, Keras\); use 'hwio', one name for every rank$/],
  ['bias length', () => wc.conv2d(x, w, { bias: new Float32Array(3) }), /bias has 3 values but there are 4 output channels/],
  ['bias type', () => wc.conv2d(x, w, { bias: [1, 2, 3, 4] }), /bias must be a Float32Array/],
  ['dilated kernel too large', () => wc.conv2d(t([1, 2, 7, 7]), w, { dilation: 4 }), /dilated kernel 9 is larger than padded input 7 on axis H/],
  ['output_padding out of range', () => wc.convTranspose2d(x, t([2, 4, 3, 3]), { stride: 2, outputPadding: [2, 0] }), /output padding 2 on axis H must be from 0 to 1/],
  ['output_shape unreachable', () => wc.convTranspose2d(x, t([2, 4, 3, 3]), { stride: 2, outputShape: [20, 13] }), /output shape 20 on axis H is unreachable: the largest is 14/],
  ['output_shape with padding', () => wc.convTranspose2d(x, t([2, 4, 3, 3]), { outputShape: [8, 8], padding: 1 }), /padding and outputShape cannot both be given: .* here that is \[2, 2\], but outputPadding must be from 0 to max\(stride, dilation\) - 1/],
  ['output_shape with padding "valid"', () => wc.convTranspose2d(x, t([2, 4, 3, 3]), { outputShape: [8, 8], padding: 'valid' }), /padding 'valid' and outputShape cannot both be given: .* here \[0, 0\]$/],
  ['reflect padding too large', () => wc.conv2d(x, w, { padding: 6, paddingMode: 'reflect' }), /^conv2d: reflect padding 6 on axis H must be less than the input size 6$/],
  ['padding mode on transposed', () => wc.convTranspose2d(x, w, { paddingMode: 'reflect' }), /^convTranspose2d: transposed convolution supports only zero padding \(paddingMode 'zeros'\), got paddingMode 'reflect'$/],
  ['unknown padding mode', () => wc.conv2d(x, w, { paddingMode: 'mirror' }), /paddingMode "mirror" is not one of/],
  ['too large for memory', () => wc.outputShape('conv2d', [64, 64, 4096, 4096], [1, 64, 1, 1]), /input of shape 64x64x4096x4096 would need more than 1024 MiB/],
  ['output overflow', () => wc.outputShape('convTranspose2d', [1, 1, 100000, 100000], [1, 1, 3, 3], { stride: 100000 }), /(exceeds|MiB)/],
  ['unknown op', () => wc.outputShape('conv4d', [1], [1]), /unknown op "conv4d"/],
  ['options not an object', () => wc.conv2d(x, w, 5), /options must be an object/],
  ['receptiveField bad layer', () => wc.receptiveField([{ kernel: 0 }]), /receptiveField: layers\[0\].kernel must be an integer from 1 to 2147483647, got 0/],
  ['receptiveField huge layer', () => wc.receptiveField([{ kernel: 3 }, { kernel: 2 ** 40, dilation: 2 ** 40 }]), /layers\[1\].kernel must be an integer from 1 to 2147483647, got 1099511627776/],
  ['receptiveField fractional stride', () => wc.receptiveField([{ kernel: 3, stride: 1.5 }]), /layers\[0\].stride must be an integer, got 1.5/],
  ['receptiveField transposed not boolean', () => wc.receptiveField([{ kernel: 3, transposed: 'yes' }]), /layers\[0\].transposed must be a boolean, got "yes"/],
  ['receptiveField unknown key', () => wc.receptiveField([{ kernel: 3, dilations: 2 }]), /receptiveField: unknown option "dilations"/],
  ['receptiveField not an array', () => wc.receptiveField({ kernel: 3 }), /receptiveField: layers must be an array/],
  // Sparse arrays: a hole is a missing value, never NaN sent to C++.
  ['hole in a shape', () => wc.conv2d({ data: new Float32Array(36), shape: [1, , 6, 6] }, w), /conv2d: input.shape\[1\] must be a positive integer, got undefined/],
  ['hole in a stride array', () => wc.conv2d(x, w, { stride: [, 1] }), /conv2d: stride\[0\] must be an integer, got undefined/],
  ['hole in padding.begin', () => wc.conv2d(x, w, { padding: { begin: [1, ,] } }), /conv2d: padding.begin\[1\] must be an integer, got undefined/],
  ['hole in outputShape', () => wc.convTranspose2d(x, t([2, 4, 3, 3]), { outputShape: [, 8] }), /convTranspose2d: outputShape\[0\] must be an integer, got undefined/],
  ['stride beyond int64', () => wc.conv2d(x, w, { stride: 2 ** 70 }), /conv2d: stride must be an integer, got 1\.1805916207174113e\+21/],
  ['unsafe integer groups', () => wc.conv2d(x, w, { groups: 2 ** 53 }), /conv2d: groups must be an integer, got 9007199254740992/],
  ['groups zero', () => wc.conv2d(x, w, { groups: 0 }), /conv2d: groups must be a positive integer, got 0/],
  ['stride as a string', () => wc.conv2d(x, w, { stride: '2' }), /conv2d: stride must be a number or an array of 2 numbers, got "2"/],
  ['padding object with unknown key', () => wc.conv2d(x, w, { padding: { begin: 1, ends: 1 } }), /conv2d: padding has unknown key "ends"/],
  ['bias of the wrong array type', () => wc.conv2d(x, w, { bias: new Float64Array(4) }), /conv2d: bias must be a Float32Array, got Float64Array/],
  ['convMatrix batch 2', () => wc.convMatrix('conv2d', [2, 1, 4, 4], t([1, 1, 3, 3])), /convMatrix: the convolution matrix needs batch 1, got 2/],
  ['convMatrix too large', () => wc.convMatrix('conv2d', [1, 1, 4096, 4096], t([1, 1, 1, 1])), /convMatrix: the convolution matrix would be 16777216 x 16777216/],
  // A layer checks the options no input could fix when it is created, not at its first run.
  ['layer with stride 0', () => wc.createConv2d(w, { stride: 0 }), /^createConv2d: stride on axis H must be an integer from 1 to 2147483647, got 0$/],
  ['layer with negative padding', () => wc.createConv2d(w, { padding: -1 }), /^createConv2d: padding on axis H must be an integer from 0/],
  ['layer with the wrong bias length', () => wc.createConv2d(w, { bias: new Float32Array(3) }), /^createConv2d: bias has 3 values but there are 4 output channels$/],
  ['layer whose groups do not divide its outputs', () => wc.createConv2d(w, { groups: 3 }), /^createConv2d: groups 3 does not divide the output channels 4/],
  ['transposed layer with too much output padding', () => wc.createConvTranspose2d(t([2, 4, 3, 3]), { stride: 2, outputPadding: 2 }), /^createConvTranspose2d: output padding 2 on axis H must be from 0 to 1/],
  ['transposed layer with reflect padding', () => wc.createConvTranspose1d(t([2, 4, 3]), { paddingMode: 'reflect' }), /^createConvTranspose1d: transposed convolution supports only zero padding/],
  ['paramCount unknown option', () => wc.paramCount('conv2d', [4, 2, 3, 3], { dilation: 2 }), /paramCount: unknown option "dilation"/],
];

for (const [name, call, pattern] of CASES) {
  test(`rejects ${name}`, () => {
    assert.throws(call, (e) => {
      assert.ok(e instanceof WasmconvError, `expected WasmconvError, got ${e && e.name}: ${e && e.message}`);
      assert.ok(e instanceof Error);
      assert.match(e.message, pattern);
      return true;
    });
    // The module stays usable: a correct call right after the error.
    const y = wc.conv2d(x, w, { padding: 1 });
    assert.equal(y.data[7], 2 * 9);
  });
}

test('out-of-memory is an Error with code out_of_memory, and the module recovers', () => {
  const one = { data: Float32Array.of(3), shape: [1, 1, 1, 1] };
  let caught;
  try {
    // An input and an output just below 1 GiB each (the largest tensor accepted): together
    // beyond what the 2 GiB wasm memory can hold, whatever scratch the kernel needs.
    wc.conv2d({ data: new Float32Array(16_384 * 16_383), shape: [1, 1, 16_384, 16_383] }, { data: new Float32Array([1]), shape: [1, 1, 1, 1] });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WasmconvError, String(caught));
  assert.equal(caught.code, 'out_of_memory');
  assert.match(caught.message, /out of memory|MiB/);
  assert.deepEqual(Array.from(wc.conv2d(one, one).data), [9]);
});
