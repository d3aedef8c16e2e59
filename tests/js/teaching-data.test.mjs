// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground's teaching computations in Node, over many settings: the zero-inserted
// form of a transposed convolution (zeros, padding d(k - 1) - p, flipped kernel, stride 1)
// gives exactly the library's convTranspose2d; the scatter windows and running sums add
// up to it; named padding resolves to the library's begin / end split; the many-to-one
// size mapping round-trips through output_padding; the concept list has CONCEPTS.md's numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { conceptFacts, sizeMapping } from '../../web/views/concepts-data.js';
import { explicitPadding } from '../../web/views/explicit-padding.js';
import { convGather, transposedScatter, transposedZeroInserted } from '../../web/views/mechanics-data.js';
import { fieldRows } from '../../web/views/receptive-field-drawing.js';

const wc = await load();

function* settings() {
  for (const [ih, iw] of [
    [2, 2],
    [3, 4],
    [5, 3],
  ]) {
    for (const [kh, kw] of [
      [1, 1],
      [2, 3],
      [3, 3],
      [4, 2],
    ]) {
      for (const [sh, sw] of [
        [1, 1],
        [2, 2],
        [3, 1],
      ]) {
        for (const [dh, dw] of [
          [1, 1],
          [2, 1],
        ]) {
          for (const padding of [0, 1, 3, 'same', 'valid', { begin: [0, 2], end: [1, 0] }]) {
            for (const opad of [0, 1]) {
              const outputPadding = [Math.min(opad, Math.max(sh, dh) - 1), Math.min(opad, Math.max(sw, dw) - 1)];
              yield {
                xShape: [1, 1, ih, iw],
                wShape: [1, 1, kh, kw],
                options: { stride: [sh, sw], dilation: [dh, dw], padding, outputPadding },
              };
            }
          }
        }
      }
    }
  }
}

// The settings the library accepts (some paddings crop everything away).
function valid(op, layer) {
  try {
    return wc.outputShape(op, layer.xShape, layer.wShape, layer.options);
  } catch {
    return null;
  }
}

test('zero-inserted form and scatter both equal convTranspose2d, for every accepted setting', () => {
  let checked = 0;
  for (const layer of settings()) {
    const full = { op: 'convTranspose2d', ...layer };
    const shape = valid('convTranspose2d', layer);
    if (!shape) continue;
    let zero;
    try {
      zero = transposedZeroInserted(wc, full, shape);
    } catch (e) {
      // Only 'same' with a kernel smaller than the stride has no explicit equivalent.
      assert.equal(layer.options.padding, 'same', `${JSON.stringify(layer)}: ${e.message}`);
      continue;
    }
    const scatter = transposedScatter(wc, full);
    assert.deepEqual(zero.output.shape, shape, JSON.stringify(layer));
    assert.deepEqual(Array.from(scatter.byMatrix), Array.from(scatter.output.data), JSON.stringify(layer));
    assert.deepEqual(Array.from(zero.output.data), Array.from(scatter.output.data), JSON.stringify(layer));
    // The last running sum is the whole output.
    const n = layer.xShape[2] * layer.xShape[3];
    assert.deepEqual(Array.from(scatter.partial(n - 1)), Array.from(scatter.output.data));
    // An input value sits at most once in the zero-inserted grid, and surely when it feeds
    // an output (a nonempty column of C^T); padding beyond d(k - 1) may crop the others off
    // (or leave them where the dilated kernel's gaps skip them).
    const placed = zero.source.cells.filter((c) => c.kind === 'value').map((c) => c.input);
    for (let j = 0; j < n; j++) {
      const feeds = Array.from(
        { length: scatter.windows.rows },
        (_, r) => scatter.windows.data[r * scatter.windows.cols + j],
      ).some(Boolean);
      const times = placed.filter((p) => p === j).length;
      assert.ok(feeds ? times === 1 : times <= 1, `${JSON.stringify(layer)} input ${j} placed ${times} times`);
    }
    checked++;
  }
  assert.ok(checked > 400, `only ${checked} settings checked`);
});

