// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive field (issue 25): three 3x3 layers see as far as one 7x7 layer (7 pixels)
// with 27 weights per channel pair instead of 49; the view says what any stack of
// convolutions spends on its field against one layer with the same field.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const sizes = (page) => page.$$eval('[data-testid="receptive-field"] td[data-value]', (c) => c.map((e) => e.dataset.value));

test('three 3x3 against one 7x7: the same 7-pixel field from 27 weights, not 49', async (t) => {
  await withPage(t, '?view=receptive-field', async (page) => {
    // The default stack (dilations 1, 2, 4, 8): a 31-pixel field from 36 weights, not 961.
    assert.equal(await page.getAttribute('[data-testid="rf-weights"]', 'data-value'), '36,961');
    await page.click('#view-receptive-field button:has-text("Three 3x3 (one 7x7)")');
    assert.deepEqual(await sizes(page), ['3', '5', '7']);
    const layers = [0, 1, 2].map(() => ({ kernel: 3, stride: 1, dilation: 1, transposed: false }));
    assert.equal(wc().receptiveField(layers).at(-1).size, 7);
    assert.equal(await page.getAttribute('[data-testid="rf-weights"]', 'data-value'), '27,49');
    assert.equal(
      await page.textContent('[data-testid="rf-weights"]'),
      'Weights per channel pair (square kernels): 27 in this stack (3² + 3² + 3²); one 7×7 layer with the same 7-pixel field has 49.',
    );
    assert.match(page.url(), /layers=3%2C3%2C3|layers=3,3,3/);
    // A stack with a transposed layer is not compared.
    await page.click('#view-receptive-field button:has-text("Encoder and decoder")');
    assert.equal(await page.textContent('[data-testid="rf-weights"]'), '');
  });
});
