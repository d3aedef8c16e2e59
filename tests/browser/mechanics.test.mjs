// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The teaching views in headless Chromium: the transposed mechanics (scatter and
// zero-inserted views) show exactly the library's numbers, step in step, and link both
// ways; the matrix rows and columns are linked to the grids; C^T C is shown not to be the
// identity. Values are checked against the library in Node with the page's teaching
// tensors (input 1, 2, 3, ..., kernel taps 1..k).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cellsWith, gridValues, hook, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const numbered = (shape) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
  shape,
});
const text = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, ''));

// [query, input HxW, kernel HxW, options]: strides that divide and not, per-axis settings,
// padding that crops more than d(k - 1) (the zero-inserted grid is cropped), 'same'.
const CASES = [
  [
    '?mode=transposed&input=3&kernel=3&stride=2&padding=1&output-padding=1',
    [3, 3],
    [3, 3],
    { stride: 2, padding: 1, outputPadding: 1 },
  ],
  ['?mode=transposed&input=2&kernel=3', [2, 2], [3, 3], {}],
  [
    '?mode=transposed&input=3x4&kernel=2x3&stride=2x3&dilation=1x2&output-padding=1x2',
    [3, 4],
    [2, 3],
    { stride: [2, 3], dilation: [1, 2], outputPadding: [1, 2] },
  ],
  ['?mode=transposed&input=4&kernel=3&stride=2&padding=3', [4, 4], [3, 3], { stride: 2, padding: 3 }],
  ['?mode=transposed&input=3&kernel=4&stride=2&padding=same', [3, 3], [4, 4], { stride: 2, padding: 'same' }],
];

test('transposed mechanics: scatter and zero-inserted views both show the library output', async (t) => {
  for (const [query, input, kernel, options] of CASES) {
    await withPage(t, query, async (page) => {
      const y = wc().convTranspose2d(numbered([1, 1, ...input]), numbered([1, 1, ...kernel]), options);
      const expected = Array.from(y.data, text);
      assert.equal(await hook(page, 'output-size'), y.shape.slice(2).join('x'), query);
      assert.deepEqual(await gridValues(page, '[data-testid="scatter-output"]'), expected, query);
      assert.deepEqual(await gridValues(page, '[data-testid="zero-output"]'), expected, query);
      assert.equal(await page.getAttribute('[data-testid="mechanics-check"]', 'data-pass'), 'true', query);
      // The zero-inserted grid holds every input value once; the rest are zeros and padding.
      const cells = await page.$$eval('.grid.zero-inserted .cell', (c) =>
        c.map((e) => ({
          v: e.dataset.value,
          kind: e.classList.contains('pad') ? 'pad' : e.classList.contains('zero') ? 'zero' : 'value',
        })),
      );
      const values = cells.filter((c) => c.kind === 'value').map((c) => Number(c.v));
      // Every input that feeds an output (a nonzero column of C^T, from the library) is in
      // the grid once; padding beyond d(k - 1) crops the others away with their outputs.
      const ones = { data: new Float32Array(kernel[0] * kernel[1]).fill(1), shape: [1, 1, ...kernel] };
      const m = wc().convMatrix('convTranspose2d', [1, 1, ...input], ones, options);
      const feeding = Array.from({ length: m.cols }, (_, c) => c).filter((c) =>
        Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + c]).some(Boolean),
      );
      assert.deepEqual(
        values,
        feeding.map((c) => c + 1),
        query,
      );
      assert.ok(
        cells.filter((c) => c.kind !== 'value').every((c) => c.v === '0'),
        query,
      );
    });
  }
});

