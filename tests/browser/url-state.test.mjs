// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 4's "every view's state lives in the URL (shareable links, back button works)":
// each committed control change is one step back, typing a number is one step (not one
// per key), and the receptive-field stack round-trips through `layers`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const search = (page) => page.evaluate(() => location.search);

test('back button: each committed control change is one history step', async (t) => {
  await withPage(t, '?input=5&kernel=3', async (page) => {
    const first = await search(page);
    // A select (fires input, then change) and a typed number (several input events).
    await setControl(page, '#padding-kind', 'same');
    const second = await search(page);
    assert.match(second, /padding=same/);
    await page.fill('#stride', '2');
    await page.dispatchEvent('#stride', 'change');
    assert.match(await search(page), /stride=2/);
    assert.equal(await hook(page, 'output-size'), '3x3');
    await page.goBack();
    await page.waitForFunction((s) => location.search === s, second);
    assert.equal(await page.$eval('#stride', (e) => e.value), '1');
    assert.equal(await hook(page, 'output-size'), '5x5');
    await page.goBack();
    await page.waitForFunction((s) => location.search === s, first);
    assert.equal(await page.$eval('#padding-kind', (e) => e.value), 'explicit');
    assert.equal(await hook(page, 'output-size'), '3x3');
    await page.goForward();
    await page.waitForFunction((s) => location.search === s, second);
    assert.equal(await hook(page, 'output-size'), '5x5');
  });
});

const sizes = (page) => page.$$eval('[data-testid="receptive-field"] td[data-value]', (c) => c.map((e) => e.dataset.value));

test('receptive field: the layer stack is in the URL, restored from a link and by the back button', async (t) => {
  const lib = wc();
  await withPage(t, '?view=receptive-field&layers=3s2,3s2,4s2t', async (page) => {
    const layers = [
      { kernel: 3, stride: 2 },
      { kernel: 3, stride: 2 },
      { kernel: 4, stride: 2, transposed: true },
    ];
    assert.deepEqual(await sizes(page), lib.receptiveField(layers).map((l) => String(l.size)));
    await page.click('text=Add a layer');
    assert.match(await search(page), /layers=3s2%2C3s2%2C4s2t%2C3&/);
    // Typing a dilation into the new (fourth) layer.
    const dilation = '[data-testid="receptive-field"] tr:nth-of-type(5) input[type="number"] >> nth=2';
    assert.equal(await page.getAttribute(dilation, 'aria-label'), 'Layer 4 dilation');
    await page.fill(dilation, '2');
    await page.dispatchEvent(dilation, 'change');
    // The panel is drawn again; the keyboard focus stays on the field.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Layer 4 dilation');
    assert.match(await search(page), /layers=3s2%2C3s2%2C4s2t%2C3d2&/);
    assert.deepEqual(await sizes(page), lib.receptiveField([...layers, { kernel: 3, dilation: 2 }]).map((l) => String(l.size)));
    // Out of range: explained, not applied.
    await page.fill(dilation, '40');
    await page.dispatchEvent(dilation, 'change');
    assert.match(await page.textContent('[data-testid="error"]'), /Layer 4 dilation: 40 is not allowed; use a whole number from 1 to 16/);
    assert.match(await search(page), /4s2t%2C3d2&/);
    await page.goBack();
    await page.waitForFunction(() => /4s2t%2C3&/.test(location.search));
    assert.equal(await page.$$eval('[data-testid="receptive-field"] tr', (r) => r.length), 5);
    await page.click('text=Dilations 1, 2, 4, 8');
    assert.deepEqual(await sizes(page), ['3', '7', '15', '31']);
    assert.match(await search(page), /layers=3%2C3d2%2C3d4%2C3d8&/);
  });
  await withPage(t, '?view=receptive-field&layers=3,0s2', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /Ignored from the link: layers=3,0s2: kernel 0 in "0s2" must be from 1 to 15/);
    assert.deepEqual(await sizes(page), ['3', '7', '15', '31']);
  });
});
