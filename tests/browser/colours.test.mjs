// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Values as colour and the kernel's window (web/view-colours.js, web/views/colour.js,
// web/views/window-frame.js) in headless Chromium: the computed colours of cells follow
// their values (weights diverging around a neutral 0 to the two end hues of their colour
// bar, larger activations farther from the page's background, in both schemes); the frame
// on the input outlines exactly the cells the current output reads, as the library's
// convolution matrix says (stride 2, dilation 2, padding 1; and a transposed convolution's
// footprint and zero-inserted window); every number a cell shows reads at 4.5:1 or more;
// Cᵀ C is a heat map inside a closed <details>; values stay in the accessible names and text.
// The mechanics, matrix and checkerboard views are saved as screenshots under test-results/
// at 1440x900 and 375x812, light and dark, to be looked at.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { colourOf, scaleOf } from '../../web/views/colour.js';
import { screenshot } from './support/browser.mjs';
import { contrasts } from './support/contrast.mjs';
import { cellsWith, playgroundSuite } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };

// In the page: [r, g, b] of every CSS colour (through a 1x1 canvas), WCAG luminance, and
// each cell of `selector` as { value, kind, fill, luminance }.
const readCells = (page, selector) =>
  page.$$eval(selector, (cells) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    const rgba = (color) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    };
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return cells.map((c) => {
      const fill = rgba(getComputedStyle(c).backgroundColor);
      return {
        value: c.dataset.value ?? c.textContent,
        kind: ['pad', 'zero', 'gap'].find((k) => c.classList.contains(k)) ?? 'value',
        tinted: c.classList.contains('tinted'),
        fill,
        luminance: 0.2126 * lin(fill[0]) + 0.7152 * lin(fill[1]) + 0.0722 * lin(fill[2]),
      };
    });
  });
const pageBackground = (page) =>
  page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data];
  });
const lum = ([r, g, b]) => {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const ratio = (a, b) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
// Saturation of an sRGB colour (max - min channel): 0 for a neutral.
const chroma = ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b);

test('every colour of both scales, in both schemes, has a text colour at 4.5:1 or more', () => {
  // Sampled finely over each scale (in Node: the module has no DOM at import), contrast
  // computed here, not by the module.
  let worst = Infinity;
  for (const scale of [scaleOf([-1, 1], 'weight'), scaleOf([0, 1], 'value')]) {
    for (let i = 0; i <= 2000; i++) {
      const v = scale.lo + ((scale.hi - scale.lo) * i) / 2000;
      for (const { fill, ink } of Object.values(colourOf(scale, v))) worst = Math.min(worst, ratio(fill, ink));
    }
  }
  assert.ok(worst >= 4.5, `lowest ${worst}`);
});

