// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's magnifier (issue 25): pointing at an output pixel shows the input patch
// under the kernel, the weights, the products and "sum + bias = value" per channel. At
// corners with padding, inside, with stride 2, dilation 2, a transposed stride-2 layer,
// mixed channels with a bias, in RGB and gray, the shown sum plus bias equals the shown
// value, that value equals the library's output pixel (computed here in Node from the
// page's own input pixels, the oracle written out as in image.test.mjs), and the patch
// holds the input's values (the padding cells marked). The keyboard moves the probe, and
// Escape closes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { screenshot } from './support/browser.mjs';
import { playgroundSuite, waitImage } from './support/playground-page.mjs';

const suite = playgroundSuite();
const wc = () => suite.wc();

// The input tensor of the page's input canvas (a 256x256 sample: its own pixels).
async function inputTensor(page, color) {
  const { width, height, data } = await page.evaluate(() => {
    const c = document.getElementById('input');
    return { width: c.width, height: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };
  });
  const plane = width * height;
  const channels = color === 'gray' ? 1 : 3;
  const x = new Float32Array(channels * plane);
  for (let i = 0; i < plane; i++) {
    const [r, g, b] = [data[4 * i], data[4 * i + 1], data[4 * i + 2]];
    if (channels === 1) x[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else [x[i], x[plane + i], x[2 * plane + i]] = [r / 255, g / 255, b / 255];
  }
  return { data: x, shape: [1, channels, height, width] };
}

// The library's output for a layer written out here: each channel filtered alone, or
// (mixed) every output reading all three inputs with a third of the weights.
function oracle(x, { op = 'conv2d', kernel, weights, mixed = false, options }) {
  const c = x.shape[1];
  const taps = kernel[0] * kernel[1];
  const w = new Float32Array(c * (mixed ? 3 : 1) * taps);
  for (let i = 0; i < w.length; i++) w[i] = weights[i % taps] / (mixed ? 3 : 1);
  return wc()[op](x, { data: w, shape: [c, mixed ? 3 : 1, ...kernel] }, { ...options, groups: mixed ? 1 : c });
}

// Points the mouse at output pixel (x, y) and returns what the magnifier shows for it.
async function probe(page, x, y) {
  await page.$eval('#output-frame', (f) => f.scrollIntoView({ block: 'center' }));
  const point = await page.evaluate(([x, y]) => {
    const c = document.getElementById('output');
    const r = c.getBoundingClientRect();
    const [W, H] = [Number(c.dataset.width), Number(c.dataset.height)];
    return [r.left + ((x + 0.5) * r.width) / W, r.top + ((y + 0.5) * r.height) / H];
  }, [x, y]);
  await page.mouse.move(...point);
  return shown(page, x, y);
}

// Waits until the magnifier shows output pixel (x, y) of the drawn result, and reads it.
async function shown(page, x, y) {
  await page.waitForFunction(
    ([x, y]) => {
      const m = document.getElementById('magnifier');
      return !m.hidden && m.dataset.x === String(x) && m.dataset.y === String(y) && m.dataset.job === document.getElementById('timing').dataset.completed;
    },
    [x, y],
  );
  return page.evaluate(() => {
    const m = document.getElementById('magnifier');
    const cells = (row, kind) => [...row.querySelectorAll(`.mgrid.${kind} .mcell`)].map((c) => ({ value: Number(c.dataset.value), kind: c.className.replace('mcell', '').trim() || 'pixel', text: c.textContent }));
    return {
      where: m.querySelector('[data-testid="magnifier-where"]').textContent,
      live: m.querySelector('[data-testid="magnifier-live"]').textContent,
      liveRegion: m.querySelector('[data-testid="magnifier-live"]').getAttribute('aria-live'),
      terms: [...m.querySelectorAll('.term')].map((row) => ({
        in: Number(row.dataset.in),
        sum: Number(row.dataset.sum),
        patch: cells(row, 'patch'),
        weights: cells(row, 'weights'),
        products: cells(row, 'products'),
      })),
      equations: [...m.querySelectorAll('[data-testid="magnifier-equation"]')].map((e) => ({ ...e.dataset, text: e.textContent })),
    };
  });
}

// |a - b| within 1e-4 of the computation's size (the largest of |b| and the summed |products|).
const close = (a, b, scale) => Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(b), scale, 1e-3);

