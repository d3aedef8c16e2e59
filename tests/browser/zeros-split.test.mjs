// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Zeros in the kernel against zeros between the inputs (issue 25): under the mechanics,
// dilation 2 beside a transposed convolution with stride 2 on the page's input and kernel,
// the inserted zeros drawn the same way in both, each with the output size the library
// gives; side by side on a wide screen, no page scroll on a phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

// Per figure: its grids' sizes, its zero cells, and the look of a zero cell.
const split = (page, id) =>
  page.$eval(`[data-testid="${id}"]`, (fig) => {
    const grids = [...fig.querySelectorAll('.grid')].map((g) => `${g.dataset.rows}x${g.dataset.cols}`);
    const zeros = [...fig.querySelectorAll('.cell.zero')];
    const look = (c) => {
      const s = getComputedStyle(c);
      return [s.backgroundColor, s.borderStyle, s.color].join(' ');
    };
    return { grids, zeros: zeros.length, looks: [...new Set(zeros.map(look))], output: fig.dataset.output, box: fig.getBoundingClientRect().toJSON() };
  });

test('dilation 2 beside transposed stride 2: zeros in the kernel, zeros between the inputs, drawn alike', async (t) => {
  const lib = wc();
  for (const [query, input, kernel] of [
    ['?input=5&kernel=3', [5, 5], [3, 3]],
    ['?mode=transposed&input=3x4&kernel=2', [3, 4], [2, 2]],
    ['?input=12&kernel=7&padding=3', [6, 6], [5, 5]], // capped at 6x6 and 5x5
  ]) {
    await withPage(
      t,
      query,
      async (page) => {
        const kernelSide = await split(page, 'zeros-in-kernel');
        const inputSide = await split(page, 'zeros-in-input');
        const spread = ([h, w]) => `${2 * h - 1}x${2 * w - 1}`;
        assert.deepEqual(kernelSide.grids, [input.join('x'), spread(kernel)], query);
        assert.deepEqual(inputSide.grids, [spread(input), kernel.join('x')], query);
        const zeros = ([h, w]) => (2 * h - 1) * (2 * w - 1) - h * w;
        assert.equal(kernelSide.zeros, zeros(kernel), query);
        assert.equal(inputSide.zeros, zeros(input), query);
        // One look for every inserted zero, on both sides.
        assert.equal(kernelSide.looks.length, 1, query);
        assert.deepEqual(inputSide.looks, kernelSide.looks, query);
        // The output sizes, from the library.
        const size = (op, options) => {
          try {
            return lib.outputShape(op, [1, 1, ...input], [1, 1, ...kernel], options).slice(2).join('×');
          } catch {
            return '';
          }
        };
        assert.equal(kernelSide.output, size('conv2d', { dilation: 2 }), query);
        assert.equal(inputSide.output, size('convTranspose2d', { stride: 2 }), query);
        // Side by side at 1440 px.
        assert.ok(inputSide.box.left >= kernelSide.box.right && inputSide.box.top < kernelSide.box.bottom, query);
      },
      { viewport: { width: 1440, height: 900 } },
    );
  }
  await withPage(
    t,
    '?input=12&kernel=7&padding=3',
    async (page) => {
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${scroll} px wide`);
    },
    { viewport: { width: 375, height: 812 } },
  );
});
