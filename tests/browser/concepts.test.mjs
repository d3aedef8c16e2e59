// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The "Done when": every number of CONCEPTS.md can be reproduced on the page, by
// the arithmetic calculator, by following its links (URL state) and by the controls. The
// literal numbers below are CONCEPTS.md's; each is also checked against the library in
// Node, so the page, the library and the text must all agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HANG_MS } from './support/browser.mjs';
import { cellsWith, hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

// concept id -> the number CONCEPTS.md states (as the calculator's data-value).
const CONCEPTS = {
  'cross-correlation': '9 8 7 6 5 4 3 2 1',
  'conv1d-6-2-s1': '5',
  'conv1d-6-2-s2': '3',
  'conv-4-3': '2x2',
  'conv-25-5-s2': '11x11',
  'conv-9-3-s2': '4x4',
  'conv-9-3-p2': '11x11',
  'conv-9-3-d2-p2': '9x9',
  'transposed-2-3': '4x4',
  'matrix-1d-s2': '3x6',
  'matrix-4-3': '4x16',
  'many-to-one': '9',
  'one-to-many': '9',
  'dilation-4-reads': 'x[0,0] x[0,4] x[0,8] x[4,0] x[4,4] x[4,8] x[8,0] x[8,4] x[8,8]',
  'params-16-32': '4640',
  'params-32-64': '18496',
  bottleneck: '9808',
  'fc-as-conv': '10x1x1 490',
  'rf-dilations': '3 7 15 31',
  'even-centre': '3.5,3.5',
  'even-same-padding': '2,3',
  'size-mapping': '7:0 8:1',
};

test('the calculator shows every concept number, computed by the library', async (t) => {
  await withPage(t, '?view=arithmetic', async (page) => {
    const shown = await page.$$eval('[data-testid^="concept-"]', (els) =>
      Object.fromEntries(els.map((e) => [e.dataset.testid.slice(8), e.dataset.value])),
    );
    assert.deepEqual(shown, CONCEPTS);
    assert.match(await page.textContent('[data-testid="concept-bottleneck"]'), /528 \+ 9280 = 9808, against 18496/);
    assert.match(await page.textContent('[data-testid="concept-fc-as-conv"]'), /equals W·x to \d\.\de-\d/);
  });
  // The same numbers from the library directly.
  const lib = wc();
  assert.equal(lib.outputShape('conv1d', [1, 1, 6], [1, 1, 2], { stride: 2 })[2], 3);
  assert.equal(lib.paramCount('conv2d', [32, 16, 3, 3], { bias: true }), 4640);
  assert.equal(
    lib.paramCount('conv2d', [16, 32, 1, 1], { bias: true }) + lib.paramCount('conv2d', [64, 16, 3, 3], { bias: true }),
    9808,
  );
  assert.deepEqual(
    lib.receptiveField([1, 2, 4, 8].map((d) => ({ kernel: 3, dilation: d }))).map((l) => l.size),
    [3, 7, 15, 31],
  );
});

// Follows the calculator's link `label` of `id` (a real click, so the URL carries the state).
async function follow(page, id, label = 'Show it') {
  await page.click(`a[data-concept="${id}"]:text-is("${label}")`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: HANG_MS });
}

