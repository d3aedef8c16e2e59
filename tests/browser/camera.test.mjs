// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The live camera path on Chromium's fake camera: frame after frame goes through the image
// worker (a 5x5 Gaussian on RGB at 640x480) and the page reports its rate beside the
// camera's own (reported, not required: it depends on how busy the machine is).
// Also a dropped image file is loaded (drag and drop).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, HANG_MS, launch } from './support/browser.mjs';

let server;
let browser;
before(async () => {
  server = await serve({ root: repoRoot, port: 0 });
  browser = await launch({ extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

test('the fake camera streams through the filter at 640x480', async (t) => {
  await checkedPage(t, browser.context, server.url, async ({ page }) => {
    await page.goto(`${server.url}web/?view=image&padding=same&kernel=5&weights=gaussian`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: HANG_MS });
    await page.click('#camera');
    // Ten frames filtered and drawn, however long that takes on a busy machine (the timeout
    // only guards against a hang); each one is a separate request to the worker.
    await page.waitForFunction(() => Number(document.getElementById('camera-fps').dataset.frames ?? 0) >= 10, null, { timeout: HANG_MS });
    assert.equal(await page.getAttribute('#camera', 'aria-pressed'), 'true');
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '480x640');
    const requested = Number(await page.getAttribute('#timing', 'data-requested'));
    assert.ok(requested >= 10, `${requested} requests to the worker for 10 frames`);
    assert.equal(await page.getAttribute('#timing', 'data-simd'), 'true');
    // The rate is shown as a number, whatever it is (no lower bound: that would time the machine).
    const fps = Number(await page.getAttribute('[data-testid="camera-fps"]', 'data-value'));
    const source = Number(await page.getAttribute('[data-testid="camera-fps"]', 'data-source-fps'));
    const dropped = await page.getAttribute('[data-testid="camera-fps"]', 'data-dropped');
    t.diagnostic(`camera: ${fps} filtered frames per second (the fake camera delivers ${source}; ${dropped} frames dropped)`);
    assert.ok(Number.isFinite(fps) && fps >= 0, `the page reports ${fps} frames per second`);
    assert.match(await page.textContent('[data-testid="camera-fps"]'), /^\d+ frames per second$/);
    await page.click('#camera');
    assert.equal(await page.getAttribute('#camera', 'aria-pressed'), 'false');
  });
});

test('a dropped image file is filtered (it never leaves the browser)', async (t) => {
  await checkedPage(t, browser.context, server.url, async ({ page }) => {
    await page.goto(`${server.url}web/?view=image&padding=same`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: HANG_MS });
    // Make a 40x30 PNG in the page and drop it on the image view.
    const dataTransfer = await page.evaluateHandle(async () => {
      const c = new OffscreenCanvas(40, 30);
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#c33';
      ctx.fillRect(0, 0, 40, 30);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'red.png', { type: 'image/png' }));
      return dt;
    });
    await page.dispatchEvent('#view-image', 'drop', { dataTransfer });
    await page.waitForFunction(() => document.getElementById('image-size').dataset.value === '30x40', null, { timeout: HANG_MS });
  });
});
