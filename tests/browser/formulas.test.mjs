// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 25, bug 1: every formula the playground prints with numbers evaluates to the
// result it prints. The image view once showed floor((600 + 0 + 0 − 2·(3 − 1) + 1) / 1) + 1
// = 596 (that is 598: the dilated kernel lacked its brackets). Here the text of the
// arithmetic, mechanics and image views is read off the page for settings with dilation
// 1, 2 and 3, strides, padding ('same', 'valid', asymmetric), transposed with output
// padding and with an output size, and every chain a = b = c in it is evaluated by the
// test's own parser (support/formulas.mjs); the output-size formulas must also give the
// library's size.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formulas } from './support/formulas.mjs';
import { hook, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

// [query, library op options for the grid] (input and kernel from the query).
const SETTINGS = [
  ['?input=7&kernel=3&stride=2&padding=1&dilation=2', { stride: 2, padding: 1, dilation: 2 }],
  ['?input=9&kernel=3&padding=2&dilation=3', { padding: 2, dilation: 3 }],
  ['?input=8x7&kernel=3x2&stride=3x2&dilation=1x3&padding=1,0,2,1', { stride: [3, 2], dilation: [1, 3], padding: { begin: [1, 0], end: [2, 1] } }],
  ['?input=6&kernel=3&stride=2&dilation=2&padding=same', { stride: 2, dilation: 2, padding: 'same' }],
  ['?input=9&kernel=3&dilation=2&padding=valid', { dilation: 2, padding: 'valid' }],
  ['?mode=transposed&input=4&kernel=3&stride=2&padding=1&output-padding=1', { stride: 2, padding: 1, outputPadding: 1 }],
  ['?mode=transposed&input=3&kernel=3&stride=2&dilation=3&padding=1&output-padding=2', { stride: 2, dilation: 3, padding: 1, outputPadding: 2 }],
  ['?mode=transposed&input=4&kernel=2&stride=3&dilation=2&padding=valid&output-padding=1', { stride: 3, dilation: 2, padding: 'valid', outputPadding: 1 }],
  ['?mode=transposed&input=5&kernel=3&stride=2&dilation=2&padding=same', { stride: 2, dilation: 2, padding: 'same' }],
  ['?mode=transposed&input=4&kernel=3&stride=2&output-padding=1&output-size=9', { stride: 2, outputPadding: 1, outputShape: [9, 9] }],
  ['?mode=transposed&input=3&kernel=2&stride=3&output-size=10', { stride: 3, outputShape: [10, 10] }],
];

const pairOf = (query, key) => {
  const v = new URLSearchParams(query).get(key);
  const parts = v.split('x').map(Number);
  return parts.length === 1 ? [parts[0], parts[0]] : parts;
};

// The visible text of an element, one string per text node (so that neighbouring cells
// do not run together).
const texts = (page, selector) =>
  page.$eval(selector, (root) => {
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.checkVisibility() && node.textContent.trim()) out.push(node.textContent);
    }
    return out;
  });

// Every formula in `strings` evaluates to its printed result; returns them.
function checkAll(strings, where) {
  const found = strings.flatMap(formulas);
  for (const f of found) assert.ok(f.ok, `${where}: "${f.text}" evaluates to ${f.values.join(' / ')}`);
  return found;
}

// The result of the one formula in `text` (asserting it is right).
function resultOf(text, where) {
  const found = checkAll([text], where);
  assert.ok(found.length >= 1, `${where}: no formula in "${text}"`);
  return found[found.length - 1].values.at(-1);
}

test('the parser catches the formula of the issue and reads the page’s notation', () => {
  const [bad] = formulas('H: floor((600 + 0 + 0 − 2·(3 − 1) + 1) / 1) + 1 = 596');
  assert.deepEqual(bad.values, [598, 596]);
  assert.equal(bad.ok, false);
  const [good] = formulas('H: floor((600 + 0 + 0 − (2·(3 − 1) + 1)) / 1) + 1 = 596');
  assert.equal(good.ok, true);
  assert.deepEqual(formulas('top 1 − (−1) = 2, right 2 − 0 + 1 = 3').map((f) => f.values), [[2, 2], [3, 3]]);
  assert.deepEqual(formulas('same padding: ceil(input / stride) = ceil(5 / 2) = 3')[0].values, [3, 3]);
  // Positions and symbolic forms are not arithmetic; a wrong middle step is caught.
  assert.deepEqual(formulas('Output (1, 1) = 12 receives from 3 input cells'), []);
  assert.equal(formulas('total = 7 − 2 = 4 = 5')[0].ok, false);
  assert.deepEqual(formulas('16 / 4 · 3 · 3 · 32 + 32 = 1184; 5 more')[0].values, [1184, 1184]);
});

