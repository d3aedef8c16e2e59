// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The transposed output size (web/output-size.js, state `output-size`) over every reachable
// size of many settings: the padding read back from the library reproduces its result;
// the zero-inserted mechanics with those (possibly negative) pads give the library's
// output; and the PyTorch code means the same layer: either padding p with
// forward(output_size=o), which PyTorch runs as output_padding o - ((i - 1)s - 2p + K)
// (that must stay below the stride), or the unpadded output cropped by F.pad. Both are
// replayed here with the library.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { imageOutputSize, reachableSizes } from '../../web/output-size.js';
import { layerOf, parseState, serializeState } from '../../web/state.js';
import { layerCode } from '../../web/views/code.js';
import { explicitPadding } from '../../web/views/explicit-padding.js';
import { teachingTensors, transposedZeroInserted } from '../../web/views/mechanics-data.js';

const wc = await load();

const numbered = (shape) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7) % 11) - 5),
  shape,
});

// F.pad(y, (left, right, top, bottom)): negative crops, positive adds zeros.
function pad2d(y, [left, right, top, bottom]) {
  const [, , h, w] = y.shape;
  const [oh, ow] = [h + top + bottom, w + left + right];
  const data = new Float32Array(oh * ow);
  for (let r = 0; r < oh; r++)
    for (let c = 0; c < ow; c++) {
      const [sr, sc] = [r - top, c - left];
      if (sr >= 0 && sc >= 0 && sr < h && sc < w) data[r * ow + c] = y.data[sr * w + sc];
    }
  return { data, shape: [1, 1, oh, ow] };
}

// Runs the PyTorch code the page writes, with the library standing in for PyTorch.
function replayTorch(torch, state, x, w) {
  const stride = state.stride;
  const dilation = state.dilation;
  const padding = /ConvTranspose2d\(.*padding=\((\d+), (\d+)\)/.exec(torch);
  const sized = /y = layer\(x, output_size=\((\d+), (\d+)\)\)/.exec(torch);
  if (sized) {
    const p = [Number(padding[1]), Number(padding[2])];
    const o = [Number(sized[1]), Number(sized[2])];
    const outputPadding = [0, 1].map((a) => {
      const min = (state.input[a] - 1) * stride[a] - 2 * p[a] + dilation[a] * (state.kernel[a] - 1) + 1;
      const extra = o[a] - min;
      assert.ok(extra >= 0 && extra < stride[a], `PyTorch would reject output_size ${o} (${torch})`);
      return extra;
    });
    return wc.convTranspose2d(x, w, { stride, dilation, padding: p, outputPadding });
  }
  const cut = /functional\.pad\(layer\(x\), \((-?\d+), (-?\d+), (-?\d+), (-?\d+)\)\)/.exec(torch);
  assert.ok(cut && /padding=0/.test(torch), torch);
  return pad2d(wc.convTranspose2d(x, w, { stride, dilation }), cut.slice(1).map(Number));
}

test('every reachable output size: derived pads, zero-inserted mechanics and PyTorch code agree with the library', () => {
  let cases = 0;
  let negative = 0;
  let cropped = 0;
  for (const [i, k, s, d, op] of [
    [3, 3, 2, 1, 0],
    [3, 3, 2, 1, 1],
    [2, 2, 3, 1, 2],
    [4, 3, 1, 2, 1],
    [3, 4, 2, 1, 0],
    [1, 3, 3, 2, 0],
    [2, 1, 4, 1, 0],
  ]) {
    const sizes = reachableSizes(i, k, s, d);
    for (const o of sizes) {
      const other = sizes[sizes.length - 1 - Math.floor(sizes.length / 3)];
      const { state, errors } = parseState(
        `?mode=transposed&input=${i}&kernel=${k}&stride=${s}&dilation=${d}&output-padding=${op}&output-size=${o}x${other}`,
      );
      assert.deepEqual(errors, []);
      const layer = layerOf(state);
      const outputShape = wc.outputShape(layer.op, layer.xShape, layer.wShape, layer.options);
      assert.deepEqual(outputShape.slice(2), [o, other]);
      const pads = explicitPadding(wc, layer, outputShape);
      // ONNX's total, split with the extra unit at the beginning.
      const U = (i - 1) * s + d * (k - 1) + 1;
      assert.equal(pads.begin[0] + pads.end[0], U + op - o);
      assert.equal(pads.end[0], Math.floor((U + op - o) / 2));
      if (pads.begin[0] < 0 || pads.end[0] < 0) negative++;
      const x = numbered(layer.xShape);
      const w = numbered(layer.wShape);
      const want = wc.convTranspose2d(x, w, layer.options);
      // Mechanics: the zero-inserted grid with those pads, a stride-1 convolution.
      const zero = transposedZeroInserted(wc, layer, outputShape);
      const { x: tx, w: tw } = teachingTensors(layer);
      const teaching = wc.convTranspose2d(tx, tw, layer.options);
      assert.deepEqual(Array.from(zero.output.data), Array.from(teaching.data), `zero-inserted, o = ${o}`);
      // PyTorch, replayed.
      const { torch, onnx, js } = layerCode(state, outputShape, pads);
      if (!/output_size=/.test(torch)) cropped++;
      const got = replayTorch(torch, state, x, w);
      assert.deepEqual(got.shape, want.shape, torch);
      assert.deepEqual(Array.from(got.data), Array.from(want.data), torch);
      assert.deepEqual(JSON.parse(onnx).output_shape, [o, other]);
      assert.match(js, new RegExp(`outputShape: \\[${o},${other}\\]`));
      // The URL round-trips.
      assert.deepEqual(parseState(serializeState(state)).state.outputSize, [o, other]);
      cases++;
    }
  }
  assert.ok(cases > 50 && negative > 5 && cropped > 5, `${cases} cases, ${negative} negative, ${cropped} cropped`);
});

test('the image keeps the grid’s derived padding: its size follows the same growth', () => {
  const { state } = parseState('?mode=transposed&input=5&kernel=4&stride=2&output-size=10x13');
  const [h, w] = imageOutputSize(state, [256, 100]);
  // Grid: U = (5 - 1) * 2 + 4 = 12, so 10 and 13 are growths -2 and +1; image: U = 514 and 202.
  assert.deepEqual([h, w], [512, 203]);
  const grid = explicitPadding(wc, layerOf(state), [1, 1, 10, 13]);
  const image = { ...layerOf(state), xShape: [1, 1, 256, 100], options: { ...layerOf(state).options, outputShape: [h, w] } };
  assert.deepEqual(explicitPadding(wc, image, [1, 1, h, w]), grid);
});

test('crafted output sizes: not a pair, out of range, or in convolution mode', () => {
  assert.match(parseState('?mode=transposed&output-size=8y').errors[0], /output-size=8y is not a number or HxW pair/);
  assert.match(parseState('?mode=transposed&output-size=0').errors[0], /each value must be from 1 to 999/);
  assert.match(parseState('?output-size=8').errors[0], /applies to mode=transposed only/);
  assert.equal(parseState('?output-size=8').state.outputSize, null);
});