test('weights: a diverging scale, 0 neutral, the largest |w| at the two end hues of the bar', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(
      t,
      '?input=4&kernel=3&dilation=2&padding=2',
      async (page) => {
        // The page's kernel (taps 1..9, gaps of dilation 2 between them): the gaps plain,
        // the taps farther from neutral as they grow, 9 at the bar's positive end.
        const kernel = await readCells(page, '.grid.kernel .cell');
        const taps = kernel.filter((c) => c.kind === 'value');
        assert.deepEqual(taps.map((c) => Number(c.value)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.ok(kernel.filter((c) => c.kind === 'gap').every((c) => !c.tinted), colorScheme);
        for (let i = 1; i < taps.length; i++) {
          assert.ok(chroma(taps[i].fill) > chroma(taps[i - 1].fill), `${colorScheme}: weight ${i + 1}`);
        }
        const nine = taps[8].fill;
        assert.ok(nine[0] > nine[1] && nine[1] > nine[2], `${colorScheme}: weight 9 is orange: ${nine}`);
        const bar = await page.$eval('.grid.kernel', (g) => {
          const ramp = g.closest('figure').querySelector('.colour-bar .ramp');
          const { lo, hi } = ramp.parentElement.dataset;
          return { lo, hi, background: getComputedStyle(ramp).backgroundImage };
        });
        assert.deepEqual([bar.lo, bar.hi], ['-9', '9']);
        const stops = bar.background.match(/rgb\([^)]*\)/g).map((s) => s.match(/\d+/g).map(Number));
        assert.deepEqual(nine, [...stops.at(-1), 255], `${colorScheme}: weight 9 has the bar's positive end`);

        // Known signed weights through the same scale, painted in the page: -3 and 3 at
        // the two ends (violet, orange), 0 neutral, -1 and 1 as far from neutral as each other.
        const signed = await page.evaluate(async () => {
          const { scaleOf, tint, colourBar } = await import(new URL('views/colour.js', document.baseURI).href);
          const weights = [-3, -1, 0, 1, 3];
          const scale = scaleOf(weights, 'weight');
          const box = document.createElement('div');
          box.className = 'grid';
          document.body.append(box);
          const bar = colourBar(scale, 'Test weights');
          box.after(bar);
          const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
          const rgb = (color) => {
            ctx.fillStyle = color;
            ctx.fillRect(0, 0, 1, 1);
            return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
          };
          const fills = weights.map((w) => {
            const cell = document.createElement('button');
            cell.className = 'cell';
            box.append(cell);
            tint(cell, w === 0 ? null : w, scale);
            return rgb(getComputedStyle(cell).backgroundColor);
          });
          const ends = getComputedStyle(bar.querySelector('.ramp')).backgroundImage.match(/rgb\([^)]*\)/g).map(rgb);
          const zero = ends[Math.floor(ends.length / 2)];
          const cell = rgb(getComputedStyle(document.body).getPropertyValue('--cell-bg').trim());
          return { fills, ends: [ends[0], ends.at(-1)], zero, cell };
        });
        const [neg3, neg1, zero, pos1, pos3] = signed.fills;
        assert.deepEqual(neg3, signed.ends[0], `${colorScheme}: -3 at the negative end`);
        assert.deepEqual(pos3, signed.ends[1], `${colorScheme}: 3 at the positive end`);
        assert.ok(neg3[2] > neg3[1] && neg3[0] > neg3[1], `${colorScheme}: the negative end is violet: ${neg3}`);
        assert.ok(pos3[0] > pos3[1] && pos3[1] > pos3[2], `${colorScheme}: the positive end is orange: ${pos3}`);
        // 0 is neutral: no hue, the bar's middle (and a zero entry is left plain).
        assert.ok(chroma(signed.zero) <= 3, `${colorScheme}: the bar's 0 is neutral: ${signed.zero}`);
        assert.deepEqual(zero, signed.cell, `${colorScheme}: a zero weight is a plain cell`);
        // Symmetric: |w| sets the distance from neutral, the sign the hue.
        assert.ok(Math.abs(lum(neg1) - lum(pos1)) < 0.06, `${colorScheme}: -1 and 1 equally light`);
        assert.ok(chroma(neg1) < chroma(neg3) && chroma(pos1) < chroma(pos3), colorScheme);
      },
      { colorScheme },
    );
  }
});

test('activations: a sequential scale, a larger value farther from the background (darker in light, brighter in dark)', async (
  t,
) => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [query, grid] of [
      ['?input=5&kernel=3&padding=1', '.grid.input'],
      ['?input=5&kernel=3&padding=1', '[data-testid="conv-output"]'],
      ['?mode=transposed&input=3&kernel=3&stride=2', '[data-testid="scatter-output"]'],
      ['?mode=transposed&input=6&kernel=3&stride=2&view=checkerboard', '[data-testid="overlap"]'],
    ]) {
      await withPage(
        t,
        query,
        async (page) => {
          const bg = await pageBackground(page);
          const cells = (await readCells(page, `${grid} .cell`)).filter((c) => c.kind === 'value');
          assert.ok(cells.length >= 9 && cells.every((c) => c.tinted), `${query} ${grid}`);
          // Sorted by value, the contrast with the page's background never falls and rises overall.
          const sorted = cells.sort((a, b) => Number(a.value) - Number(b.value));
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [sorted[i - 1], sorted[i]];
            if (Number(a.value) === Number(b.value)) continue;
            const where = `${colorScheme} ${query}: ${b.value} against ${a.value}`;
            assert.ok(ratio(b.fill, bg) >= ratio(a.fill, bg) - 0.01, `${where}: not farther from the background`);
            // Light: darker; dark: brighter.
            if (colorScheme === 'light') assert.ok(b.luminance <= a.luminance + 1e-3, `${where}: lighter`);
            else assert.ok(b.luminance >= a.luminance - 1e-3, `${where}: darker`);
          }
          const [low, high] = [sorted[0].fill, sorted.at(-1).fill];
          assert.ok(ratio(high, bg) > ratio(low, bg) + 2, `${colorScheme} ${query}: the scale spans little`);
          assert.ok(chroma(high) > chroma(low), `${colorScheme} ${query}: the largest value is more saturated`);
          // Padding and inserted zeros are drawn as such, not coloured.
          const plain = (await readCells(page, `${grid} .cell`)).filter((c) => c.kind !== 'value');
          assert.ok(plain.every((c) => !c.tinted), query);
        },
        { colorScheme },
      );
    }
  }
});