test('the convolution view: the padded input read at the stride gives conv2d', () => {
  let checked = 0;
  for (const layer of settings()) {
    const options = { ...layer.options, outputPadding: undefined };
    const conv = { op: 'conv2d', ...layer, options };
    const shape = valid('conv2d', conv);
    if (!shape) continue;
    const data = convGather(wc, conv, shape);
    const [rows, cols] = [data.windows.rows, data.windows.cols];
    assert.equal(rows, shape[2] * shape[3]);
    assert.equal(cols, data.source.rows * data.source.cols);
    // Output r = sum over its window of source value x tap, taps in window order.
    for (let r = 0; r < rows; r++) {
      const window = [];
      for (let q = 0; q < cols; q++) if (data.windows.data[r * cols + q] !== 0) window.push(q);
      const sum = window.reduce((s, q, t) => s + data.source.values[q] * data.kernel.values[t], 0);
      assert.equal(sum, data.output.data[r], `${JSON.stringify(layer)} output ${r}`);
    }
    checked++;
  }
  assert.ok(checked > 400, `only ${checked} settings checked`);
});

test("named padding resolves to the library's own begin / end split", () => {
  // 'same' with a 6-wide kernel on 10: total 5, the extra unit at the end (same_upper).
  const layer = {
    op: 'conv2d',
    xShape: [1, 1, 10, 10],
    wShape: [1, 1, 6, 6],
    options: { stride: [1, 1], dilation: [1, 1], padding: 'same' },
  };
  assert.deepEqual(explicitPadding(wc, layer, [1, 1, 10, 10]), { begin: [2, 2], end: [3, 3] });
  const valid = { ...layer, options: { ...layer.options, padding: 'valid' } };
  assert.deepEqual(explicitPadding(wc, valid, [1, 1, 5, 5]), { begin: [0, 0], end: [0, 0] });
  // Transposed 'same' (output = input x stride): 4 -> 8 with kernel 4, stride 2: total 2.
  const t = {
    op: 'convTranspose2d',
    xShape: [1, 1, 4, 4],
    wShape: [1, 1, 4, 4],
    options: { stride: [2, 2], dilation: [1, 1], padding: 'same', outputPadding: [0, 0] },
  };
  const pads = explicitPadding(wc, t, [1, 1, 8, 8]);
  assert.deepEqual(pads, { begin: [1, 1], end: [1, 1] });
  const x = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
  const w = { data: Float32Array.from({ length: 16 }, (_, i) => 1 / (i + 1)), shape: [1, 1, 4, 4] };
  assert.deepEqual(
    wc.convTranspose2d(x, w, { stride: 2, padding: pads }).data,
    wc.convTranspose2d(x, w, { stride: 2, padding: 'same' }).data,
  );
});

test('size mapping: the sizes a strided convolution merges, each given back by its output padding', () => {
  assert.deepEqual(sizeMapping(wc, { i: 4, k: 3, s: 2, d: 1, begin: 1, end: 1 }), [
    { size: 7, outputPadding: 0, back: 7 },
    { size: 8, outputPadding: 1, back: 8 },
  ]);
  // Stride 3 merges three sizes; stride 1 none.
  assert.deepEqual(
    sizeMapping(wc, { i: 5, k: 3, s: 3, d: 1, begin: 0, end: 0 }).map((r) => [r.size, r.outputPadding, r.back]),
    [
      [15, 0, 15],
      [16, 1, 16],
      [17, 2, 17],
    ],
  );
  assert.deepEqual(
    sizeMapping(wc, { i: 5, k: 3, s: 1, d: 1, begin: 0, end: 0 }).map((r) => r.size),
    [7],
  );
  // Every listed size maps onto i, and the transposed op with its output padding returns it.
  for (const spec of [
    { i: 3, k: 4, s: 2, d: 2, begin: 1, end: 0 },
    { i: 6, k: 5, s: 4, d: 1, begin: 2, end: 2 },
  ]) {
    for (const row of sizeMapping(wc, spec)) {
      const o = wc.outputShape('conv1d', [1, 1, row.size], [1, 1, spec.k], {
        stride: spec.s,
        dilation: spec.d,
        padding: { begin: [spec.begin], end: [spec.end] },
      })[2];
      assert.equal(o, spec.i);
      assert.equal(row.back, row.size);
    }
  }
});

