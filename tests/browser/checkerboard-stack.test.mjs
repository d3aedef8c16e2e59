// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The checkerboard view's stack of upsampling layers (issue 25) in headless Chromium: the
// overlap counts after each of 1, 2 and 3 layers, drawn as a grid and a profile, equal a
// plain JavaScript scatter of ones; the max/min ratio inside (away from the borders) is 1
// for 4x4 stride-2 layers and compounds for 3x3 stride-2 ones; the stack is kept in the
// URL, and its controls work from the keyboard under their accessible names.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

// Each layer scatters every input value over a k x k window at stride s (a kernel of ones).
function scatter(stack, n, dims) {
  let side = n;
  let x = new Array(n ** dims).fill(1);
  const out = [];
  for (const { kernel: k, stride: s } of stack) {
    const m = (side - 1) * s + k;
    const y = new Array(m ** dims).fill(0);
    if (dims === 1) {
      for (let i = 0; i < side; i++) for (let t = 0; t < k; t++) y[i * s + t] += x[i];
    } else {
      for (let r = 0; r < side; r++)
        for (let c = 0; c < side; c++)
          for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) y[(r * s + a) * m + c * s + b] += x[r * side + c];
    }
    out.push({ side: m, counts: y });
    [x, side] = [y, m];
  }
  return out;
}

// Interior max/min: the pixels whose every tap comes from interior pixels of the layer
// before lie at least B_l = (B_{l-1} - 1) s + k from each border (B_0 = 0).
function ratios(stack, layers) {
  let border = 0;
  return layers.map(({ side, counts }, l) => {
    const { kernel: k, stride: s } = stack[l];
    border = Math.max(0, (border - 1) * s + k);
    const inside = [];
    for (let r = border; r < side - border; r++) for (let c = border; c < side - border; c++) inside.push(counts[r * side + c]);
    return inside.length ? Math.max(...inside) / Math.min(...inside) : null;
  });
}

const parse = (text) => text.split(',').map((l) => ({ kernel: Number(l.split('s')[0]), stride: Number(l.split('s')[1] ?? 1) }));

const shown = (page) =>
  page.$$eval('[data-testid="upsampling-layer"]', (figs) =>
    figs.map((f) => ({
      cols: Number(f.querySelector('[data-testid="upsampling-grid"]').dataset.cols),
      counts: [...f.querySelectorAll('[data-testid="upsampling-grid"] .cell')].map((c) => Number(c.dataset.value)),
      profile: f.querySelector('[data-testid="upsampling-profile"]').dataset.values.split(',').map(Number),
    })),
  );

test('the counts after 1, 2 and 3 upsampling layers equal a scatter of ones', async (t) => {
  for (const [layers, n] of [
    ['3s2', 4],
    ['3s2,3s2', 4],
    ['3s2,3s2,3s2', 4],
    ['4s2', 3],
    ['4s2,4s2', 3],
    ['4s2,4s2,4s2', 3],
    ['5s3,2s1,3s2', 2],
  ]) {
    await withPage(t, `?view=checkerboard&upsampling=${layers}&upsampling-input=${n}`, async (page) => {
      const stack = parse(layers);
      const grids = scatter(stack, n, 2);
      const lines = scatter(stack, n, 1);
      const got = await shown(page);
      assert.equal(got.length, stack.length, layers);
      got.forEach((g, l) => {
        assert.equal(g.cols, grids[l].side, `${layers} layer ${l + 1}`);
        assert.deepEqual(g.counts, grids[l].counts, `${layers} layer ${l + 1}: 2-D counts`);
        assert.deepEqual(g.profile, lines[l].counts, `${layers} layer ${l + 1}: profile`);
      });
      // Each grid and profile is an image named by its numbers.
      const names = await page.$$eval('[data-testid="upsampling-layer"] [role="img"]', (e) => e.map((x) => x.getAttribute('aria-label')));
      assert.equal(names.length, 2 * stack.length);
      assert.ok(names[1].endsWith(`: ${lines[0].counts.join(', ')}`), names[1]);
      assert.match(names[0], new RegExp(`^Overlap counts after layer 1, ${grids[0].side} by ${grids[0].side}: from ${Math.min(...grids[0].counts)} to ${Math.max(...grids[0].counts)}`));
      const expected = ratios(stack, grids).map(String).join(',');
      assert.equal(await page.getAttribute('[data-testid="upsampling-summary"]', 'data-ratios'), expected, layers);
      const summary = await page.textContent('[data-testid="upsampling-summary"]');
      if (stack.every((l) => l.kernel % l.stride === 0)) {
        assert.equal(expected, stack.map(() => '1').join(','));
        assert.match(summary, /even inside/);
      } else assert.match(summary, /compounds/);
    });
  }
  // The compounding: 3x3 stride 2 from a 4x4 input, max/min 4 after one layer, then more.
  const three = ratios(parse('3s2,3s2,3s2'), scatter(parse('3s2,3s2,3s2'), 4, 2));
  t.diagnostic(`3x3 stride 2, max/min inside per layer: ${three.join(', ')}`);
  assert.equal(three[0], 4);
  assert.ok(three[1] > three[0] && three[2] >= three[1], three.join(','));
});