// The frame on `grid`: the indices of the cells inside it (by their centres), and the cells
// marked as taps with their weights.
const frameOn = (page, grid) =>
  page.$eval(grid, (g) => {
    const frame = g.querySelector(':scope > .kernel-window');
    if (!frame || frame.hidden) return null;
    const box = frame.getBoundingClientRect();
    const cells = [...g.querySelectorAll(':scope > .cell')];
    const inside = cells.flatMap((c, i) => {
      const r = c.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      return x > box.left && x < box.right && y > box.top && y < box.bottom ? [i] : [];
    });
    const taps = cells.flatMap((c, i) => (c.classList.contains('tap') ? [i] : []));
    return {
      inside,
      taps,
      weights: taps.map((i) => cells[i].dataset.weight ?? null),
      pads: taps.filter((i) => cells[i].classList.contains('pad')).length,
    };
  });

// The rectangle of cells from the first to the last of `indices` in a grid `cols` wide.
function boundingBox(indices, cols) {
  const rows = indices.map((i) => Math.floor(i / cols));
  const cs = indices.map((i) => i % cols);
  const out = [];
  for (let r = Math.min(...rows); r <= Math.max(...rows); r++) {
    for (let c = Math.min(...cs); c <= Math.max(...cs); c++) out.push(r * cols + c);
  }
  return out;
}
const nonzeroRow = (m, r) => Array.from({ length: m.cols }, (_, c) => c).filter((c) => m.data[r * m.cols + c] !== 0);
const nonzeroCol = (m, c) => Array.from({ length: m.rows }, (_, r) => r).filter((r) => m.data[r * m.cols + c] !== 0);
const ones = (k) => ({ data: new Float32Array(k * k).fill(1), shape: [1, 1, k, k] });
// The page's teaching tensors: 1, 2, 3, ...
const numbered = (shape) => ({ data: Float32Array.from({ length: shape[2] * shape[3] }, (_, i) => i + 1), shape });
const step = (page) => page.click('[data-testid="player"] [data-action="step"]');

test('the window on the input: exactly the cells the current output reads (stride 2, dilation 2, padding 1)', async (t) => {
  // 7x7 input, padding 1: a 9x9 padded grid; the 3x3 kernel with dilation 2 spans 5x5; stride 2: 3x3 outputs.
  await withPage(t, '?input=7&kernel=3&stride=2&dilation=2&padding=1', async (page) => {
    const windows = wc().convMatrix('conv2d', [1, 1, 9, 9], ones(3), { stride: 2, dilation: 2 });
    assert.equal(windows.rows, 9);
    assert.equal(await frameOn(page, '.grid.input'), null, 'no window before the first step');
    for (let k = 0; k < 9; k++) {
      await step(page);
      const [or, oc] = [Math.floor(k / 3), k % 3];
      // By the formula: taps at (2·or + 2i, 2·oc + 2j); and by the library's matrix.
      const taps = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) taps.push((2 * or + 2 * i) * 9 + 2 * oc + 2 * j);
      assert.deepEqual(nonzeroRow(windows, k), taps, `output ${k}`);
      const frame = await frameOn(page, '.grid.input');
      assert.deepEqual(frame.taps, taps, `output ${k}: the taps marked`);
      assert.deepEqual(frame.inside, boundingBox(taps, 9), `output ${k}: the frame encloses the dilated window, gaps included`);
      assert.deepEqual(frame.weights, ['1', '2', '3', '4', '5', '6', '7', '8', '9'], `output ${k}: each tap's weight`);
      // The linking the view already did is kept: the taps are its lit cells.
      assert.deepEqual(await cellsWith(page, '.grid.input', 'lit'), taps);
      // Padding stays padding inside the window (the first row and column of the padded grid).
      if (k === 0) assert.equal(frame.pads, 5, 'output 0 reads five padding cells');
    }
    // Restart: the finished output, no window; hovering an output shows its window again.
    await page.click('[data-testid="player"] [data-action="restart"]');
    assert.equal(await frameOn(page, '.grid.input'), null);
    await page.focus('[data-testid="conv-output"] .cell[data-index="4"]');
    assert.deepEqual((await frameOn(page, '.grid.input')).taps, nonzeroRow(windows, 4));
    // An input cell lights the outputs it feeds: that is no window on the input.
    await page.focus('.grid.input .cell[data-index="40"]');
    assert.equal(await frameOn(page, '.grid.input'), null);
  });
});