test('size mapping finds every size a sweep of all input sizes finds (it asks the library only near the answer)', () => {
  let cases = 0;
  for (const i of [1, 2, 5, 9]) {
    for (const k of [1, 2, 3, 5]) {
      for (const s of [1, 2, 3, 4]) {
        for (const d of [1, 2, 3]) {
          for (const [begin, end] of [[0, 0], [1, 0], [0, 2], [3, 3]]) {
            const K = d * (k - 1) + 1;
            const swept = [];
            for (let n = 1; n <= (i + 1) * s + K + begin + end; n++) {
              try {
                if (wc.outputShape('conv1d', [1, 1, n], [1, 1, k], { stride: s, dilation: d, padding: { begin: [begin], end: [end] } })[2] === i) swept.push(n);
              } catch {
                // no output for this input size
              }
            }
            const spec = { i, k, s, d, begin, end };
            // The mapping needs the transposed layer of i too (padding past its reach has none).
            const transposed = { stride: s, dilation: d, padding: { begin: [begin], end: [end] } };
            if ((i - 1) * s + K - begin - end < 1) {
              assert.throws(() => wc.outputShape('convTranspose1d', [1, 1, i], [1, 1, k], transposed));
              continue;
            }
            assert.deepEqual(sizeMapping(wc, spec).map((r) => r.size), swept, JSON.stringify(spec));
            cases++;
          }
        }
      }
    }
  }
  assert.equal(cases, 671); // of 768: the rest have no transposed layer of i
});

test("the calculator's facts carry CONCEPTS.md's numbers", () => {
  const facts = Object.fromEntries(
    conceptFacts(wc)
      .flatMap((g) => g.facts)
      .map((f) => [f.id, f]),
  );
  assert.equal(facts['cross-correlation'].value, '9 8 7 6 5 4 3 2 1');
  assert.equal(facts['conv1d-6-2-s1'].value, '5');
  assert.equal(facts['conv1d-6-2-s2'].value, '3');
  assert.equal(facts['conv-25-5-s2'].value, '11x11');
  assert.equal(facts['conv-9-3-s2'].value, '4x4');
  assert.equal(facts['conv-9-3-p2'].value, '11x11');
  assert.equal(facts['matrix-4-3'].value, '4x16');
  assert.equal(facts['params-16-32'].value, '4640');
  assert.equal(facts.bottleneck.text, '528 + 9280 = 9808, against 18496');
  assert.equal(facts['rf-dilations'].value, '3 7 15 31');
  assert.equal(facts['even-centre'].value, '3.5,3.5');
  assert.equal(facts['dilation-4-reads'].value, 'x[0,0] x[0,4] x[0,8] x[4,0] x[4,4] x[4,8] x[8,0] x[8,4] x[8,8]');
  // Every fact links to a playground setting.
  for (const f of Object.values(facts))
    assert.ok(f.links.length > 0 && f.links.every((l) => l.query.startsWith('?')), f.id);
});

test('the receptive field drawn from the product of the layer matrices has the library sizes', () => {
  for (const layers of [
    [1, 2, 4, 8].map((d) => ({ kernel: 3, stride: 1, dilation: d })),
    [0, 1, 2].map(() => ({ kernel: 3, stride: 2, dilation: 1 })),
    [
      { kernel: 5, stride: 2, dilation: 1 },
      { kernel: 2, stride: 1, dilation: 3 },
      { kernel: 4, stride: 3, dilation: 2 },
    ],
  ]) {
    const sizes = wc.receptiveField(layers).map((l) => l.size);
    const rows = fieldRows(wc, layers, sizes[sizes.length - 1]);
    const span = (counts) => counts.findLastIndex((v) => v > 0) - counts.findIndex((v) => v > 0) + 1;
    assert.deepEqual(rows.map(span), sizes, JSON.stringify(layers));
  }
  // Kernel 2 with dilation 3 after a stride of 2 leaves a hole: the field spans 11 cells,
  // but only 10 are reached.
  const holes = fieldRows(
    wc,
    [
      { kernel: 5, stride: 2, dilation: 1 },
      { kernel: 2, stride: 1, dilation: 3 },
    ],
    11,
  );
  assert.equal(holes[1].filter((v) => v > 0).length, 10);
  assert.equal(holes[1][5], 0);
  // Dilations 1, 2, 4, 8: every cell of the last field is reached, the middle by the most paths.
  const rows = fieldRows(
    wc,
    [1, 2, 4, 8].map((d) => ({ kernel: 3, stride: 1, dilation: d })),
    31,
  );
  assert.equal(
    rows[3].reduce((a, b) => a + b, 0),
    3 ** 4,
  );
  assert.equal(fieldRows(wc, [{ kernel: 3, stride: 2, dilation: 1, transposed: true }], 3), null);
});
