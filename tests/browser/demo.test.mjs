// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The demo page served by `npm start`, in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { launch, openPage, screenshot } from './support/browser.mjs';

let server;
let browser;
before(async () => {
  server = await serve({ root: repoRoot, port: 0 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

test('the page loads the SIMD build and filters an image, with no console errors', async (t) => {
  const { page, problems } = await openPage(browser.context, server.url);
  try {
    await page.goto(`${server.url}web/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    assert.equal(await page.getAttribute('[data-testid="build"]', 'data-simd'), 'true');
    assert.equal(await page.getAttribute('[data-testid="output-size"]', 'data-value'), '256x256');
    // Stride 2 with 'same' padding halves the size; 'valid' with the 5x5 Gaussian trims 4.
    await page.fill('#stride', '2');
    await page.dispatchEvent('#stride', 'input');
    assert.equal(await page.getAttribute('[data-testid="output-size"]', 'data-value'), '128x128');
    await page.fill('#stride', '1');
    await page.dispatchEvent('#stride', 'input');
    await page.selectOption('#padding', 'valid');
    assert.equal(await page.getAttribute('[data-testid="output-size"]', 'data-value'), '252x252');
    // The identity kernel reproduces the input pixels.
    await page.selectOption('#kernel', 'identity');
    const same = await page.evaluate(() => {
      const a = document.getElementById('input').getContext('2d').getImageData(0, 0, 256, 256).data;
      const b = document.getElementById('output').getContext('2d').getImageData(0, 0, 256, 256).data;
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
      return diff;
    });
    assert.ok(same <= 1, `identity kernel changed pixels by up to ${same}`);
    // Keyboard: the controls are reachable with Tab.
    await page.focus('#image');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'file');
    // An invalid setting typed by hand is explained, not crashed on.
    await page.selectOption('#kernel', 'gaussian');
    await page.fill('#dilation', '100');
    await page.dispatchEvent('#dilation', 'input');
    assert.match(await page.textContent('[data-testid="error"]'), /dilated kernel 401 is larger than padded input 256/);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'demo-page')}`);
    throw e;
  } finally {
    await page.close();
  }
});