test('transposed: the footprint scattered on the output and the window on the zero-inserted grid', async (t) => {
  // 3x3 input, stride 2, padding 1: a 5x5 output; the zero-inserted grid is 7x7 (5x5 spread, 1 padding each side).
  await withPage(t, '?mode=transposed&input=3&kernel=3&stride=2&padding=1', async (page) => {
    const scatter = wc().convMatrix('convTranspose2d', [1, 1, 3, 3], ones(3), { stride: 2, padding: 1 });
    const gather = wc().convMatrix('conv2d', [1, 1, 7, 7], ones(3), {});
    for (let k = 0; k < 12; k++) {
      await step(page);
      if (k < 9) {
        // Input k scatters into the outputs of Cᵀ's column k: framed, each with its weight.
        const fed = nonzeroCol(scatter, k);
        const frame = await frameOn(page, '[data-testid="scatter-output"]');
        assert.deepEqual(frame.taps, fed, `input ${k}`);
        assert.deepEqual(frame.inside, boundingBox(fed, 5), `input ${k}: the footprint`);
        // Its cells show the running sums; the weights are written on windows only.
        assert.ok(frame.weights.every((w) => w === null), `input ${k}`);
        // Input 0's footprint is cropped by the padding to 2x2; the centre's is whole.
        if (k === 0) assert.equal(fed.length, 4);
        if (k === 4) assert.equal(fed.length, 9);
      } else assert.equal(await frameOn(page, '[data-testid="scatter-output"]'), null, `step ${k}: every input scattered`);
      // Output k reads its window of the zero-inserted grid (stride 1, the flipped kernel).
      const window = nonzeroRow(gather, k);
      const frame = await frameOn(page, '.grid.zero-inserted');
      assert.deepEqual(frame.taps, window, `output ${k}`);
      assert.deepEqual(frame.inside, boundingBox(window, 7), `output ${k}: the window`);
      assert.deepEqual(frame.weights, ['9', '8', '7', '6', '5', '4', '3', '2', '1'], `output ${k}: the flipped kernel`);
      // The zero-inserted output shows no footprint while it gathers.
      assert.equal(await frameOn(page, '[data-testid="zero-output"]'), null);
    }
    // Focusing an input shows its footprint on both outputs.
    await page.focus('.grid.input:not(.zero-inserted) .cell[data-index="4"]');
    for (const grid of ['[data-testid="scatter-output"]', '[data-testid="zero-output"]']) {
      assert.deepEqual((await frameOn(page, grid)).taps, nonzeroCol(scatter, 4), grid);
    }
  });
});

// Every cell (grid cell, matrix entry) showing a number, and each colour bar's numbers:
// contrast with what is behind them, from computed colours (support/contrast.mjs).
// A number hidden from sight (too small to read at its cell's size: it is on hover) is
// transparent text, and not counted.
async function lowContrast(page) {
  const pairs = (await page.evaluate(contrasts, { host: true })).filter(
    (p) => /^(button\.cell|span\.cell|td|span\.(lo|hi|zero))/.test(p.element) && p.color !== 'rgba(0, 0, 0, 0)',
  );
  assert.ok(pairs.length > 0);
  const low = pairs.filter((p) => p.ratio < 4.5);
  return { count: pairs.length, low: low.map((p) => `${p.element} "${p.text}" ${p.color} on ${p.background}: ${p.ratio.toFixed(2)}`) };
}