test('transposed mechanics: the zero-inserted grid has s - 1 zeros between inputs and d(k - 1) - p padding', async (t) => {
  // 3x3 input, stride 2, kernel 3, padding 1, output padding 1: 5x5 spread, 1 before, 2 after.
  await withPage(t, CASES[0][0], async (page) => {
    assert.equal(await page.getAttribute('.grid.zero-inserted', 'data-rows'), '8');
    assert.equal(await page.getAttribute('.grid.zero-inserted', 'data-cols'), '8');
    const rows = await page.$$eval('.grid.zero-inserted .cell', (c) =>
      c.map((e) => (e.classList.contains('pad') ? 'p' : e.classList.contains('zero') ? 'z' : e.dataset.value)),
    );
    const row = (r) => rows.slice(r * 8, r * 8 + 8).join(' ');
    assert.equal(row(0), 'p p p p p p p p');
    assert.equal(row(1), 'p 1 z 2 z 3 p p');
    assert.equal(row(2), 'p z z z z z p p');
    assert.equal(row(3), 'p 4 z 5 z 6 p p');
    assert.equal(row(7), 'p p p p p p p p');
  });
  // Padding 3 > d(k - 1) = 2: the spread grid is cropped by one cell on each side (the
  // border inputs with it: they only reach outputs the padding crops).
  await withPage(t, CASES[3][0], async (page) => {
    // (4 - 1) 2 + 1 = 7, minus 1 on both sides = 5; the output is 3x3.
    assert.equal(await page.getAttribute('.grid.zero-inserted', 'data-rows'), '5');
    assert.equal(await hook(page, 'output-size'), '3x3');
  });
});

test('transposed mechanics: stepping scatters one input and gathers one output per step', async (t) => {
  await withPage(t, CASES[0][0], async (page) => {
    const lib = wc();
    const [, input, kernel, options] = CASES[0];
    const x = numbered([1, 1, ...input]);
    const w = numbered([1, 1, ...kernel]);
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'false');
    for (let k = 0; k < 3; k++) {
      await page.click('[data-testid="player"] [data-action="step"]');
      assert.equal(await page.getAttribute('[data-testid="player"]', 'data-step'), String(k));
      // Scatter: the running sum of inputs 0..k, as the library computes it.
      const masked = { data: x.data.map((v, i) => (i <= k ? v : 0)), shape: x.shape };
      const partial = Array.from(lib.convTranspose2d(masked, w, options).data, text);
      assert.deepEqual(await gridValues(page, '[data-testid="scatter-output"]'), partial);
      // The input scattered now lights its window (9 outputs at most; the kernel of input 0
      // is partly cropped by the padding).
      const window = lib.convMatrix('convTranspose2d', x.shape, w, options);
      const fed = [];
      for (let r = 0; r < window.rows; r++) if (window.data[r * window.cols + k] !== 0) fed.push(r);
      assert.deepEqual(await cellsWith(page, '[data-testid="scatter-output"]', 'lit'), fed);
      // Gather: outputs 0..k are computed, the rest are still blank.
      const gathered = await gridValues(page, '[data-testid="zero-output"]');
      assert.equal(gathered.filter((v) => v !== '').length, k + 1);
      assert.match(await page.textContent('[data-testid="gather-status"]'), new RegExp(`step ${k + 1} of 36`));
      // Its multiply-accumulate written out with the flipped kernel, ending in the library's value.
      const y = lib.convTranspose2d(x, w, options);
      assert.match(
        await page.textContent('[data-testid="gather-status"]'),
        new RegExp(`(\\d+·\\d+ \\+ ){8}\\d+·\\d+ = ${y.data[k]};`),
      );
    }
    // Restart goes back to the finished result.
    await page.click('[data-testid="player"] [data-action="restart"]');
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-step'), '-1');
    assert.equal((await gridValues(page, '[data-testid="zero-output"]')).filter((v) => v !== '').length, 36);
  });
});

