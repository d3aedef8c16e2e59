// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// No size limits where nothing is drawn (issue 25): the summary and the arithmetic and code
// view take real layer sizes (a 224x224 input, 256 -> 64 channels, ResNet's bottleneck),
// from a link or typed, checked against the library; the views that draw cell by cell say
// the layer is too large to draw (grids go up to 32x32) and point to the arithmetic view.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

test('a 224x224 input, a 3x3 layer 256 -> 64 with bias: 147,520 parameters in the arithmetic view', async (t) => {
  const lib = wc();
  await withPage(t, '?input=224&kernel=3&padding=1&channels=256x64&bias=true&view=arithmetic', async (page) => {
    // The link is taken, not reported and ignored.
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await hook(page, 'output-size'), '224x224');
    assert.equal(await hook(page, 'param-count'), '147520');
    assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', [64, 256, 3, 3], { bias: true })));
    const macs = lib.macs('conv2d', [1, 256, 224, 224], [64, 256, 3, 3], { padding: 1 });
    assert.equal(await hook(page, 'macs'), String(macs));
    // The text groups the digits.
    assert.equal(await page.textContent('[data-testid="param-count"]'), '147,520');
    assert.equal(await page.textContent('[data-testid="macs"]'), macs.toLocaleString('en'));
    // The formulas carry the numbers, the code the layer.
    const view = await page.textContent('#view-arithmetic');
    assert.match(view, /floor\(\(224 \+ 1 \+ 1 − 1·\(3 − 1\) − 1\) \/ 1\) \+ 1 = 224/);
    assert.match(view, /256 \/ 1 · 3 · 3 · 64 \+ 64 = 147520/);
    assert.match(await page.textContent('[data-testid="code-pytorch"]'), /Conv2d\(256, 64, kernel_size=\(3, 3\)/);
  });
});

test('ResNet’s bottleneck 256 -> 64 -> 256 on a 56x56 input, layer by layer', async (t) => {
  const lib = wc();
  const layers = [
    ['?input=56&kernel=1&channels=256x64', [64, 256, 1, 1], {}],
    ['?input=56&kernel=3&padding=1&channels=64x64', [64, 64, 3, 3], { padding: 1 }],
    ['?input=56&kernel=1&channels=64x256', [256, 64, 1, 1], {}],
  ];
  for (const [query, wShape, options] of layers) {
    await withPage(t, `${query}&view=arithmetic`, async (page) => {
      assert.equal(await page.textContent('[data-testid="error"]'), '', query);
      assert.equal(await hook(page, 'output-size'), '56x56', query);
      assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', wShape)), query);
      assert.equal(await hook(page, 'macs'), String(lib.macs('conv2d', [1, wShape[1], 56, 56], wShape, options)), query);
    });
  }
});

test('typed real sizes are applied; the drawn views say the layer is too large to draw', async (t) => {
  await withPage(t, '?input=5&kernel=3', async (page) => {
    await setControl(page, '#input-h', 224);
    await setControl(page, '#input-w', 224);
    await setControl(page, '#in-channels', 256);
    await setControl(page, '#out-channels', 64);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await hook(page, 'output-size'), '222x222');
    assert.equal(await hook(page, 'param-count'), String(3 * 3 * 256 * 64));
    assert.match(page.url(), /input=224&/);
    // The mechanics draw nothing cell by cell, and say why and where to look.
    assert.match(await page.textContent('#view-mechanics [data-testid="too-large"]'), /^A 224×224 input is too large to draw cell by cell/);
    assert.equal(await page.$$eval('#view-mechanics .cell', (c) => c.length), 0);
    for (const view of ['matrix', 'checkerboard']) {
      await page.click(`[role="tab"][data-view="${view}"]`);
      assert.equal(await page.isVisible(`#view-${view} [data-testid="too-large"]`), true, view);
    }
    await page.click('#view-checkerboard button:has-text("Open Arithmetic and code")');
    assert.match(page.url(), /view=arithmetic/);
    assert.equal(await page.isVisible('[data-testid="formula"]'), true);
    // The arrow keys: every larger input is legal, the smallest is the kernel's 3.
    assert.deepEqual(await page.$eval('#input-h', (e) => [e.min, e.max]), ['3', '4096']);
    // Back to a size the grids draw.
    await setControl(page, '#input-h', 6);
    await setControl(page, '#input-w', 6);
    await page.click('[role="tab"][data-view="mechanics"]');
    assert.equal(await page.$('#view-mechanics [data-testid="too-large"]'), null);
    assert.equal(await page.$$eval('[data-testid="conv-output"] .cell', (c) => c.length), 16);
  });
});