// Checks one probe against the oracle y (and the input x for the patch): returns the shown.
function check(m, { x, y, px, py, what, patchAt }) {
  const [, channels, oh, ow] = y.shape;
  assert.equal(m.equations.length, channels, what);
  assert.equal(m.liveRegion, 'polite', what);
  assert.match(m.where, new RegExp(`Output pixel x ${px}, y ${py} of ${ow}×${oh}`), what);
  for (const [c, e] of m.equations.entries()) {
    const [sum, bias, value] = [Number(e.sum), Number(e.bias), Number(e.value)];
    const scale = m.terms.reduce((acc, t) => acc + t.products.reduce((s, p) => s + Math.abs(p.value), 0), 0) + Math.abs(bias);
    const library = y.data[(c * oh + py) * ow + px];
    assert.ok(close(sum + bias, value, scale), `${what} channel ${c}: ${sum} + ${bias} != ${value}`);
    assert.ok(close(value, library, scale), `${what} channel ${c}: shown ${value}, the library ${library}`);
    // The text says the same, to its 4 decimals: "R: 0.1234 + 0.0000 = 0.1234".
    const numbers = e.text.split(':')[1].match(/-?\d+\.\d+/g).map(Number);
    const shownValue = numbers.pop();
    assert.ok(Math.abs(numbers.reduce((a, b) => a + b, 0) - shownValue) <= 1.5e-4 * numbers.length, `${what}: ${e.text}`);
    assert.ok(Math.abs(shownValue - library) <= 0.6e-4, `${what}: ${e.text} vs ${library}`);
    assert.ok(m.live.startsWith(`Output pixel x ${px}, y ${py}: `) && m.live.includes(`${e.channel} `), `${what}: ${m.live}`);
  }
  for (const t of m.terms) {
    // Products are patch x weights, and they add up to the term's sum.
    t.products.forEach((p, i) => assert.ok(Math.abs(p.value - t.patch[i].value * t.weights[i].value) < 1e-9, what));
    assert.ok(Math.abs(t.products.reduce((s, p) => s + p.value, 0) - t.sum) < 1e-9, what);
    // The patch holds the input's values where the window lies on the image.
    const [, , H, W] = x.shape;
    t.patch.forEach((cell, i) => {
      const at = patchAt(i);
      const inside = at && at[0] >= 0 && at[0] < H && at[1] >= 0 && at[1] < W;
      if (at === null) assert.equal(cell.kind, 'zero', `${what} cell ${i}`);
      else assert.equal(cell.kind, inside ? 'pixel' : 'padding', `${what} cell ${i}`);
      if (inside) assert.equal(cell.value, x.data[(t.in * H + at[0]) * W + at[1]], `${what} cell ${i}`);
    });
  }
  return m;
}

// Where window cell i of a convolution's output (px, py) lies on the input.
const convAt = ({ kernel: [, kw], stride = 1, dilation = 1, pad }, px, py) => (i) => [py * stride - pad + Math.floor(i / kw) * dilation, px * stride - pad + (i % kw) * dilation];