// A tap's weight, drawn in its corner (a ::after box): its own text on its own background.
const badgeContrast = (page) =>
  page.$$eval('.grid.roomy .cell.tap[data-weight]', (cells) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    const rgb = (color) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
    };
    return cells
      .map((c) => getComputedStyle(c, '::after'))
      .filter((s) => s.display !== 'none' && s.content !== 'none')
      .map((s) => [rgb(s.color), rgb(s.backgroundColor)]);
  });

const SHOTS = [
  ['mechanics', '?input=7&kernel=3&stride=2&dilation=2&padding=1', 2],
  ['mechanics-transposed', '?mode=transposed&input=3&kernel=3&stride=2&padding=1', 3],
  ['matrix', '?input=4&kernel=3&view=matrix', 0],
  ['matrix-transposed', '?mode=transposed&input=3&kernel=3&stride=2&view=matrix', 0],
  ['checkerboard', '?mode=transposed&input=6&kernel=3&stride=2&view=checkerboard', 0],
];

test('every number on a coloured cell reads at 4.5:1 or more (light and dark, desktop and phone); screenshots', async (t) => {
  for (const [name, query, steps] of SHOTS) {
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [DESKTOP, PHONE]) {
        await withPage(
          t,
          query,
          async (page) => {
            for (let i = 0; i < steps; i++) await step(page);
            if (name.startsWith('matrix')) {
              // A row lit and C^T C's heat map opened: those cells too.
              await page.focus('.row-head[data-row="1"]');
              await page.$eval('[data-testid="ctc-details"]', (d) => (d.open = true));
            }
            const { count, low } = await lowContrast(page);
            t.diagnostic(`${name} ${colorScheme} ${viewport.width}: ${count} numbers checked`);
            assert.deepEqual(low, [], `${name} ${colorScheme} ${viewport.width}`);
            for (const [fg, bg] of await badgeContrast(page)) {
              assert.ok(ratio(fg, bg) >= 4.5, `${name} ${colorScheme}: a tap's weight ${fg} on ${bg}`);
            }
            await screenshot(page, `colours-${name}-${colorScheme}-${viewport.width}`);
            const [scroll, client] = await page.evaluate(() => [
              document.documentElement.scrollWidth,
              document.documentElement.clientWidth,
            ]);
            assert.ok(scroll <= client, `${name} ${viewport.width}: the page is ${scroll} px wide`);
          },
          { colorScheme, viewport },
        );
      }
    }
  }
});

test('cells sized for reading: large for small grids, numbers hidden only where they would not be legible', async (t) => {
  await withPage(
    t,
    '?input=5&kernel=3',
    async (page) => {
      const size = await page.$eval('.grid.input .cell', (c) => c.getBoundingClientRect().width);
      assert.ok(size >= 40, `a 5x5 input's cells are ${size} px`);
      // Every number of the mechanics fits at this size: none hidden.
      assert.equal(await page.$$eval('#view-mechanics .cell.quiet', (c) => c.length), 0);
    },
    { viewport: DESKTOP },
  );
  await withPage(
    t,
    '?mode=transposed&input=4&kernel=3&stride=2&view=matrix',
    async (page) => {
      // C^T is 81x16: its entries are small squares, their numbers on hover (title) and in the text.
      const entries = await page.$$eval('table[data-testid="matrix"] td.tinted', (tds) =>
        tds.map((td) => ({
          text: td.textContent,
          title: td.title,
          quiet: td.classList.contains('quiet'),
          color: getComputedStyle(td).color,
        })),
      );
      // Each of the 16 inputs scatters its 9 taps (no padding crops them): 144 nonzero entries.
      assert.equal(entries.length, 144);
      const hidden = (e) => e.quiet && e.title === e.text && e.color === 'rgba(0, 0, 0, 0)';
      assert.ok(entries.every(hidden), JSON.stringify(entries[0]));
    },
    { viewport: DESKTOP },
  );
  await withPage(
    t,
    '?input=4&kernel=3&view=matrix',
    async (page) => {
      // C is 4x16: the numbers fit and are shown; zeros are blank ('·', not coloured).
      const cells = await readCells(page, 'table[data-testid="matrix"] td');
      assert.equal(cells.filter((c) => c.tinted).length, 36);
      assert.ok(cells.filter((c) => c.value === '·').every((c) => !c.tinted));
      assert.equal(await page.$$eval('table[data-testid="matrix"] td.quiet', (c) => c.length), 0);
      // The larger weight, the farther from neutral.
      const byWeight = new Map(cells.filter((c) => c.tinted).map((c) => [Number(c.value), chroma(c.fill)]));
      for (let w = 2; w <= 9; w++) assert.ok(byWeight.get(w) > byWeight.get(w - 1), `weight ${w}`);
    },
    { viewport: DESKTOP },
  );
});

