// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The transposed mode's explicit output size (`output-size`, the library's outputShape):
// set by URL and by the controls, it gives the library's output size and counts, the
// padding the library derived (checked against the library run with those pads), grids
// and code that agree with the library, and crafted invalid values are reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { gridValues, hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const numbered = (shape) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
  shape,
});
const text = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, ''));
// [min, max, value, disabled] of the output height and width fields.
const fields = (page) => page.$$eval('#output-size-h, #output-size-w', (els) => els.map((e) => [e.min, e.max, e.value, e.disabled]));

// The library's result with explicit pads equals its result with the output size: the
// derived pads the page shows are the library's (only for pads the explicit form takes).
function assertSamePads(lib, input, kernel, options, pads) {
  const x = numbered([1, 1, ...input]);
  const w = numbered([1, 1, ...kernel]);
  const sized = lib.convTranspose2d(x, w, options);
  const { outputShape, ...rest } = options;
  const explicit = lib.convTranspose2d(x, w, { ...rest, padding: pads });
  assert.deepEqual(explicit.shape, sized.shape);
  assert.deepEqual(Array.from(explicit.data), Array.from(sized.data));
  assert.deepEqual(sized.shape.slice(2), outputShape);
}

test('output-size from the URL: size, counts, derived padding, formula and code follow the library', async (t) => {
  const lib = wc();
  const query = '?mode=transposed&input=4x5&kernel=3&stride=2&output-size=8x10&view=arithmetic';
  await withPage(t, query, async (page) => {
    const options = { stride: 2, outputShape: [8, 10] };
    assert.equal(await hook(page, 'output-size'), lib.outputShape('convTranspose2d', [1, 1, 4, 5], [1, 1, 3, 3], options).slice(2).join('x'));
    assert.equal(await hook(page, 'output-size'), '8x10');
    assert.equal(await hook(page, 'macs'), String(lib.macs('convTranspose2d', [1, 1, 4, 5], [1, 1, 3, 3], options)));
    assert.equal(await hook(page, 'param-count'), '9');
    // U = (4 - 1) * 2 + 3 = 9 rows: total 1, end 0, begin 1; U = 11 columns: total 1 too.
    assert.equal(await hook(page, 'derived-padding'), '1,1,0,0');
    assert.match(await page.textContent('#derived-padding'), /top 1, left 1, bottom 0, right 0/);
    assertSamePads(lib, [4, 5], [3, 3], options, { begin: [1, 1], end: [0, 0] });
    assert.match(
      await page.textContent('[data-testid="formula"] dd[data-axis="height"]'),
      /\(4 − 1\)·2 \+ 1·\(3 − 1\) \+ 1 \+ 0 − 8 = 1, end = floor\(total \/ 2\) = floor\(1 \/ 2\) = 0, begin = total − end = 1 − 0 = 1; .* = 8$/,
    );
    // The padding controls are locked: the library derives the padding.
    assert.equal(await page.$eval('#pad-t', (e) => e.disabled), true);
    assert.equal(await page.$eval('#padding-kind', (e) => e.disabled), true);
    const torch = await page.textContent('[data-testid="code-pytorch"]');
    assert.match(torch, /ConvTranspose2d\(1, 1, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\), dilation=\(1, 1\), bias=False\)/);
    // PyTorch: output_padding = 8 - ((4 - 1) * 2 - 2 + 3) = 1 and 10 - ((5 - 1) * 2 - 2 + 3) = 1.
    assert.match(torch, /y = layer\(x, output_size=\(8, 10\)\)/);
    const onnx = JSON.parse(await page.textContent('[data-testid="code-onnx"]'));
    assert.deepEqual(onnx.output_shape, [8, 10]);
    assert.equal(onnx.pads, undefined);
    const js = await page.textContent('[data-testid="code-wasmconv"]');
    assert.match(js, /convTranspose2d\(x, w, \{ stride: \[2,2\], dilation: \[1,1\], outputPadding: \[0,0\], outputShape: \[8,10\] \}\)/);
    assert.match(js, /y\.shape is \[1, 1, 8, 10\]/);
  });
});

