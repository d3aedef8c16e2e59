// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground served by `npm start`, in headless Chromium: settings through the
// controls and through the URL give the sizes, counts, matrices and pixels the library
// computes; crafted links are reported, not broken on; keyboard use works. (The image
// view's tests are in image.test.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const suite = playgroundSuite();
const wc = () => suite.wc(); // the library in Node, loaded by the suite's before hook

// Opens the page on a query string, runs `body(page)`, and checks no problem was seen.
const withPage = (t, query, body) => suite.withPage(t, query, body, { reducedMotion: 'no-preference' });

const value = (page, id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

test('defaults: the SIMD build, a 5x5 input and 3x3 kernel give 3x3, 9 weights, 81 MACs', async (t) => {
  await withPage(t, '', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="build"]', 'data-simd'), 'true');
    assert.equal(await value(page, 'output-size'), '3x3');
    assert.equal(await value(page, 'param-count'), '9');
    assert.equal(await value(page, 'macs'), '81');
  });
});

test('settings from the URL match the library (the concept numbers)', async (t) => {
  const cases = [
    ['?input=25&kernel=5&stride=2', [1, 1, 25, 25], [1, 1, 5, 5], { stride: 2 }, 'conv2d'],
    ['?input=9&kernel=3&dilation=4', [1, 1, 9, 9], [1, 1, 3, 3], { dilation: 4 }, 'conv2d'],
    ['?input=9&kernel=3&padding=2', [1, 1, 9, 9], [1, 1, 3, 3], { padding: 2 }, 'conv2d'],
    ['?input=6x7&kernel=2x3&padding=1,0,0,2', [1, 1, 6, 7], [1, 1, 2, 3], { padding: { begin: [1, 0], end: [0, 2] } }, 'conv2d'],
    ['?mode=transposed&input=2&kernel=3', [1, 1, 2, 2], [1, 1, 3, 3], {}, 'convTranspose2d'],
    ['?mode=transposed&input=4&kernel=3&stride=2&padding=1&output-padding=1', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }, 'convTranspose2d'],
    ['?input=10&kernel=6&padding=same', [1, 1, 10, 10], [1, 1, 6, 6], { padding: 'same' }, 'conv2d'],
  ];
  for (const [query, xs, ws, opts, op] of cases) {
    await withPage(t, query, async (page) => {
      const [, , h, w] = wc().outputShape(op, xs, ws, opts);
      assert.equal(await value(page, 'output-size'), `${h}x${w}`, query);
      assert.equal(await value(page, 'macs'), String(wc().macs(op, xs, ws, opts)), query);
      assert.equal(await value(page, 'param-count'), String(wc().paramCount(op, ws)), query);
    });
  }
});

test('controls: stride and transposed mode; output padding offers only legal values', async (t) => {
  await withPage(t, '', async (page) => {
    await page.fill('#stride', '2');
    await page.dispatchEvent('#stride', 'change');
    assert.equal(await value(page, 'output-size'), '2x2');
    assert.match(page.url(), /stride=2/);
    await page.check('input[name="mode"][value="transposed"]');
    assert.equal(await value(page, 'output-size'), '11x11');
    const options = await page.$$eval('#output-padding option', (o) => o.map((e) => e.value));
    assert.deepEqual(options, ['0', '1']);
    await page.selectOption('#output-padding', '1');
    assert.equal(await value(page, 'output-size'), '12x12');
    // A setting the rules forbid, typed by hand, is explained.
    await page.check('input[name="mode"][value="conv"]');
    await page.fill('#dilation', '3');
    await page.dispatchEvent('#dilation', 'change');
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The 3×3 kernel with dilation 3 spans 7×7, larger than the 5×5 input: add padding ≥ 1 on H and W or shrink the kernel or its dilation.',
    );
    assert.equal(await page.textContent('[data-testid="output-size"]'), 'invalid');
  });
});