test('Cᵀ C is a coloured heat map inside a closed <details>, its values kept for hover and screen readers', async (t) => {
  await withPage(t, '?input=4&kernel=3&view=matrix', async (page) => {
    const details = await page.$eval('[data-testid="ctc-details"]', (d) => ({
      open: d.open,
      holds: !!d.querySelector('[data-testid="ctc-matrix"]'),
      summary: d.querySelector('summary').textContent,
    }));
    assert.deepEqual(details, { open: false, holds: true, summary: 'Cᵀ C as a heat map (16 × 16)' });
    assert.equal(await page.isVisible('[data-testid="ctc-matrix"]'), false);
    await page.click('[data-testid="ctc-details"] > summary');
    assert.equal(await page.isVisible('[data-testid="ctc-matrix"]'), true);
    // Cᵀ C's entries, from the library's C: coloured (not digits on show), each value in
    // the cell's text and title; the largest entry the strongest colour.
    const c = wc().convMatrix('conv2d', [1, 1, 4, 4], numbered([1, 1, 3, 3]));
    const g = [];
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < c.rows; k++) s += c.data[k * 16 + i] * c.data[k * 16 + j];
      g.push(s);
    }
    const cells = await page.$$eval('[data-testid="ctc-matrix"] td', (tds) =>
      tds.map((td) => ({
        text: td.textContent,
        title: td.title,
        tinted: td.classList.contains('tinted'),
        color: getComputedStyle(td).color,
      })),
    );
    assert.deepEqual(cells.map((e) => (e.text === '·' ? 0 : Number(e.text))), g);
    assert.ok(cells.every((e) => e.color === 'rgba(0, 0, 0, 0)'), 'no digits on show');
    assert.ok(cells.every((e, i) => (g[i] === 0 ? !e.tinted : e.tinted && e.title === String(g[i]))));
    // Light scheme: the darkest fill is the largest entry.
    const fills = await readCells(page, '[data-testid="ctc-matrix"] td');
    const tinted = fills.flatMap((f, i) => (f.tinted ? [i] : []));
    const strongest = tinted.reduce((best, i) => (fills[i].luminance < fills[best].luminance ? i : best));
    assert.equal(g[strongest], Math.max(...g));
  });
});

test('screen readers: colour is not the only carrier, every cell names its value', async (t) => {
  await withPage(t, '?input=4&kernel=3&padding=1', async (page) => {
    const names = await page.$$eval('#view-mechanics .grids .cell', (cells) => cells.map((c) => c.getAttribute('aria-label')));
    assert.ok(names.includes('input 1 at (2, 2)'), names.slice(0, 12).join('; '));
    assert.ok(names.includes('kernel tap (3, 3), weight 9'));
    assert.ok(names.includes('padding 0 at (1, 1)'));
    // Outputs name their value once computed (the library's), and say when they are not yet.
    const y = wc().conv2d(numbered([1, 1, 4, 4]), numbered([1, 1, 3, 3]), { padding: 1 });
    const name = (i) => page.getAttribute(`[data-testid="conv-output"] .cell[data-index="${i}"]`, 'aria-label');
    assert.equal(await name(0), `output (1, 1): ${y.data[0]}`);
    await step(page);
    assert.equal(await name(1), 'output (1, 2): not computed yet');
    // Each colour bar reads out what its colours mean, with its ends.
    const bars = await page.$$eval('#view-mechanics .colour-bar', (b) => b.map((e) => e.textContent));
    assert.equal(bars.length, 3);
    assert.match(bars[1], /^Kernel weights: colour from violet \(negative\) through neutral \(0\) to orange \(positive\), -9 to 9: /);
    assert.match(bars[1], /: -909$/);
    assert.match(bars[0], /^Input values: .* 0 to 16: 016$/);
  });
});