test('an output size past the unpadded one: negative derived pads in every view', async (t) => {
  const lib = wc();
  // Stride 3, input 3, kernel 2: U = 8, the largest size 8 + 2 = 10: total -2, end -1, begin -1.
  const base = '?mode=transposed&input=3&kernel=2&stride=3&output-size=10';
  const options = { stride: 3, outputShape: [10, 10] };
  const y = lib.convTranspose2d(numbered([1, 1, 3, 3]), numbered([1, 1, 2, 2]), options);
  assert.deepEqual(y.shape, [1, 1, 10, 10]);
  await withPage(t, `${base}&view=mechanics`, async (page) => {
    assert.equal(await hook(page, 'output-size'), '10x10');
    assert.equal(await hook(page, 'derived-padding'), '-1,-1,-1,-1');
    const expected = Array.from(y.data, text);
    assert.deepEqual(await gridValues(page, '[data-testid="scatter-output"]'), expected);
    assert.deepEqual(await gridValues(page, '[data-testid="zero-output"]'), expected);
    assert.equal(await page.getAttribute('[data-testid="mechanics-check"]', 'data-pass'), 'true');
    // The zero-inserted grid: 7 rows of spread input, d(k - 1) - (-1) = 2 before, 2 after.
    assert.equal(await page.$$eval('.grid.zero-inserted .cell', (c) => c.length), 11 * 11);
    assert.match(await page.textContent('#view-mechanics'), /top 1 − \(−1\) = 2/);
  });
  await withPage(t, `${base}&view=matrix`, async (page) => {
    assert.equal(await page.getAttribute('[data-testid="matrix-check"]', 'data-pass'), 'true');
    const checks = await page.$$eval('[data-testid="matrix-checks"] li', (l) => l.map((e) => e.dataset.pass));
    assert.ok(checks.length >= 2 && checks.every((p) => p === 'true'), checks.join(','));
  });
  await withPage(t, `${base}&view=checkerboard`, async (page) => {
    const ones = lib.convTranspose2d(
      { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] },
      { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] },
      options,
    );
    assert.equal(await page.getAttribute('[data-testid="flat-output"]', 'data-values'), Array.from(ones.data).join(','));
  });
  await withPage(t, `${base}&view=arithmetic`, async (page) => {
    const torch = await page.textContent('[data-testid="code-pytorch"]');
    // No PyTorch padding is negative: crop (here: extend) the unpadded 8x8 output by F.pad.
    assert.match(torch, /padding=0/);
    assert.match(torch, /torch\.nn\.functional\.pad\(layer\(x\), \(1, 1, 1, 1\)\)/);
  });
});

test('output size from the controls: only reachable sizes, padding locked, URL and back button', async (t) => {
  const lib = wc();
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=1&view=mechanics', async (page) => {
    // U = 9, largest 9 + 1 = 10: the fields take 1..10; "automatic" shows the padding's sizes.
    assert.deepEqual(await fields(page), [['1', '10', '7', true], ['1', '10', '7', true]]);
    assert.equal(await page.$eval('#output-size-auto', (e) => e.checked), true);
    assert.equal(await hook(page, 'output-size'), '7x7');
    // Clearing "automatic" chooses the sizes shown; the padding now comes from them.
    await setControl(page, '#output-size-auto', false);
    assert.match(page.url(), /output-size=7&/);
    assert.match(page.url(), /padding=0&/);
    await setControl(page, '#output-size-h', 8);
    // Height chosen, width kept at the size it had (7).
    assert.match(page.url(), /output-size=8x7/);
    assert.equal(await hook(page, 'output-size'), '8x7');
    assert.equal(await page.$eval('#output-size-w', (e) => e.value), '7');
    assert.equal(await page.$eval('#pad-l', (e) => e.disabled), true);
    const options = { stride: 2, outputShape: [8, 7] };
    assert.equal(await hook(page, 'derived-padding'), '1,1,0,1');
    assertSamePads(lib, [4, 4], [3, 3], options, { begin: [1, 1], end: [0, 1] });
    const y = lib.convTranspose2d(numbered([1, 1, 4, 4]), numbered([1, 1, 3, 3]), options);
    assert.deepEqual(await gridValues(page, '[data-testid="scatter-output"]'), Array.from(y.data, text));
    // A size past the largest, typed, is explained and not applied.
    await setControl(page, '#output-size-w', 11);
    assert.match(await page.textContent('[data-testid="error"]'), /Output width: 11 is not allowed; use a whole number from 1 to 10\./);
    assert.match(page.url(), /output-size=8x7/);
    await setControl(page, '#output-size-w', 7);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    // A smaller input: the chosen sizes stay reachable (clamped to the largest, 2 * 2 + 3 + 1 = 8).
    await setControl(page, '#input-h', 3);
    assert.equal(await hook(page, 'output-size'), '8x7');
    await setControl(page, '#input-h', 2);
    assert.equal(await hook(page, 'output-size'), '6x7');
    assert.equal(await page.$eval('#output-size-h', (e) => e.max), '6');
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    // "automatic" hands both axes back to the padding, and the padding controls unlock.
    await setControl(page, '#output-size-auto', true);
    assert.deepEqual(await fields(page), [['1', '6', '5', true], ['1', '10', '9', true]]);
    assert.equal(await hook(page, 'output-size'), '5x9');
    assert.doesNotMatch(page.url(), /output-size/);
    assert.equal(await page.$eval('#pad-l', (e) => e.disabled), false);
    assert.equal(await page.$eval('#derived-padding', (e) => e.hidden), true);
    await page.goBack();
    await page.waitForFunction(() => /output-size=6x7/.test(location.search));
    assert.equal(await hook(page, 'output-size'), '6x7');
    assert.deepEqual(await fields(page), [['1', '6', '6', false], ['1', '10', '7', false]]);
    // Convolution mode: the output size does not apply (its controls are disabled).
    await setControl(page, 'input[name="mode"][value="conv"]', true);
    assert.equal(await page.$eval('#output-size-h', (e) => e.disabled), true);
    assert.equal(await page.$eval('#output-size-auto', (e) => e.disabled), true);
    assert.doesNotMatch(page.url(), /output-size/);
  });
});

