// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 25: a transposed "box blur" darkens the image by the stride² (each input pixel is
// spread over s_h·s_w times as many output pixels). The image view says so next to the
// output and offers the normalised kernel; with it the output is as bright as the input.
// Brightness is measured on the drawn canvases.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite, waitImage } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

// The mean of a canvas's RGB values (0-255), away from a border of `margin` pixels.
const brightness = (page, id, margin) =>
  page.evaluate(
    ([id, margin]) => {
      const c = document.getElementById(id);
      const { data } = c.getContext('2d').getImageData(margin, margin, c.width - 2 * margin, c.height - 2 * margin);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
      return sum / ((data.length / 4) * 3);
    },
    [id, margin],
  );

test('a transposed blur with stride 2 comes out 1/4 as bright: said, and fixed by the normalised kernel', async (t) => {
  await withPage(t, '?view=image&mode=transposed&stride=2&padding=1&weights=gaussian', async (page) => {
    await waitImage(page);
    const input = await brightness(page, 'input', 4);
    const dark = await brightness(page, 'output', 8);
    assert.ok(dark / input > 0.2 && dark / input < 0.3, `output / input brightness ${dark / input}`);
    assert.equal(await page.isVisible('[data-testid="image-gain"]'), true);
    assert.match(await page.textContent('#image-gain-text'), /stride 2×2 .* 4 times as many output pixels: these weights sum to 1, so the image comes out 1\/4 as bright\./);
    assert.equal(await page.textContent('[data-testid="image-gain-fix"]'), 'Multiply the weights by 4');

    await page.click('[data-testid="image-gain-fix"]');
    await waitImage(page);
    // The Gaussian's weights times 4, in the URL and the grid; the note is gone.
    assert.match(decodeURIComponent(page.url()), /weights=0\.25,0\.5,0\.25,0\.5,1,0\.5,0\.25,0\.5,0\.25/);
    assert.equal(await page.isVisible('[data-testid="image-gain"]'), false);
    const kept = await brightness(page, 'output', 8);
    assert.ok(Math.abs(kept / input - 1) < 0.05, `output / input brightness ${kept / input}`);
  });
  // Not said where it does not apply: a convolution, a stride of 1, weights not summing to 1.
  for (const query of ['?view=image&stride=2&weights=gaussian', '?view=image&mode=transposed&weights=gaussian', '?view=image&mode=transposed&stride=2&padding=1&weights=bilinear']) {
    await withPage(t, query, async (page) => {
      assert.equal(await page.isVisible('[data-testid="image-gain"]'), false, query);
    });
  }
});
