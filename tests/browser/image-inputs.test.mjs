// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 4, item 1: every input of the image view. The five generated samples (the dot's
// output is the kernel itself, flipped: deep-learning "convolution" is cross-correlation),
// the file picker and a pasted image, each computed by the library; the Image menu names
// the file shown, and a sample or the file can be picked again from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HANG_MS } from './support/browser.mjs';
import { openPng, playgroundSuite, waitImage } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

const grayAt = (page, id, x0, y0, w, h) =>
  page.evaluate(
    ([id, x0, y0, w, h]) => {
      const data = document.getElementById(id).getContext('2d').getImageData(x0, y0, w, h).data;
      return Array.from({ length: w * h }, (_, i) => data[4 * i]);
    },
    [id, x0, y0, w, h],
  );

test('the five generated samples; the dot gives back the kernel, flipped', async (t) => {
  // Weights 0.1 .. 0.9 row by row; gray, zero border, 'same' padding, clamped display.
  const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v / 10).join(',');
  await withPage(t, `?view=image&padding=same&color=gray&border=zeros&weights=${weights}`, async (page) => {
    await waitImage(page);
    const hashes = new Set();
    for (const sample of ['scene', 'checkerboard', 'dot', 'text', 'stripes']) {
      await page.selectOption('#image', sample);
      await waitImage(page);
      assert.match(page.url(), sample === 'scene' ? /view=image/ : new RegExp(`sample=${sample}`));
      hashes.add((await grayAt(page, 'input', 0, 0, 256, 256)).join(''));
      if (sample === 'dot') {
        // The dot is one white pixel at (128, 128): output (128 + r, 128 + c) reads it
        // through tap (1 - r, 1 - c), so the 3x3 patch is the kernel rotated by 180 degrees.
        const patch = await grayAt(page, 'output', 127, 127, 3, 3);
        const flipped = [9, 8, 7, 6, 5, 4, 3, 2, 1].map((v) => Math.round(v * 25.5));
        patch.forEach((v, i) => assert.ok(Math.abs(v - flipped[i]) <= 1, `patch ${patch} is not ${flipped}`));
        assert.deepEqual(await grayAt(page, 'output', 120, 120, 2, 1), [0, 0]);
      }
    }
    assert.equal(hashes.size, 5, 'five different samples');
  });
});

test('the file picker and a pasted image are filtered in the browser', async (t) => {
  await withPage(t, '?view=image&padding=same', async (page) => {
    await waitImage(page);
    // A 24x16 PNG made in the page, handed to the file input as a user would pick it.
    const png = await page.evaluate(async () => {
      const c = new OffscreenCanvas(24, 16);
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#369';
      ctx.fillRect(0, 0, 24, 16);
      const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
      return Array.from(bytes);
    });
    await page.setInputFiles('#file', { name: 'blue.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await page.waitForFunction(() => document.getElementById('input-size').dataset.value === '16x24', null, { timeout: HANG_MS });
    await waitImage(page);
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '16x24');
    // A flat image through the default (identity) kernel keeps its colour inside.
    const px = await page.evaluate(() => Array.from(document.getElementById('output').getContext('2d').getImageData(12, 8, 1, 1).data));
    assert.deepEqual(px, [0x33, 0x66, 0x99, 255]);
    // Paste a 10x12 image.
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(12, 10);
      c.getContext('2d').fillRect(0, 0, 12, 10);
      const dt = new DataTransfer();
      dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'pasted.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt }));
    });
    await page.waitForFunction(() => document.getElementById('input-size').dataset.value === '10x12', null, { timeout: HANG_MS });
    await waitImage(page);
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '10x12');
  });
});

const menu = (page) => page.$eval('#image', (s) => ({ value: s.value, text: s.selectedOptions[0]?.textContent, files: s.querySelectorAll('option[value="file"]').length }));

test('the Image menu names the chosen file; a sample and then the file can be picked again', async (t) => {
  await withPage(t, '?view=image&padding=same', async (page) => {
    await waitImage(page);
    await openPng(page, 'holiday photo.png', 40, 30, () => [0, 0, 0]);
    await waitImage(page);
    assert.deepEqual(await menu(page), { value: 'file', text: 'File: holiday photo.png', files: 1 });
    // Another setting re-renders the controls: the menu still names the file.
    await page.selectOption('#kernel', 'sharpen');
    await waitImage(page);
    assert.deepEqual(await menu(page), { value: 'file', text: 'File: holiday photo.png', files: 1 });
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '30x40');
    // Back to the sample the page showed before (the URL does not change): it is drawn and filtered.
    await page.selectOption('#image', 'scene');
    await page.waitForFunction(() => document.getElementById('input-size').dataset.value === '256x256', null, { timeout: HANG_MS });
    await waitImage(page);
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '256x256');
    assert.deepEqual(await menu(page), { value: 'scene', text: 'Generated scene', files: 1 });
    // Another sample, then the file again from the menu (reopened from the chosen file).
    await page.selectOption('#image', 'stripes');
    await waitImage(page);
    assert.match(page.url(), /sample=stripes/);
    await page.selectOption('#image', 'file');
    await page.waitForFunction(() => document.getElementById('input-size').dataset.value === '30x40', null, { timeout: HANG_MS });
    await waitImage(page);
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '30x40');
    assert.deepEqual(await menu(page), { value: 'file', text: 'File: holiday photo.png', files: 1 });
    // The flat black file through the sharpen kernel stays black inside.
    const px = await page.evaluate(() => Array.from(document.getElementById('output').getContext('2d').getImageData(20, 15, 1, 1).data));
    assert.deepEqual(px, [0, 0, 0, 255]);
  });
});

