// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view at true scale (issue 25): input and output are drawn at the same pixels
// per image pixel, so a stride-2 convolution's output looks half as big as its input and a
// x2 transposed upsampling twice as big; one scale, at most 1, fits the larger in the panel
// (a phone shrinks both alike).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite, waitImage } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

// Each image's pixels (its own: a canvas holds a preview of an image larger than it is
// drawn, web/image/preview.js) and displayed width, and the panel's right edge.
const sizes = (page) =>
  page.evaluate(() => {
    const box = (id) => {
      const c = document.getElementById(id);
      return { pixels: Number(c.dataset.width ?? c.width), shown: parseFloat(getComputedStyle(c).width), right: c.getBoundingClientRect().right }; // shown: without the border
    };
    return { input: box('input'), output: box('output'), panel: document.getElementById('view-image').getBoundingClientRect().right };
  });

const CASES = [
  ['?view=image&stride=2', 127], // 256 -> 127: half as big
  ['?view=image&mode=transposed&stride=2&padding=1&output-padding=1&weights=bilinear', 512], // x2: twice as big
  ['?view=image&weights=gaussian', 254],
];

test('input and output at the same scale: stride 2 half as big, x2 upsampling twice as big', async (t) => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
    for (const [query, width] of CASES) {
      await withPage(
        t,
        query,
        async (page) => {
          await waitImage(page);
          const { input, output, panel } = await sizes(page);
          assert.deepEqual([input.pixels, output.pixels], [256, width], query);
          const scale = input.shown / input.pixels;
          assert.ok(scale > 0 && scale <= 1, `${query}: scale ${scale}`);
          assert.ok(Math.abs(output.shown / output.pixels - scale) < 0.01, `${query} at ${viewport.width}: input ${JSON.stringify(input)}, output ${JSON.stringify(output)}`);
          // The larger fits the panel; at 1440 px nothing is shrunk.
          assert.ok(Math.max(input.right, output.right) <= panel + 1, `${query}: past the panel`);
          if (viewport.width === 1440) assert.equal(scale, 1, query);
        },
        { viewport },
      );
    }
  }
});