test('matrix view: C for 4x4 / 3x3 is 4x16, and the live checks pass in both modes', async (t) => {
  await withPage(t, '?input=4&kernel=3&view=matrix', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="matrix"]', 'data-rows'), '4');
    assert.equal(await page.getAttribute('[data-testid="matrix"]', 'data-cols'), '16');
    assert.equal(await page.getAttribute('[data-testid="matrix-check"]', 'data-pass'), 'true');
    assert.equal(await page.getAttribute('[data-testid="adjoint-check"]', 'data-pass'), 'true');
  });
  await withPage(t, '?mode=transposed&input=2&kernel=3&stride=2&padding=1&output-padding=1&view=matrix', async (page) => {
    const [, , h, w] = wc().outputShape('convTranspose2d', [1, 1, 2, 2], [1, 1, 3, 3], { stride: 2, padding: 1, outputPadding: 1 });
    assert.equal(await page.getAttribute('[data-testid="matrix"]', 'data-rows'), String(h * w));
    assert.equal(await page.getAttribute('[data-testid="matrix-check"]', 'data-pass'), 'true');
    assert.equal(await page.getAttribute('[data-testid="adjoint-check"]', 'data-pass'), 'true');
  });
});

test('mechanics: focusing an output lights the inputs it reads; transposed inputs scatter', async (t) => {
  await withPage(t, '?input=5&kernel=3', async (page) => {
    await page.focus('.grid.output .cell[data-index="0"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
    assert.equal(await page.$$eval('.grid.input .cell.lit', (c) => c.length), 9);
  });
  await withPage(t, '?mode=transposed&input=2&kernel=3', async (page) => {
    await page.focus('.grid.input .cell[data-index="0"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
  });
  await withPage(t, '?input=9&kernel=3&dilation=4', async (page) => {
    await page.focus('.grid.output .cell[data-index="0"]');
    const lit = await page.$$eval('.grid.input .cell.lit', (c) => c.map((e) => Number(e.dataset.index)));
    assert.deepEqual(lit, [0, 4, 8, 36, 40, 44, 72, 76, 80]);
  });
});

test('a crafted link shows what was ignored and the page still works', async (t) => {
  await withPage(t, '?stride=abc&view=nope&input=99999&mode=sideways', async (page) => {
    const error = await page.textContent('[data-testid="error"]');
    assert.match(error, /stride=abc is not a number/);
    assert.match(error, /view=nope must be one of/);
    assert.match(error, /input=99999: each value must be from 1 to 4096/);
    assert.match(error, /mode=sideways must be conv or transposed/);
    assert.equal(await value(page, 'output-size'), '3x3');
  });
});

test('keyboard: tabs switch with arrow keys, controls are reachable, back restores the view', async (t) => {
  await withPage(t, '', async (page) => {
    await page.focus('[role="tab"][data-view="mechanics"]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.view), 'matrix');
    assert.equal(await page.isVisible('#view-matrix'), true);
    assert.match(page.url(), /view=matrix/);
    await page.goBack();
    await page.waitForFunction(() => !document.getElementById('view-mechanics').hidden);
    await page.focus('#input-h');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'input-w');
  });
});

test('checkerboard: kernel 3 with stride 2 overlaps unevenly, kernel 4 evenly', async (t) => {
  await withPage(t, '?mode=transposed&input=6&kernel=3&stride=2&view=checkerboard', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="overlap-verdict"]', 'data-even'), 'false');
  });
  await withPage(t, '?mode=transposed&input=6&kernel=4&stride=2&view=checkerboard', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="overlap-verdict"]', 'data-even'), 'true');
  });
});

test('receptive field: dilations 1, 2, 4, 8 give 3, 7, 15, 31', async (t) => {
  await withPage(t, '?view=receptive-field', async (page) => {
    await page.click('text=Dilations 1, 2, 4, 8');
    const sizes = await page.$$eval('[data-testid="receptive-field"] td[data-value]', (c) => c.map((e) => e.dataset.value));
    assert.deepEqual(sizes, ['3', '7', '15', '31']);
  });
});

test('copy as code: PyTorch, ONNX attributes and wasmconv for the current layer', async (t) => {
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=1&output-padding=1&view=arithmetic', async (page) => {
    const torch = await page.textContent('[data-testid="code-pytorch"]');
    assert.match(torch, /nn\.ConvTranspose2d\(1, 1, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\), dilation=\(1, 1\), output_padding=\(1, 1\), bias=False\)/);
    const onnx = JSON.parse(await page.textContent('[data-testid="code-onnx"]'));
    assert.deepEqual(onnx, { op_type: 'ConvTranspose', kernel_shape: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 1, 1, 1], output_padding: [1, 1] });
    assert.match(await page.textContent('[data-testid="code-wasmconv"]'), /y.shape is \[1, 1, 8, 8\]/);
    assert.match(await page.textContent('[data-testid="formula"]'), /\(4 − 1\)·2 − 1 − 1 \+ 1·\(3 − 1\) \+ 1 \+ 1 = 8/);
  });
});
