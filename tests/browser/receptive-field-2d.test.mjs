// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive field in 2-D (issue 25) in headless Chromium: on several stacks (padding,
// stride 2, dilation 2) the field size, the effective padding, the drawn unit's start and
// centre equal the formulas worked out here, the per-pixel path counts equal a plain
// JavaScript count through the padded stack, and three 3x3 layers set beside one 7x7 show
// the same 7x7 field from 27 weights per channel pair against 49.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

const parse = (text) =>
  text.split(',').map((item) => {
    const [, k, s, d, p] = /^(\d+)(?:s(\d+))?(?:d(\d+))?(?:p(\d+))?$/.exec(item);
    return { kernel: Number(k), stride: Number(s ?? 1), dilation: Number(d ?? 1), padding: Number(p ?? 0) };
  });

// r = 1 + sum (k-1) d J_l, P = sum p J_l, J = prod s, with J_l the strides' product before l.
function formulas(layers) {
  let [r, P, J] = [1, 0, 1];
  for (const { kernel, stride, dilation, padding } of layers) {
    r += (kernel - 1) * dilation * J;
    P += padding * J;
    J *= stride;
  }
  return { r, P, J };
}

// Paths from each pixel of an n x n input to output unit (u, u): sent back layer by layer,
// each output (y, x) reaching input (y s - p + a d, x s - p + b d) inside the input.
function pathCounts(layers, n, u) {
  const sides = [n];
  for (const { kernel, stride, dilation, padding } of layers) sides.push(Math.floor((sides.at(-1) + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1);
  let g = new Array(sides.at(-1) ** 2).fill(0);
  g[u * sides.at(-1) + u] = 1;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { kernel, stride, dilation, padding } = layers[l];
    const [out, inp] = [sides[l + 1], sides[l]];
    const h = new Array(inp * inp).fill(0);
    for (let y = 0; y < out; y++)
      for (let x = 0; x < out; x++) {
        if (!g[y * out + x]) continue;
        for (let a = 0; a < kernel; a++)
          for (let b = 0; b < kernel; b++) {
            const [iy, ix] = [y * stride - padding + a * dilation, x * stride - padding + b * dilation];
            if (iy >= 0 && iy < inp && ix >= 0 && ix < inp) h[iy * inp + ix] += g[y * out + x];
          }
      }
    g = h;
  }
  return g;
}

test('2-D field: size, effective padding, start and centre, and each pixel\'s path count', async (t) => {
  for (const layers of ['3p1,3p1,3p1', '3s2,3s2,3s2', '3,3d2,3d4', '3p1,3s2p1,3p1,3s2p1', '5s2p2,3d2p2,2s2', '2s2,2p1']) {
    await withPage(t, `?view=receptive-field&layers=${layers}`, async (page) => {
      const stack = parse(layers);
      const { r, P, J } = formulas(stack);
      const d = await page.$eval('[data-testid="rf-2d"]', (s) => ({ ...s.dataset }));
      assert.deepEqual([d.size, d.padding, d.jump].map(Number), [r, P, J], layers);
      const u = Number(d.unit);
      const n = Number(d.input);
      assert.equal(Number(d.start), u * J - P, `${layers}: start`);
      assert.equal(Number(d.centre), u * J - P + (r - 1) / 2, `${layers}: centre`);
      // The whole field is on the input.
      assert.ok(u * J - P >= 0 && u * J - P + r <= n, `${layers}: field inside the ${n}x${n} input`);
      const counts = await page.$$eval('[data-testid="rf-2d-grid"] .cell', (c) => c.map((e) => Number(e.dataset.value)));
      assert.deepEqual(counts, pathCounts(stack, n, u), `${layers}: path counts`);
      // Every pixel reached lies inside the frame, which spans the field.
      const first = u * J - P;
      counts.forEach((v, i) => {
        const [y, x] = [Math.floor(i / n), i % n];
        if (v) assert.ok(y >= first && y < first + r && x >= first && x < first + r, `${layers}: pixel ${y},${x}`);
      });
      const frame = await page.$eval('[data-testid="rf-2d-grid"] .field-frame', (f) => f.style.gridArea);
      assert.equal(frame, `${first + 1} / ${first + 1} / ${first + r + 1} / ${first + r + 1}`);
      // Screen readers get the field in words.
      assert.equal(await page.getAttribute('[data-testid="rf-2d-grid"]', 'role'), 'img');
      const name = await page.getAttribute('[data-testid="rf-2d-grid"]', 'aria-label');
      assert.ok(name.includes(`rows and columns ${first} to ${first + r - 1}, centre (${first + (r - 1) / 2}, ${first + (r - 1) / 2})`), name);
      // The formulas are written out with these numbers.
      const text = await page.textContent('[data-testid="rf-formulas"]');
      assert.ok(text.includes(`= ${r} pixels`), text);
      assert.ok(text.includes(`Σ p_l·J_l = `) && text.includes(`= ${P};`), text);
      assert.ok(text.includes(`start ${u}·${J} − ${P} = ${first}, centre ${first} + (${r} − 1)/2 = ${first + (r - 1) / 2}`), text);
    });
  }
});

test('three 3x3 against one 7x7 side by side: 7x7 fields, 27 against 49 weights', async (t) => {
  await withPage(t, '?view=receptive-field', async (page) => {
    await page.click('#view-receptive-field button:has-text("Three 3x3 (one 7x7)")');
    const button = page.getByRole('button', { name: 'Compare with one 7×7 layer' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.getAttribute('[data-testid="rf-compare"]', 'data-value'), '7x7,27,49');
    const stack = await page.$$eval('[data-testid="rf-compare-stack"] .cell', (c) => c.map((e) => Number(e.dataset.value)));
    const one = await page.$$eval('[data-testid="rf-compare-one"] .cell', (c) => c.map((e) => Number(e.dataset.value)));
    // Three 3x3 layers: per axis 1, 2, 3, 2, 1 convolved with 1, 1, 1 = 1, 3, 6, 7, 6, 3, 1.
    const axis = [1, 3, 6, 7, 6, 3, 1];
    assert.deepEqual(stack, axis.flatMap((a) => axis.map((b) => a * b)));
    assert.deepEqual(one, new Array(49).fill(1));
    assert.match(await page.textContent('[data-testid="rf-compare-stack"] figcaption'), /7×7 field, 3·9 = 27 weights per channel pair \(27C² for C channels in and out\)/);
    assert.match(await page.textContent('[data-testid="rf-compare-one"] figcaption'), /7×7 field, 7² = 49 weights per channel pair \(49C²\)/);
    // The comparison stays open while the stack is edited.
    await page.click('text=Add a layer');
    assert.equal(await page.getAttribute('[data-testid="rf-compare"]', 'data-value'), '9x9,36,81');
  });
});