test('the stack is kept in the URL and edited by keyboard under accessible names', async (t) => {
  await withPage(t, '?view=checkerboard', async (page) => {
    // Absent from the URL: three 3x3 stride-2 layers on a 4x4 input.
    assert.deepEqual((await shown(page)).map((g) => g.cols), [9, 19, 39]);
    const layersSelect = page.getByRole('combobox', { name: 'Number of upsampling layers' });
    await layersSelect.focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => location.search.includes('upsampling=3s2%2C3s2'));
    assert.match(await page.evaluate(() => location.search), /upsampling=3s2%2C3s2&|upsampling=3s2%2C3s2$/);
    assert.deepEqual((await shown(page)).map((g) => g.cols), [9, 19]);
    // The focus stays on the control that was used.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Number of upsampling layers');
    // Typing a kernel into layer 2 (Tab-reachable number field), committed with Enter.
    const kernel = page.getByRole('spinbutton', { name: 'Upsampling layer 2 kernel' });
    await kernel.fill('4');
    await kernel.press('Enter');
    await page.waitForFunction(() => location.search.includes('upsampling=3s2%2C4s2'));
    assert.deepEqual((await shown(page)).map((g) => g.cols), [9, 20]);
    const input = page.getByRole('spinbutton', { name: 'Upsampling input size' });
    await input.fill('3');
    await input.press('Enter');
    await page.waitForFunction(() => location.search.includes('upsampling-input=3'));
    assert.deepEqual((await shown(page)).map((g) => g.cols), [7, 16]);
    // A preset button, by keyboard.
    await page.getByRole('button', { name: 'Three 4×4, stride 2 (even)' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.search.includes('upsampling=4s2%2C4s2%2C4s2'));
    assert.equal(await page.getAttribute('[data-testid="upsampling-summary"]', 'data-ratios'), '1,1,1');
    // Back restores the previous stack; a link restores the stack.
    await page.goBack();
    await page.waitForFunction(() => location.search.includes('upsampling=3s2%2C4s2'));
    assert.deepEqual((await shown(page)).map((g) => g.cols), [7, 16]);
    // An out-of-range value is explained, not applied.
    await kernel.fill('9');
    await kernel.press('Enter');
    assert.match(await page.textContent('#error'), /Upsampling layer 2 kernel: 9 is not allowed; use a whole number from 1 to 8/);
    assert.match(await page.evaluate(() => location.search), /upsampling=3s2%2C4s2/);
  });
  // A bad link is reported and ignored.
  await withPage(t, '?view=checkerboard&upsampling=3s9', async (page) => {
    assert.match(await page.textContent('#error'), /upsampling=3s9: stride 9 in "3s9" must be from 1 to 4/);
    assert.deepEqual((await shown(page)).map((g) => g.cols), [9, 19, 39]);
  });
});