const CONV_CASES = [
  {
    query: '?view=image&padding=1&kernel=3&weights=sobel-x&border=zeros',
    layer: { kernel: [3, 3], weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1], options: { padding: 1, paddingMode: 'zeros' } },
    geometry: { kernel: [3, 3], pad: 1 },
    pixels: [[0, 0], [255, 255], [100, 37]],
    pads: [5, 5, 0],
  },
  {
    query: '?view=image&stride=2&padding=1&kernel=3&weights=sharpen&color=gray',
    color: 'gray',
    layer: { kernel: [3, 3], weights: [0, -1, 0, -1, 5, -1, 0, -1, 0], options: { stride: 2, padding: 1, paddingMode: 'reflect' } },
    geometry: { kernel: [3, 3], stride: 2, pad: 1 },
    pixels: [[0, 0], [40, 17]],
    pads: [5, 0],
  },
  {
    query: '?view=image&dilation=2&padding=2&kernel=3&weights=box&border=replicate',
    layer: { kernel: [3, 3], weights: new Array(9).fill(1 / 9), options: { dilation: 2, padding: 2, paddingMode: 'replicate' } },
    geometry: { kernel: [3, 3], dilation: 2, pad: 2 },
    pixels: [[0, 3], [128, 64]],
    pads: [3, 0],
  },
  {
    query: '?view=image&padding=1&kernel=3&weights=gaussian&groups=full&bias=true&bias-value=0.25',
    layer: { kernel: [3, 3], weights: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), mixed: true, options: { padding: 1, paddingMode: 'reflect', bias: new Float32Array(3).fill(0.25) } },
    geometry: { kernel: [3, 3], pad: 1 },
    pixels: [[255, 0], [77, 200]],
    pads: [5, 0],
  },
];

test('the magnifier: sum + bias = the shown value = the library’s pixel (padding, stride 2, dilation 2, mixed, gray)', async (t) => {
  for (const c of CONV_CASES) {
    await suite.withPage(t, c.query, async (page) => {
      await waitImage(page);
      const x = await inputTensor(page, c.color ?? 'rgb');
      const y = oracle(x, c.layer);
      for (const [n, [px, py]] of c.pixels.entries()) {
        const what = `${c.query} at (${px}, ${py})`;
        const m = check(await probe(page, px, py), { x, y, px, py, what, patchAt: convAt(c.geometry, px, py) });
        assert.equal(m.terms.length, x.shape[1], what); // mixed: its three input terms, shown once
        assert.equal(m.terms[0].patch.filter((p) => p.kind === 'padding').length, c.pads[n], `${what}: padding cells`);
        assert.match(m.where, c.pads[n] ? new RegExp(`\\(${c.pads[n]} padding cells\\)`) : /reads input/, what);
      }
      // Leaving the image closes it.
      await page.mouse.move(1, 1);
      await page.waitForFunction(() => document.getElementById('magnifier').hidden);
    });
  }
});

test('a transposed stride-2 layer: the taps that hit input pixels, inserted zeros between them', async (t) => {
  const query = '?view=image&mode=transposed&stride=2&padding=1&kernel=4&weights=bilinear';
  await suite.withPage(t, query, async (page) => {
    await waitImage(page);
    const x = await inputTensor(page, 'rgb');
    const tent = [0.25, 0.75, 0.75, 0.25];
    const weights = tent.flatMap((a) => tent.map((b) => a * b));
    const y = oracle(x, { op: 'convTranspose2d', kernel: [4, 4], weights, options: { stride: 2, padding: 1 } });
    assert.deepEqual(y.shape, [1, 3, 512, 512]);
    for (const [px, py] of [[0, 0], [7, 10], [511, 300]]) {
      // Zero-inserted view: window cell (a, b) holds the flipped kernel's tap (3 - a, 3 - b)
      // and, per axis, input (o + 1 - t) / 2 when that is whole (else an inserted zero).
      const patchAt = (i) => {
        const t = [3 - Math.floor(i / 4), 3 - (i % 4)];
        const n = [py + 1 - t[0], px + 1 - t[1]];
        return n.some((v) => v % 2 !== 0) ? null : n.map((v) => v / 2);
      };
      const m = check(await probe(page, px, py), { x, y, px, py, what: `${query} at (${px}, ${py})`, patchAt });
      // Each axis has 2 of its 4 taps on input pixels (or the border): 4 of 16 cells are not zeros.
      assert.equal(m.terms[0].patch.filter((p) => p.kind !== 'zero').length, 4);
      // The weights are the flipped kernel's, in the zero-inserted window.
      assert.deepEqual(m.terms[0].weights.map((w) => w.value), [...weights].reverse());
      assert.match(m.where, /input pixels reaching it/);
    }
  });
});

