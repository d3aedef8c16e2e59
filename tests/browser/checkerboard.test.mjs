// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The checkerboard view's library-computed pictures in headless Chromium: a flat input
// through the page's transposed convolution gives exactly the overlap counts (uneven
// exactly where they are), and the image upsampled by a transposed convolution and by
// resize-then-convolve shows the pixels the library computes from the view's source.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const suite = playgroundSuite();
const wc = () => suite.wc(); // the library in Node, loaded by the suite's before hook

// Opens the page on a query string, runs `body(page)`, and checks no problem was seen.
const withPage = (t, query, body) => suite.withPage(t, query, body, { reducedMotion: 'no-preference' });

const gray = (page, testid) =>
  page.$eval(`[data-testid="${testid}"]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, values: Array.from({ length: c.width * c.height }, (_, i) => d[4 * i]) };
  });

test('a flat input through the transposed convolution is exactly the overlap count', async (t) => {
  for (const [query, [h, w], [kh, kw], options] of [
    ['?mode=transposed&input=6&kernel=3&stride=2&view=checkerboard', [6, 6], [3, 3], { stride: 2 }],
    ['?mode=transposed&input=5x7&kernel=4x3&stride=2&dilation=1&padding=1&output-padding=1&view=checkerboard', [5, 7], [4, 3], { stride: 2, padding: 1, outputPadding: 1 }],
    ['?mode=transposed&input=6&kernel=4&stride=2&view=checkerboard', [6, 6], [4, 4], { stride: 2 }],
  ]) {
    await withPage(t, query, async (page) => {
      const counts = await page.$$eval('[data-testid="overlap"] .cell', (c) => c.map((e) => Number(e.textContent)));
      const flat = (await page.getAttribute('[data-testid="flat-output"]', 'data-values')).split(',').map(Number);
      const ones = (n) => new Float32Array(n).fill(1);
      const y = wc().convTranspose2d({ data: ones(h * w), shape: [1, 1, h, w] }, { data: ones(kh * kw), shape: [1, 1, kh, kw] }, options);
      assert.deepEqual(flat, Array.from(y.data), query);
      assert.deepEqual(flat, counts, `${query}: flat output vs overlap counts`);
      // The canvas shows the counts as brightness (white = the largest count).
      const max = Math.max(...flat);
      const shown = await gray(page, 'flat-output');
      assert.deepEqual([shown.height, shown.width], y.shape.slice(2));
      shown.values.forEach((v, i) => assert.ok(Math.abs(v - (flat[i] / max) * 255) <= 1, `${query}: pixel ${i}`));
      // Uneven exactly when the verdict says so: kernel 4, stride 2 is even inside.
      const even = await page.getAttribute('[data-testid="overlap-verdict"]', 'data-even');
      assert.equal(even, String(kh % 2 === 0 && kw % 2 === 0), query);
    });
  }
});

test('transposed upsampling versus resize-then-convolve: the pixels the library computes', async (t) => {
  await withPage(t, '?mode=transposed&input=6&kernel=3&stride=2&view=checkerboard', async (page) => {
    const source = await gray(page, 'upsample-source');
    assert.deepEqual([source.height, source.width], [64, 64]);
    const x = { data: Float32Array.from(source.values, (v) => v / 255), shape: [1, 1, 64, 64] };
    const box = (gain) => ({ data: new Float32Array(9).fill(gain / 9), shape: [1, 1, 3, 3] });
    const transposed = wc().convTranspose2d(x, box(4), { stride: 2, padding: 'same' });
    const nearest = wc().convTranspose2d(x, { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] }, { stride: 2 });
    const resized = wc().conv2d(nearest, box(1), { padding: 'same', paddingMode: 'replicate' });
    for (const [testid, y] of [['upsample-transposed', transposed], ['upsample-resized', resized]]) {
      const shown = await gray(page, testid);
      assert.deepEqual([shown.height, shown.width], [128, 128]);
      // The source canvas holds 8-bit values of the page's floats: allow that rounding.
      shown.values.forEach((v, i) => assert.ok(Math.abs(v - Math.min(255, Math.max(0, y.data[i] * 255))) <= 2, `${testid} pixel ${i}: ${v}`));
    }
    // In the flat sky (top rows) the transposed output alternates, resize-then-convolve does not.
    const sky = await Promise.all(['upsample-transposed', 'upsample-resized'].map((id) => gray(page, id)));
    const ripple = (img) => {
      let sum = 0;
      for (let r = 4; r < 12; r++) for (let c = 4; c < 60; c++) sum += Math.abs(img.values[r * 128 + c] - img.values[r * 128 + c + 1]);
      return sum / (8 * 56);
    };
    const [rt, rr] = sky.map(ripple);
    t.diagnostic(`mean neighbour difference in the sky: transposed ${rt.toFixed(1)}, resize-then-convolve ${rr.toFixed(1)}`);
    assert.ok(rt > 10 * Math.max(rr, 0.5), `transposed ${rt} vs resized ${rr}`);
    assert.match(await page.textContent('.upsampling'), /not a multiple of the stride/);
  });
});
