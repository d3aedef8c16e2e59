// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// "Transpose this layer" (issue 25): from a convolution, one button shows the transposed
// convolution that maps its output back to its input size (same kernel, stride, dilation,
// padding; the output padding that returns the size), whose matrix is C's transpose (and
// is drawn beside C); the
// button in transposed mode returns to the convolution. Sizes are checked against the
// library in Node, matrices entry by entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const pairOf = (text) => {
  const v = text.split('x').map(Number);
  return v.length === 1 ? [v[0], v[0]] : v;
};

// The layer in the page's URL (or the query it was opened on), as the library's options.
function layerInUrl(url) {
  const p = new URL(url).searchParams;
  const get = (key, fallback) => p.get(key) ?? fallback;
  const text = get('padding', '0');
  const sides = text.split(',').map(Number);
  const [t, l, b, r] = sides.length === 4 ? sides : [...pairOf(text), ...pairOf(text)];
  return {
    mode: get('mode', 'conv'),
    input: pairOf(p.get('input')),
    kernel: pairOf(p.get('kernel')),
    options: {
      stride: pairOf(get('stride', '1')),
      dilation: pairOf(get('dilation', '1')),
      padding: text === 'same' || text === 'valid' ? text : { begin: [t, l], end: [b, r] },
      outputPadding: pairOf(get('output-padding', '0')),
    },
  };
}

// The matrix view's entries, row by row ('·' is 0).
const matrix = (page, id = 'matrix') =>
  page.$$eval(`[data-testid="${id}"] tr`, (rows) =>
    rows
      .filter((tr) => tr.querySelector('td'))
      .map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent === '·' ? 0 : Number(td.textContent)))),
  );
const transpose = (m) => m[0].map((_, j) => m.map((row) => row[j]));

// [query, the output padding the transposed layer needs (height, width)]
const CASES = [
  ['?input=4&kernel=3', [0, 0]], // the 4x4 -> 2x2: back to 4x4, a 16x4 C^T
  ['?input=6&kernel=3&stride=2', [1, 1]], // (6 - 3) mod 2: the last row is not reached
  ['?input=8&kernel=3&stride=2&padding=1', [1, 1]],
  ['?input=11&kernel=3&stride=3', [2, 2]],
  ['?input=10&kernel=3&stride=2&dilation=2', [1, 1]],
  ['?input=7x9&kernel=3x2&stride=2x3&padding=1,0,0,2', [1, 0]], // (7 + 1 - 3) mod 2, (9 + 2 - 2) mod 3
  ['?input=5&kernel=4&stride=2&padding=same', [0, 0]], // named padding, written out (1 before, 2 after)
];

test('Transpose this layer: the transposed layer maps the output back to the input size, and back', async (t) => {
  const lib = wc();
  for (const [query, outputPadding] of CASES) {
    await withPage(t, `${query}&view=matrix`, async (page) => {
      const conv = layerInUrl(page.url());
      const convOut = pairOf(await hook(page, 'output-size'));
      const c = await matrix(page);
      assert.equal(c.length, convOut[0] * convOut[1], query);

      await page.click('[data-testid="transpose-layer"]');
      const tr = layerInUrl(page.url());
      assert.equal(tr.mode, 'transposed', query);
      // Same kernel, stride, dilation; the input is the convolution's output.
      assert.deepEqual([tr.kernel, tr.options.stride, tr.options.dilation], [conv.kernel, conv.options.stride, conv.options.dilation], query);
      assert.deepEqual(tr.input, convOut, query);
      assert.deepEqual(tr.options.outputPadding, outputPadding, query);
      // Its output is the convolution's input: on the page and by the library.
      assert.equal(await hook(page, 'output-size'), `${conv.input[0]}x${conv.input[1]}`, query);
      const shape = lib.outputShape('convTranspose2d', [1, 1, ...tr.input], [1, 1, ...tr.kernel], tr.options);
      assert.deepEqual(shape.slice(2), conv.input, query);
      // The same padding as the convolution used (the library's, for named padding).
      const { outputPadding: _, ...convOptions } = conv.options;
      const pads = lib.padding('conv2d', [1, 1, ...conv.input], [1, 1, ...conv.kernel], convOptions);
      assert.deepEqual(tr.options.padding, pads, query);
      // Its matrix is C transposed, entry by entry.
      assert.deepEqual(await matrix(page), transpose(c), query);
      // Beside it, when it is narrow enough (24 columns), the C it transposes.
      if (conv.input[0] * conv.input[1] <= 24) {
        assert.deepEqual(await matrix(page, 'matrix-c'), c, query);
        const [ct, cBox] = await Promise.all(['matrix', 'matrix-c'].map((id) => page.$eval(`[data-testid="${id}"]`, (e) => e.getBoundingClientRect().toJSON())));
        assert.ok(cBox.left > ct.right && cBox.top < ct.bottom, `${query}: C is not beside Cᵀ`);
      } else assert.equal(await page.$('[data-testid="matrix-c"]'), null, query);
      assert.match(await page.textContent('[data-testid="transpose-note"]'), new RegExp(`returns the ${conv.input.join('×')} size`));
      assert.equal(await page.textContent('[data-testid="error"]'), '', query);

      // And back: the convolution it transposes, C again.
      assert.equal(await page.textContent('[data-testid="transpose-layer"]'), 'Show the convolution it transposes');
      await page.click('[data-testid="transpose-layer"]');
      const back = layerInUrl(page.url());
      assert.equal(back.mode, 'conv', query);
      assert.deepEqual(back.input, conv.input, query);
      assert.equal(await hook(page, 'output-size'), `${convOut[0]}x${convOut[1]}`, query);
      assert.deepEqual(await matrix(page), c, query);
      assert.equal(await page.$('[data-testid="matrix-c"]'), null, query);
      // The back button undoes each step.
      await page.goBack();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('mode') === 'transposed');
      assert.equal(await hook(page, 'output-size'), `${conv.input[0]}x${conv.input[1]}`, query);
    });
  }
  assert.ok(CASES.some(([, op]) => op.some((v) => v > 0)), 'cases where the output padding must be non-zero');
});

test('Transpose this layer: channels swap; a layer with no such partner disables the button and says why', async (t) => {
  await withPage(t, '?input=5&kernel=3&channels=3x8&bias=true', async (page) => {
    await page.click('[data-testid="transpose-layer"]');
    assert.match(page.url(), /channels=8x3/);
    assert.equal(await page.inputValue('#in-channels'), '8');
  });
  // Transposed 2 -> 10 with a dilated kernel: output padding 2 >= the stride, so the
  // convolution of the 10x10 output gives 4x4, not 2x2.
  await withPage(t, '?mode=transposed&input=2&kernel=3&dilation=3&output-padding=2', async (page) => {
    assert.equal(await page.$eval('[data-testid="transpose-layer"]', (b) => b.disabled), true);
    assert.match(await page.textContent('[data-testid="transpose-note"]'), /^No such convolution: the convolution of its 10×10 output gives 4×4, not its 2×2 input\.$/);
  });
  // A layer with no output: nothing to transpose.
  await withPage(t, '?input=5&kernel=7', async (page) => {
    assert.equal(await page.$eval('[data-testid="transpose-layer"]', (b) => b.disabled), true);
  });
});