test('transposed mechanics: hover and focus link inputs, zero-inserted cells and outputs both ways', async (t) => {
  await withPage(t, CASES[0][0], async (page) => {
    // Input 5 (the centre) sits in the zero-inserted grid at row 4, column 4 (index 27).
    await page.focus('.grid.input:not(.zero-inserted) .cell[data-index="4"]');
    assert.deepEqual(await cellsWith(page, '.grid.zero-inserted', 'focus'), [27]);
    const fed = await cellsWith(page, '[data-testid="scatter-output"]', 'lit');
    assert.equal(fed.length, 9);
    assert.deepEqual(await cellsWith(page, '[data-testid="zero-output"]', 'lit'), fed);
    // Hovering that zero-inserted cell gives the same links.
    await page.hover('.grid.zero-inserted .cell[data-index="11"]');
    assert.deepEqual(await cellsWith(page, '.grid.input:not(.zero-inserted)', 'focus'), [1]);
    // An inserted zero is read by outputs but feeds nothing.
    await page.hover('.grid.zero-inserted .cell[data-index="10"]');
    assert.match(await page.textContent('[data-testid="link-status"]'), /An inserted zero .* adds nothing/);
    // An output: the inputs it receives from, and its whole window in the zero-inserted grid.
    await page.focus('[data-testid="zero-output"] .cell[data-index="12"]');
    assert.deepEqual(await cellsWith(page, '[data-testid="scatter-output"]', 'focus'), [12]);
    const window = await cellsWith(page, '.grid.zero-inserted', 'lit');
    assert.equal(window.length, 9);
    const from = await cellsWith(page, '.grid.input:not(.zero-inserted)', 'lit');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), String(from.length));
    assert.ok(from.length < window.length, 'most of the window are inserted zeros');
  });
});

test('matrix: rows and columns light their grid cells, grid cells light the matrix', async (t) => {
  await withPage(t, '?input=4&kernel=3&view=matrix', async (page) => {
    await page.focus('.row-head[data-row="0"]');
    assert.deepEqual(await cellsWith(page, '.matrix-linked .grid.output', 'focus'), [0]);
    assert.deepEqual(await cellsWith(page, '.matrix-linked .grid.input', 'lit'), [0, 1, 2, 4, 5, 6, 8, 9, 10]);
    assert.equal(await page.getAttribute('[data-testid="matrix-link"]', 'data-cols'), '0,1,2,4,5,6,8,9,10');
    // Arrow keys move along the row headers.
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.row), '1');
    assert.deepEqual(await cellsWith(page, '.matrix-linked .grid.input', 'lit'), [1, 2, 3, 5, 6, 7, 9, 10, 11]);
    // A column: input 5 (row 2, column 2) feeds all four outputs.
    await page.focus('.col-head[data-col="5"]');
    assert.deepEqual(await cellsWith(page, '.matrix-linked .grid.output', 'lit'), [0, 1, 2, 3]);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.col), '6');
    // Grid cells back to the matrix: hovering output 3 lights row 3's header.
    await page.hover('.matrix-linked .grid.output .cell[data-index="3"]');
    assert.deepEqual(await page.$$eval('.row-head.focus', (b) => b.map((e) => e.dataset.row)), ['3']);
    assert.equal(await page.$$eval('table.matrix[data-testid="matrix"] td.lit', (c) => c.length), 16);
  });
  await withPage(t, '?mode=transposed&input=2&kernel=3&view=matrix', async (page) => {
    // C^T: column 0 (input 0) scatters into the 9 outputs of the top-left 3x3 block.
    await page.focus('.col-head[data-col="0"]');
    assert.deepEqual(await cellsWith(page, '.matrix-linked .grid.output', 'lit'), [0, 1, 2, 4, 5, 6, 8, 9, 10]);
  });
});

test('matrix: "deconvolution" is a misnomer, C^T C is not the identity (except a lone tap of 1)', async (t) => {
  await withPage(t, '?input=4&kernel=3&view=matrix', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="ctc"]', 'data-identity'), 'false');
    // C^T C for the 4x4 input is 16x16; entry (0, 0) is the square of the first tap.
    assert.equal(await page.$$eval('[data-testid="ctc-matrix"] tr', (r) => r.length), 16);
    const c = wc().convMatrix('conv2d', [1, 1, 4, 4], numbered([1, 1, 3, 3]));
    let g05 = 0;
    for (let k = 0; k < c.rows; k++) g05 += c.data[k * 16] * c.data[k * 16 + 5];
    const first = await page.$$eval('[data-testid="ctc-matrix"] tr:first-of-type td', (t) =>
      t.map((e) => e.textContent),
    );
    assert.equal(first[0], '1');
    assert.equal(first[5], String(g05));
    assert.match(await page.textContent('[data-testid="ctc"]'), /not the identity/);
  });
  await withPage(t, '?input=3&kernel=1&view=matrix', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="ctc"]', 'data-identity'), 'true');
  });
  await withPage(t, '?mode=transposed&input=2&kernel=3&stride=2&view=matrix', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="ctc"]', 'data-identity'), 'false');
  });
});