test('each calculator link loads a setting that shows the same number (URL state)', async (t) => {
  const sizes = {
    'conv1d-6-2-s1': '1x5',
    'conv1d-6-2-s2': '1x3',
    'conv-4-3': '2x2',
    'conv-25-5-s2': '11x11',
    'conv-9-3-s2': '4x4',
    'conv-9-3-p2': '11x11',
    'conv-9-3-d2-p2': '9x9',
    'transposed-2-3': '4x4',
  };
  for (const [id, size] of Object.entries(sizes)) {
    await withPage(t, '?view=arithmetic', async (page) => {
      await follow(page, id);
      assert.equal(await hook(page, 'output-size'), size, id);
    });
  }
  const params = [
    ['params-16-32', 'Show it', '4640'],
    ['params-32-64', 'Show it', '18496'],
    ['bottleneck', 'Show 1x1', '528'],
    ['bottleneck', 'Show 3x3', '9280'],
    ['fc-as-conv', 'Show it', '490'],
  ];
  for (const [id, label, count] of params) {
    await withPage(t, '?view=arithmetic', async (page) => {
      await follow(page, id, label);
      assert.equal(await hook(page, 'param-count'), count, `${id} ${label}`);
      if (id === 'fc-as-conv') assert.equal(await hook(page, 'output-size'), '1x1');
    });
  }
  const matrices = [
    ['matrix-1d-s2', 'Show C', '3', '6'],
    ['matrix-4-3', 'Show C', '4', '16'],
    ['matrix-4-3', 'Show Cᵀ', '16', '4'],
  ];
  for (const [id, label, rows, cols] of matrices) {
    await withPage(t, '?view=arithmetic', async (page) => {
      await follow(page, id, label);
      assert.equal(await page.getAttribute('[data-testid="matrix"]', 'data-rows'), rows);
      assert.equal(await page.getAttribute('[data-testid="matrix"]', 'data-cols'), cols);
    });
  }
  await withPage(t, '?view=arithmetic', async (page) => {
    // The centre row of C holds the kernel in its own order: it is not flipped.
    await follow(page, 'cross-correlation', 'Show the rows of C');
    const row = await page.$$eval('table[data-testid="matrix"] tr:nth-of-type(6) td', (c) =>
      c.map((e) => e.textContent).join(' '),
    );
    assert.equal(row, '1 2 3 4 5 6 7 8 9');
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'many-to-one');
    await page.focus('[data-testid="conv-output"] .cell[data-index="0"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'one-to-many');
    await page.focus('.grid.input .cell[data-index="0"]');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'dilation-4-reads');
    // Dilation puts the zeros into the kernel: a 9x9 footprint with 9 taps and 72 gaps.
    assert.equal(await page.$$eval('.grid.kernel .cell.gap', (c) => c.length), 72);
    assert.equal(await page.$$eval('.grid.kernel .cell:not(.gap)', (c) => c.length), 9);
    await page.focus('[data-testid="conv-output"] .cell[data-index="0"]');
    assert.deepEqual(await cellsWith(page, '.grid.input', 'lit'), [0, 4, 8, 36, 40, 44, 72, 76, 80]);
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'rf-dilations');
    await page.click('text=Dilations 1, 2, 4, 8');
    const sizes = await page.$$eval('[data-testid="receptive-field"] td[data-value]', (c) =>
      c.map((e) => e.dataset.value),
    );
    assert.deepEqual(sizes, ['3', '7', '15', '31']);
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'even-same-padding');
    assert.equal(await hook(page, 'output-size'), '10x10');
    // The padded input of the mechanics view: 2 cells before, 3 after, on both axes.
    assert.equal(await page.getAttribute('.grid.input', 'data-rows'), '15');
    assert.match(await page.textContent('#view-mechanics'), /top 2, left 2, bottom 3, right 3/);
  });
  await withPage(t, '?view=arithmetic', async (page) => {
    await follow(page, 'size-mapping');
    const rows = await page.$$eval('[data-testid="size-mapping"] tr[data-size]', (r) =>
      r.map((e) => [e.dataset.size, e.dataset.outputPadding]),
    );
    assert.deepEqual(rows, [
      ['7', '0'],
      ['8', '1'],
    ]);
    assert.equal(await hook(page, 'output-size'), '8x8');
  });
});

