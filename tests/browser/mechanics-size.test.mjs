// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 25, bug 2: the mechanics view refused ordinary convolutions (32x32 with a 3x3
// kernel, the classic 32/5/3/2 -> 11x11) as "too large to draw", because its size check
// counted the transposed view's zero-inserted grid in convolution mode too. Now each mode
// counts only what it draws: these convolutions are drawn with the library's values, and a
// transposed setting whose matrices pass the library's limit still says it is too large.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { gridValues, hook, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const numbered = (shape) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
  shape,
});
const text = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, ''));
const count = (page, selector) => page.$$eval(selector, (cells) => cells.length);

// [query, input, kernel, options, padded input size]
const CONVOLUTIONS = [
  ['?input=32&kernel=3', 32, 3, {}, 32],
  ['?input=32&kernel=5&stride=3&padding=2', 32, 5, { stride: 3, padding: 2 }, 36],
  ['?input=32&kernel=3&padding=same', 32, 3, { padding: 'same' }, 34],
];

for (const [query, i, k, options, padded] of CONVOLUTIONS) {
  test(`convolution mechanics draw ${query} with the library's output`, async (t) => {
    const lib = wc();
    const y = lib.conv2d(numbered([1, 1, i, i]), numbered([1, 1, k, k]), options);
    const [, , oh, ow] = y.shape;
    if (query.includes('kernel=5')) assert.deepEqual([oh, ow], [11, 11]); // 32/5/3/2 -> 11x11
    await withPage(t, `${query}&view=mechanics`, async (page) => {
      assert.equal(await hook(page, 'output-size'), `${oh}x${ow}`);
      assert.equal(await page.$('[data-testid="mechanics-too-large"]'), null);
      assert.equal(await count(page, '#view-mechanics .grid.output .cell'), oh * ow);
      assert.equal(await count(page, '#view-mechanics .grid.input .cell'), padded * padded);
      assert.deepEqual(await gridValues(page, '[data-testid="conv-output"]'), Array.from(y.data, text));
      assert.match(await page.textContent('#view-mechanics figcaption >> nth=2'), new RegExp(`^Output ${oh}x${ow}$`));
      // The drawing is live: the last output reads its window.
      await page.mouse.move(0, 0);
      await page.focus(`#view-mechanics .grid.output .cell[data-index="${oh * ow - 1}"]`);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="link-status"]').textContent.startsWith(`Output (${n}, ${n}) reads`),
        oh,
      );
    });
  });
}

test('a transposed layer too large to draw still says so; a smaller one is drawn', async (t) => {
  const lib = wc();
  // 32x32, kernel 3, stride 2: a 65x65 output from a 67x67 zero-inserted grid, read by a
  // 4225 x 4489 window matrix: past the library's 4,194,304 entries.
  await withPage(t, '?mode=transposed&input=32&kernel=3&stride=2&view=mechanics', async (page) => {
    assert.equal(await hook(page, 'output-size'), '65x65');
    const note = await page.textContent('[data-testid="mechanics-too-large"]');
    assert.match(note, /^This setting is too large to draw cell by cell: a 65x65 output from a 67x67 zero-inserted grid needs a matrix of 18,966,025 entries, more than the 4,194,304 the library builds/);
    assert.equal(await page.getAttribute('[data-testid="mechanics-too-large"]', 'data-entries'), String(4225 * 4489));
    assert.equal(await count(page, '#view-mechanics .cell'), 0);
  });
  // The same layer as a convolution is drawn: the check counted only this mode's grids.
  await withPage(t, '?input=32&kernel=3&stride=2&view=mechanics', async (page) => {
    assert.equal(await page.$('[data-testid="mechanics-too-large"]'), null);
    assert.equal(await count(page, '[data-testid="conv-output"] .cell'), 15 * 15);
  });
  await withPage(t, '?mode=transposed&input=16&kernel=3&stride=2&view=mechanics', async (page) => {
    const y = lib.convTranspose2d(numbered([1, 1, 16, 16]), numbered([1, 1, 3, 3]), { stride: 2 });
    assert.equal(await hook(page, 'output-size'), '33x33');
    assert.deepEqual(await gridValues(page, '[data-testid="zero-output"]'), Array.from(y.data, text));
    assert.equal(await count(page, '.grid.zero-inserted .cell'), 35 * 35);
    assert.equal(await page.getAttribute('[data-testid="mechanics-check"]', 'data-pass'), 'true');
  });
});