for (const [query, options] of SETTINGS) {
  test(`formulas evaluate to what they print: ${query}`, async (t) => {
    const lib = wc();
    const transposed = query.includes('mode=transposed');
    const op = transposed ? 'convTranspose2d' : 'conv2d';
    const input = pairOf(query, 'input');
    const kernel = pairOf(query, 'kernel');
    const [, , oh, ow] = lib.outputShape(op, [1, 1, ...input], [1, 1, ...kernel], options);
    await withPage(t, `${query}&view=arithmetic`, async (page) => {
      assert.equal(await hook(page, 'output-size'), `${oh}x${ow}`);
      assert.equal(await page.textContent('[data-testid="error"]'), '');
      // Arithmetic: each axis's formula gives the library's size; every other formula holds.
      for (const [axis, size] of [['height', oh], ['width', ow]]) {
        const dd = await page.textContent(`[data-testid="formula"] dd[data-axis="${axis}"]`);
        assert.equal(resultOf(dd, `arithmetic ${axis}`), size, dd);
      }
      const arithmetic = checkAll(await texts(page, '#view-arithmetic'), 'arithmetic');
      const params = await page.textContent('[data-testid="param-formula"]');
      assert.equal(resultOf(params, 'parameters'), Number(await hook(page, 'param-count')));
      assert.ok(arithmetic.length >= 3, `arithmetic view: ${arithmetic.length} formulas`);

      // Mechanics: the padding arithmetic of the zero-inserted grid and a product sum.
      await page.click('[role="tab"][data-view="mechanics"]');
      await page.waitForSelector('#view-mechanics [data-testid="player"]');
      await page.mouse.move(0, 0); // a pointer left over a cell would link that cell instead
      if (transposed) {
        await page.click('#view-mechanics [data-action="step"]');
        await page.waitForFunction(() => /step 1 of/.test(document.querySelector('[data-testid="gather-status"]').textContent));
      } else {
        await page.focus('#view-mechanics .grid.output .cell[data-index="0"]');
        await page.waitForFunction(() => document.querySelector('[data-testid="link-status"]').textContent.startsWith('Output (1, 1) reads'));
      }
      const mechanics = checkAll(await texts(page, '#view-mechanics'), 'mechanics');
      // Transposed: four padding sides and the gathered output; convolution: its product sum.
      assert.ok(mechanics.length >= (transposed ? 5 : 1), `mechanics view: ${mechanics.map((f) => f.text).join(' | ')}`);

      // Image: one formula per axis, giving the image's output size.
      await page.click('[role="tab"][data-view="image"]');
      await page.waitForFunction(() => {
        const d = document.getElementById('timing').dataset;
        return d.requested !== undefined && d.completed === d.requested;
      });
      assert.equal(await page.getAttribute('#timing', 'data-state'), 'done', await page.textContent('#error'));
      const lines = (await page.textContent('[data-testid="image-formula"]')).split('\n').filter((l) => /^[HW]:/.test(l));
      assert.equal(lines.length, 2, lines.join(' | '));
      const size = (await page.getAttribute('[data-testid="image-size"]', 'data-value')).split('x').map(Number);
      lines.forEach((line, a) => assert.equal(resultOf(line, `image ${'HW'[a]}`), size[a], line));
      if (!options.outputShape) {
        const imageInput = (await page.getAttribute('[data-testid="input-size"]', 'data-value')).split('x').map(Number);
        const [, , ih, iw] = lib.outputShape(op, [1, 1, ...imageInput], [1, 1, ...kernel], options);
        assert.deepEqual(size, [ih, iw]);
      }
      checkAll(await texts(page, '#view-image'), 'image');
    });
  });
}