test('receptive field: drawn on the input, growing 3, 7, 15, 31 with dilations 1, 2, 4, 8', async (t) => {
  await withPage(t, '?view=receptive-field', async (page) => {
    await page.click('text=Dilations 1, 2, 4, 8');
    const drawn = await page.$$eval('[data-testid="rf-drawing"] .rf-strip', (s) => s.map((e) => e.dataset.span));
    assert.deepEqual(drawn, ['3', '7', '15', '31']);
    // Changing a dilation redraws: 1, 2, 4, 1 reaches 3, 7, 15, 17.
    await page.fill('[data-testid="receptive-field"] tr:nth-of-type(5) input[type="number"] >> nth=2', '1');
    await page.dispatchEvent(
      '[data-testid="receptive-field"] tr:nth-of-type(5) input[type="number"] >> nth=2',
      'change',
    );
    const sizes = wc()
      .receptiveField([1, 2, 4, 1].map((d) => ({ kernel: 3, dilation: d })))
      .map((l) => String(l.size));
    assert.deepEqual(
      await page.$$eval('[data-testid="rf-drawing"] .rf-strip', (s) => s.map((e) => e.dataset.span)),
      sizes,
    );
  });
});

test('convolution mechanics: the padded input, the outputs the library computes, windows over padding', async (t) => {
  for (const [query, input, kernel, options] of [
    ['?input=4&kernel=3&padding=1', [4, 4], [3, 3], { padding: 1 }],
    [
      '?input=5x6&kernel=2x3&stride=2x1&dilation=1x2&padding=1,0,0,2',
      [5, 6],
      [2, 3],
      { stride: [2, 1], dilation: [1, 2], padding: { begin: [1, 0], end: [0, 2] } },
    ],
    ['?input=7&kernel=4&stride=2&padding=same', [7, 7], [4, 4], { stride: 2, padding: 'same' }],
  ]) {
    await withPage(t, query, async (page) => {
      const y = wc().conv2d(numbered([1, 1, ...input]), numbered([1, 1, ...kernel]), options);
      assert.deepEqual(await gridValues(page, '[data-testid="conv-output"]'), Array.from(y.data, text), query);
      // The input grid holds 1..n surrounded by padding zeros.
      const cells = await page.$$eval('.grid.input .cell', (c) =>
        c.map((e) => (e.classList.contains('pad') ? 'p' : e.dataset.value)),
      );
      assert.deepEqual(
        cells.filter((v) => v !== 'p').map(Number),
        Array.from({ length: input[0] * input[1] }, (_, i) => i + 1),
        query,
      );
    });
  }
  await withPage(t, '?input=4&kernel=3&padding=1', async (page) => {
    // The padded corner is read only by the first output; an interior input by nine.
    await page.focus('.grid.input .cell[data-index="0"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '1');
    assert.match(await page.textContent('[data-testid="link-status"]'), /Padding cell/);
    await page.focus('.grid.input .cell[data-index="14"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
    // Output 0 reads 4 inputs and 5 padding cells: its sum written out.
    await page.focus('[data-testid="conv-output"] .cell[data-index="0"]');
    assert.match(
      await page.textContent('[data-testid="link-status"]'),
      /reads 4 input cells and 5 padding: 0·1 \+ 0·2 \+ 0·3 \+ 0·4 \+ 1·5 \+ 2·6 \+ 0·7 \+ 5·8 \+ 6·9 = 111\./,
    );
  });
});
