// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 4: "controls cannot reach an invalid setting". The arrow keys and spinners of the
// number fields stop at the last setting the library accepts; a value typed by hand is
// still passed on and explained in the library's words.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const range = (page, id) => page.$eval(`#${id}`, (e) => [Number(e.min), Number(e.max)]);
const accepts = (lib, op, input, kernel, options) => {
  try {
    lib.outputShape(op, [1, 1, ...input], [1, 1, ...kernel], options);
    return true;
  } catch {
    return false;
  }
};

async function press(page, id, key, times) {
  await page.focus(`#${id}`);
  for (let n = 0; n < times; n++) await page.keyboard.press(key);
}

test('arrow keys stop at the largest kernel and dilation and the smallest input the library accepts', async (t) => {
  const lib = wc();
  await withPage(t, '?input=5&kernel=3', async (page) => {
    // Kernel up to 5 on a 5x5 input; dilation up to 2 for a 3x3 kernel (2 * 2 + 1 = 5).
    assert.deepEqual(await range(page, 'kernel-h'), [1, 5]);
    assert.deepEqual(await range(page, 'dilation'), [1, 2]);
    assert.ok(accepts(lib, 'conv2d', [5, 5], [5, 3], {}) && !accepts(lib, 'conv2d', [5, 5], [6, 3], {}));
    assert.ok(accepts(lib, 'conv2d', [5, 5], [3, 3], { dilation: 2 }) && !accepts(lib, 'conv2d', [5, 5], [3, 3], { dilation: 3 }));
    await press(page, 'kernel-h', 'ArrowUp', 4);
    assert.equal(await page.$eval('#kernel-h', (e) => e.value), '5');
    assert.match(page.url(), /kernel=5x3&/);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    // Now the input cannot shrink below the kernel: 5 rows.
    assert.deepEqual(await range(page, 'input-h'), [5, 4096]);
    await press(page, 'input-h', 'ArrowDown', 2);
    assert.equal(await hook(page, 'output-size'), '1x3');
    // Padding 1 on top lets the input shrink by one (and the kernel grow by one).
    await page.fill('#pad-t', '1');
    await page.dispatchEvent('#pad-t', 'change');
    assert.deepEqual(await range(page, 'input-h'), [4, 4096]);
    assert.deepEqual(await range(page, 'kernel-h'), [1, 6]);
    // Typed by hand, an invalid value is still explained, with the padding the library needs.
    await page.fill('#kernel-w', '9');
    await page.dispatchEvent('#kernel-w', 'change');
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The 5×9 kernel is larger than the 5×5 input padded to 6×5: add padding ≥ 2 on W or shrink the kernel.',
    );
  });
});

test('transposed: the padding stops where the output would vanish; output padding never blocks the stride', async (t) => {
  const lib = wc();
  await withPage(t, '?mode=transposed&input=2&kernel=3&stride=2&output-padding=1', async (page) => {
    // U = (2 - 1) * 2 + 3 = 5, plus output padding 1: top padding up to 5 leaves one row.
    assert.deepEqual(await range(page, 'pad-t'), [0, 5]);
    assert.ok(accepts(lib, 'convTranspose2d', [2, 2], [3, 3], { stride: 2, outputPadding: 1, padding: { begin: [5, 0], end: [0, 0] } }));
    assert.ok(!accepts(lib, 'convTranspose2d', [2, 2], [3, 3], { stride: 2, outputPadding: 1, padding: { begin: [6, 0], end: [0, 0] } }));
    await press(page, 'pad-t', 'ArrowUp', 8);
    assert.equal(await page.$eval('#pad-t', (e) => e.value), '5');
    assert.equal(await hook(page, 'output-size'), '1x6');
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    // Stride 1 would make output padding 1 illegal, but the controls drop it to 0 (and the
    // output keeps a row: U = 4, 4 - 5 + 0 < 1, so here the stride stays at 2).
    assert.deepEqual(await range(page, 'stride'), [2, 8]);
    await press(page, 'pad-t', 'ArrowDown', 5);
    assert.deepEqual(await range(page, 'stride'), [1, 8]);
    await press(page, 'stride', 'ArrowDown', 1);
    assert.match(page.url(), /stride=1&.*output-padding=0&/);
    assert.equal(await hook(page, 'output-size'), '4x4');
  });
});

test('the embed’s sliders stop at the last setting the library accepts', async (t) => {
  await withPage(t, '', async (page) => {
    await page.evaluate(async () => {
      await import('./embed/wasmconv-figure.js');
      const figure = document.createElement('wasmconv-figure');
      figure.id = 'strip';
      for (const [k, v] of Object.entries({ input: '5', kernel: '3', view: 'matrix', controls: '' })) figure.setAttribute(k, v);
      document.body.prepend(figure);
    });
    await page.waitForFunction(() => document.getElementById('strip').shadowRoot.querySelector('input[type="range"]'));
    const ranges = () =>
      page.$eval('#strip', (e) =>
        [...e.shadowRoot.querySelectorAll('input[type="range"]')].map((r) => `${r.getAttribute('aria-label')} ${r.min}-${r.max}`),
      );
    // 5x5 input: kernel up to 5 (of 7), dilation up to 2 (2 * 2 + 1 = 5), any stride.
    assert.deepEqual(await ranges(), ['Stride 1-4', 'Dilation 1-2', 'Kernel 1-5']);
    await page.$eval('#strip', (e) => e.setAttribute('kernel', '5'));
    await page.waitForFunction(() => document.getElementById('strip').shadowRoot.querySelector('[aria-live]').dataset.outputSize === '1x1');
    assert.deepEqual(await ranges(), ['Stride 1-4', 'Dilation 1-1', 'Kernel 1-5']);
  });
});