test('output size by keyboard: Space on "automatic", arrow keys within the reachable sizes, labelled fields', async (t) => {
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=1&view=mechanics', async (page) => {
    await page.focus('#more > summary');
    await page.keyboard.press('Enter');
    await page.focus('#output-size-auto');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /output-size=7&/.test(location.search));
    // Tab goes on to the height; the arrows step it, and stop at the largest size (10).
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'output-size-h');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    assert.equal(await hook(page, 'output-size'), '10x7');
    await page.keyboard.press('ArrowDown');
    assert.equal(await hook(page, 'output-size'), '9x7');
    // Each field's accessible name is its label, and the help is its description.
    const names = await page.$$eval('#output-size-auto, #output-size-h, #output-size-w', (els) =>
      els.map((e) => [e.labels[0].textContent.trim(), document.getElementById(e.getAttribute('aria-describedby')).id]),
    );
    assert.deepEqual(names, [['Automatic output size', 'os-help'], ['Output height', 'os-help'], ['Output width', 'os-help']]);
  });
});

test('crafted invalid output sizes are reported in the library’s words and ignored', async (t) => {
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&output-size=20&view=arithmetic', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /output shape 20 on axis H is unreachable: the largest is 10/);
    assert.equal(await hook(page, 'output-size'), '');
    assert.equal(await page.$eval('#derived-padding', (e) => e.hidden), true);
  });
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=1&output-size=8', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /padding and outputShape cannot both be given/);
  });
  await withPage(t, '?input=4&kernel=3&output-size=8', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /Ignored from the link: output-size=8 applies to mode=transposed only/);
    assert.equal(await hook(page, 'output-size'), '2x2');
  });
  await withPage(t, '?mode=transposed&input=4&kernel=3&output-size=0x5', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /output-size=0x5: each value must be from 1 to 999/);
    assert.equal(await hook(page, 'output-size'), '6x6');
  });
});

test('the embed takes the output-size attribute', async (t) => {
  await withPage(t, '', async (page) => {
    await page.evaluate(async () => {
      await import('./embed/wasmconv-figure.js');
      const figure = document.createElement('wasmconv-figure');
      figure.id = 'sized';
      for (const [k, v] of Object.entries({ mode: 'transposed', input: '4', kernel: '3', stride: '2', 'output-size': '8', view: 'matrix' }))
        figure.setAttribute(k, v);
      document.body.prepend(figure);
    });
    await page.waitForFunction(() => document.getElementById('sized').shadowRoot.querySelector('[aria-live]').dataset.outputSize);
    assert.equal(await page.$eval('#sized', (e) => e.shadowRoot.querySelector('[aria-live]').dataset.outputSize), '8x8');
    // U = (4 - 1) * 2 + 3 = 9: total 1, begin 1, end 0 on both axes.
    assert.equal(await page.$eval('#sized', (e) => e.shadowRoot.querySelector('[aria-live]').dataset.derivedPadding), '1,1,0,0');
    assert.equal(await page.$eval('#sized', (e) => e.shadowRoot.querySelector('[data-testid="matrix-check"]').dataset.pass), 'true');
    assert.match(await page.$eval('#sized', (e) => e.shadowRoot.querySelector('a').href), /output-size=8/);
  });
});