test('keyboard: the output is one Tab stop with a visible focus ring; arrows move the probe, Escape closes it', async (t) => {
  await suite.withPage(t, '?view=image&padding=same&kernel=3&weights=sharpen', async (page) => {
    await waitImage(page);
    const x = await inputTensor(page, 'rgb');
    const y = oracle(x, { kernel: [3, 3], weights: [0, -1, 0, -1, 5, -1, 0, -1, 0], options: { padding: 'same', paddingMode: 'reflect' } });
    await page.focus('#input');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'output');
    const ring = await page.$eval('#output-frame', (f) => getComputedStyle(f).outlineStyle);
    assert.notEqual(ring, 'none', 'focus ring');
    // Focus opens the probe in the middle of the view.
    const opened = () =>
      page.waitForFunction(() => {
        const m = document.getElementById('magnifier');
        return !m.hidden && m.dataset.job === document.getElementById('timing').dataset.completed && [m.dataset.x, m.dataset.y];
      }).then((h) => h.jsonValue().then((v) => v.map(Number)));
    const [cx, cy] = await opened();
    assert.ok(Math.abs(cx - 128) <= 1 && Math.abs(cy - 128) <= 1, `the probe starts at (${cx}, ${cy})`);
    const patchAt = (px, py) => convAt({ kernel: [3, 3], pad: 1 }, px, py);
    check(await shown(page, cx, cy), { x, y, px: cx, py: cy, what: 'focus', patchAt: patchAt(cx, cy) });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    check(await shown(page, cx + 1, cy + 2), { x, y, px: cx + 1, py: cy + 2, what: 'arrows', patchAt: patchAt(cx + 1, cy + 2) });
    await page.keyboard.press('Shift+ArrowLeft');
    await shown(page, cx - 9, cy + 2);
    // The probe stops at the image's edge.
    for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+ArrowUp');
    check(await shown(page, cx - 9, 0), { x, y, px: cx - 9, py: 0, what: 'top edge', patchAt: patchAt(cx - 9, 0) });
    assert.equal(await page.$eval('#probe-ring', (r) => r.hidden), false);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('magnifier').hidden && document.getElementById('probe-ring').hidden);
    // An arrow opens it again, from the middle; a new kernel: the open magnifier follows the new result.
    await page.keyboard.press('ArrowRight');
    await shown(page, cx + 1, cy);
    await page.selectOption('#kernel', 'box');
    await waitImage(page);
    const box = oracle(x, { kernel: [3, 3], weights: new Array(9).fill(1 / 9), options: { padding: 'same', paddingMode: 'reflect' } });
    check(await shown(page, cx + 1, cy), { x, y: box, px: cx + 1, py: cy, what: 'after a new kernel', patchAt: patchAt(cx + 1, cy) });
  });
});

test('screenshots of the magnifier at 1440x900 and 375x812, also zoomed in', async (t) => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
    await suite.withPage(
      t,
      '?view=image&padding=1&kernel=3&weights=sobel-x&border=zeros',
      async (page) => {
        await waitImage(page);
        await probe(page, 60, 40);
        const file = await screenshot(page, `magnifier-${viewport.width}`, { fullPage: false });
        t.diagnostic(`screenshot: ${file}`);
        // The panel is on the page, not past its right edge.
        const right = await page.$eval('#magnifier', (m) => m.getBoundingClientRect().right);
        assert.ok(right <= viewport.width, `the panel ends at ${right}`);
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${scroll} px wide`);
        // Zoomed to 8 CSS pixels per image pixel, the probe's ring is one output pixel (the
        // dot sample: its output is the kernel, in blocks).
        await page.selectOption('#image', 'dot');
        await waitImage(page);
        await page.click('#zoom-one');
        for (let i = 0; i < 3; i++) await page.click('#zoom-in');
        await probe(page, 129, 128);
        const ring = await page.$eval('#probe-ring', (r) => r.getBoundingClientRect().width);
        assert.ok(Math.abs(ring - 8) < 0.01, `the ring is ${ring} px wide`);
        t.diagnostic(`screenshot: ${await screenshot(page, `magnifier-zoomed-${viewport.width}`, { fullPage: false })}`);
      },
      { viewport },
    );
  }
});