test('the same numbers through the controls alone', async (t) => {
  const lib = wc();
  await withPage(t, '', async (page) => {
    const size = async () => hook(page, 'output-size');
    // 1-D as a 1 x n grid: 6 with kernel 2 gives 5, stride 2 gives 3.
    await setControl(page, '#kernel-h', 1);
    await setControl(page, '#input-h', 1);
    await setControl(page, '#input-w', 6);
    await setControl(page, '#kernel-w', 2);
    assert.equal(await size(), '1x5');
    await setControl(page, '#stride', 2);
    assert.equal(await size(), '1x3');
    await setControl(page, '#stride', 1);
    for (const [input, kernel, stride, dilation, padding, expected] of [
      [4, 3, 1, 1, 0, '2x2'],
      [25, 5, 2, 1, 0, '11x11'],
      [9, 3, 2, 1, 0, '4x4'],
      [9, 3, 1, 4, 0, '1x1'],
      [9, 3, 1, 1, 2, '11x11'],
      [9, 3, 1, 2, 2, '9x9'],
    ]) {
      await setControl(page, '#input-h', input);
      await setControl(page, '#input-w', input);
      await setControl(page, '#kernel-h', kernel);
      await setControl(page, '#kernel-w', kernel);
      await setControl(page, '#stride', stride);
      await setControl(page, '#dilation', dilation);
      for (const side of ['t', 'l', 'b', 'r']) await setControl(page, `#pad-${side}`, padding);
      assert.equal(await size(), expected, `${input}/${kernel}/s${stride}/d${dilation}/p${padding}`);
      const [, , h] = lib.outputShape('conv2d', [1, 1, input, input], [1, 1, kernel, kernel], {
        stride,
        dilation,
        padding,
      });
      assert.equal(expected, `${h}x${h}`);
    }
    // Dilation 4 on 9x9: the single output reads the nine cells four apart.
    await setControl(page, '#dilation', 4);
    for (const side of ['t', 'l', 'b', 'r']) await setControl(page, `#pad-${side}`, 0);
    await page.focus('[data-testid="conv-output"] .cell[data-index="0"]');
    assert.deepEqual(await cellsWith(page, '.grid.input', 'lit'), [0, 4, 8, 36, 40, 44, 72, 76, 80]);
    await setControl(page, '#dilation', 1);

    // Parameters: channels, kernel and bias.
    await setControl(page, '#kernel-h', 3);
    await setControl(page, '#kernel-w', 3);
    await setControl(page, '#bias', true);
    for (const [cin, cout, k, expected] of [
      [16, 32, 3, '4640'],
      [32, 64, 3, '18496'],
      [32, 16, 1, '528'],
      [16, 64, 3, '9280'],
    ]) {
      await setControl(page, '#in-channels', cin);
      await setControl(page, '#out-channels', cout);
      await setControl(page, '#kernel-h', k);
      await setControl(page, '#kernel-w', k);
      assert.equal(await hook(page, 'param-count'), expected, `${cin} -> ${cout}, ${k}x${k}`);
      assert.equal(expected, String(lib.paramCount('conv2d', [cout, cin, k, k], { bias: true })));
    }
    // Groups: 16 -> 64 with 4 groups has a quarter of the weights.
    await setControl(page, '#group-count', 4);
    assert.equal(
      await hook(page, 'param-count'),
      String(lib.paramCount('conv2d', [64, 4, 3, 3], { groups: 4, bias: true })),
    );
    assert.equal(await hook(page, 'param-count'), String((16 / 4) * 9 * 64 + 64));

    // Transposed: 2x2 with a 3x3 kernel gives 4x4; output padding tells 7 from 8.
    await setControl(page, 'input[name="mode"][value="transposed"]', true);
    await setControl(page, '#input-h', 2);
    await setControl(page, '#input-w', 2);
    assert.equal(await size(), '4x4');
    await setControl(page, '#input-h', 4);
    await setControl(page, '#input-w', 4);
    await setControl(page, '#stride', 2);
    for (const side of ['t', 'l', 'b', 'r']) await setControl(page, `#pad-${side}`, 1);
    assert.equal(await size(), '7x7');
    await setControl(page, '#output-padding', 1);
    assert.equal(await size(), '8x8');
    // Even kernel, same padding: the size is kept and the padding is 2 before, 3 after.
    await setControl(page, 'input[name="mode"][value="conv"]', true);
    await setControl(page, '#stride', 1);
    await setControl(page, '#input-h', 10);
    await setControl(page, '#input-w', 10);
    await setControl(page, '#kernel-h', 6);
    await setControl(page, '#kernel-w', 6);
    await setControl(page, '#padding-kind', 'same');
    assert.equal(await size(), '10x10');
    await page.click('[role="tab"][data-view="mechanics"]');
    assert.match(await page.textContent('#view-mechanics'), /top 2, left 2, bottom 3, right 3/);
  });
});
