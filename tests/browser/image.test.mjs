// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground's image view in headless Chromium: the output pixels equal what the
// library computes (in Node, from the page's own input pixels) for presets, an edited
// kernel, the flipped kernel, bias, grayscale, mixed channels, transposed mode and each
// display mode; the scalar build gives the same pixels; the kernel grid follows the
// kernel size and works from the keyboard; a 4K image is computed in the worker band by
// band with progress while the page keeps responding, and a newer request supersedes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HANG_MS } from './support/browser.mjs';
import { playgroundSuite, waitImage, waitTiming } from './support/playground-page.mjs';

const suite = playgroundSuite();
const wc = () => suite.wc(); // the library in Node, loaded by the suite's before hook

// Opens the page on a query string once its first image is drawn, runs `body(page)`, and
// checks no problem was seen.
function withPage(t, query, body) {
  return suite.withPage(
    t,
    query,
    async (page) => {
      await waitImage(page);
      await body(page);
    },
    { reducedMotion: 'no-preference' },
  );
}

const pixels = (page, id) =>
  page.evaluate((id) => {
    const c = document.getElementById(id);
    return { width: c.width, height: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };
  }, id);

// The oracle, written out here on purpose (not the page's modules): RGBA -> [1, C, H, W]
// in [0, 1] (gray: Rec. 601 luma), the library call, then the display mapping.
function expected(input, { color = 'rgb', kernel, weights, groups = 'channel', op = 'conv2d', options, display = 'clamp' }) {
  const { width, height, data } = input;
  const plane = width * height;
  const c = color === 'gray' ? 1 : 3;
  const x = new Float32Array(c * plane);
  for (let i = 0; i < plane; i++) {
    const [r, g, b] = [data[4 * i], data[4 * i + 1], data[4 * i + 2]];
    if (c === 1) x[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else [x[i], x[plane + i], x[2 * plane + i]] = [r / 255, g / 255, b / 255];
  }
  const mixed = groups === 'full' && c === 3;
  const taps = kernel[0] * kernel[1];
  const w = new Float32Array(c * (mixed ? 3 : 1) * taps);
  for (let i = 0; i < w.length; i++) w[i] = weights[i % taps] / (mixed ? 3 : 1);
  const [xShape, wShape, all] = [[1, c, height, width], [c, mixed ? 3 : 1, ...kernel], { ...options, groups: mixed ? 1 : c }];
  const y = wc()[op]({ data: x, shape: xShape }, { data: w, shape: wShape }, all);
  const { bias, ...shapeOptions } = all;
  const macs = wc().macs(op, xShape, wShape, shapeOptions);
  const params = wc().paramCount(op, wShape, { groups: all.groups, bias: bias !== undefined });
  const [, , oh, ow] = y.shape;
  let min = Infinity;
  let max = -Infinity;
  for (const v of y.data) [min, max] = [Math.min(min, v), Math.max(max, v)];
  const map = (v) => (display === 'abs' ? Math.abs(v) * 255 : display === 'normalize' ? ((v - min) / (max - min)) * 255 : v * 255);
  const out = new Uint8ClampedArray(4 * oh * ow);
  for (let i = 0; i < oh * ow; i++) {
    for (let ch = 0; ch < 3; ch++) out[4 * i + ch] = map(y.data[(c === 1 ? 0 : ch) * oh * ow + i]);
    out[4 * i + 3] = 255;
  }
  return { width: ow, height: oh, data: out, macs, params };
}

function assertSamePixels(actual, wanted, what) {
  assert.deepEqual([actual.height, actual.width], [wanted.height, wanted.width], what);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < wanted.data.length; i++) {
    const d = Math.abs(actual.data[i] - wanted.data[i]);
    if (d > worst) [worst, at] = [d, i];
  }
  assert.ok(worst <= 1, `${what}: byte ${at} is ${actual.data[at]}, the library gives ${wanted.data[at]}`);
}

const SHARPEN = [0, -1, 0, -1, 5, -1, 0, -1, 0];
const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const LAPLACIAN = [0, 1, 0, 1, -4, 1, 0, 1, 0];
const GAUSS5 = [1, 4, 6, 4, 1].flatMap((a) => [1, 4, 6, 4, 1].map((b) => (a * b) / 256));

test('output pixels equal the library: presets, gray, display modes, flip, bias, transposed, mixed channels', async (t) => {
  const cases = [
    ['?view=image&padding=same&weights=sharpen', { kernel: [3, 3], weights: SHARPEN, options: { padding: 'same', paddingMode: 'reflect' } }],
    ['?view=image&kernel=5&padding=same&border=replicate', { kernel: [5, 5], weights: GAUSS5, options: { padding: 'same', paddingMode: 'replicate' } }],
    ['?view=image&padding=same&weights=sobel-x&color=gray&display=abs', { color: 'gray', kernel: [3, 3], weights: SOBEL_X, display: 'abs', options: { padding: 'same', paddingMode: 'reflect' } }],
    ['?view=image&padding=1&stride=2&weights=laplacian&color=gray&display=normalize', { color: 'gray', kernel: [3, 3], weights: LAPLACIAN, display: 'normalize', options: { padding: 1, stride: 2, paddingMode: 'reflect' } }],
    // Custom weights, flipped (true convolution) and a bias, zero border.
    ['?view=image&kernel=3x2&padding=valid&weights=1,2,0,0,0,-1&flip=yes&bias=true&bias-value=0.25', { kernel: [3, 2], weights: [-1, 0, 0, 0, 2, 1], options: { padding: 'valid', bias: new Float32Array([0.25, 0.25, 0.25]) } }],
    // An output size chosen on the 5x5 grid (U = 12, asked 10: padding 1 and 1) keeps its
    // derived padding on the 256x256 image: (256 - 1) * 2 + 4 - 2 = 512.
    ['?view=image&mode=transposed&kernel=4&stride=2&output-size=10&weights=box', { op: 'convTranspose2d', kernel: [4, 4], weights: new Array(16).fill(1 / 16), options: { stride: 2, outputShape: [512, 512] } }],
    ['?view=image&mode=transposed&kernel=3&stride=2&padding=1&output-padding=1&weights=box&groups=full', { op: 'convTranspose2d', groups: 'full', kernel: [3, 3], weights: new Array(9).fill(1 / 9), options: { stride: 2, padding: 1, outputPadding: 1 } }],
  ];
  for (const [query, spec] of cases) {
    await withPage(t, query, async (page) => {
      const input = await pixels(page, 'input');
      assertSamePixels(await pixels(page, 'output'), expected(input, spec), query);
      const size = await page.getAttribute('[data-testid="image-size"]', 'data-value');
      const want = expected(input, spec);
      assert.equal(size, `${want.height}x${want.width}`);
      if (query.includes('stride=2&weights=laplacian')) {
        assert.match(await page.textContent('[data-testid="image-formula"]'), /^H: floor\(\(256 \+ 1 \+ 1 − 3\) \/ 2\) \+ 1 = 128\n/);
      }
      if (query.includes('output-size=10')) {
        assert.match(await page.textContent('[data-testid="image-formula"]'), /^H: \(256 − 1\)·2 − 1 − 1 \+ 4 \+ 0 = 512\n/);
      }
      // The reported rate is the layer's flops over the reported kernel time, whatever the
      // time (a busy machine makes it longer, which must not fail the test). Both are kept
      // to 3 decimals; the bound allows for that rounding.
      await waitTiming(page);
      const ms = Number(await page.getAttribute('#timing', 'data-ms'));
      const gflops = Number(await page.getAttribute('#timing', 'data-gflops'));
      assert.ok(ms > 0, `computed in ${ms} ms`);
      const rounding = 6e-4 + (6e-4 * gflops) / ms;
      assert.ok(Math.abs(gflops - (2 * want.macs) / ms / 1e6) <= rounding, `${gflops} GFLOP/s for ${want.macs} MACs in ${ms} ms`);
      // The image layer's own counts, from the library, shown with the timing.
      assert.equal(await page.getAttribute('#timing', 'data-macs'), String(want.macs), query);
      assert.equal(await page.getAttribute('#timing', 'data-params'), String(want.params), query);
      assert.match(await page.textContent('#timing'), new RegExp(`^${want.params.toLocaleString('en-US')} parameters, ${want.macs.toLocaleString('en-US')} multiply-accumulates\\. End to end`));
    });
  }
});

test('the scalar build gives the same pixels as the SIMD build', async (t) => {
  let simd;
  await withPage(t, '?view=image&padding=same&kernel=5&weights=emboss&color=gray&display=normalize', async (page) => {
    assert.equal(await page.getAttribute('#timing', 'data-simd'), 'true');
    simd = await pixels(page, 'output');
  });
  await withPage(t, '?view=image&padding=same&kernel=5&weights=emboss&color=gray&display=normalize&build=scalar', async (page) => {
    assert.equal(await page.getAttribute('#timing', 'data-simd'), 'false');
    assert.match(await page.textContent('#timing'), /scalar build/);
    assertSamePixels(await pixels(page, 'output'), simd, 'scalar vs SIMD');
    // Switching back from the control recomputes with SIMD.
    await page.selectOption('#build-choice', 'simd');
    await waitImage(page);
    assert.equal(await page.getAttribute('#timing', 'data-simd'), 'true');
    assert.doesNotMatch(page.url(), /build=/);
  });
});

test('presets set the kernel size and fill the grid; the URL keeps the choices', async (t) => {
  await withPage(t, '?view=image&padding=same', async (page) => {
    await page.selectOption('#kernel', 'gaussian');
    await waitImage(page);
    assert.equal(await page.inputValue('#kernel-h'), '5');
    assert.equal(await page.$$eval('#kernel-grid input', (c) => c.length), 25);
    assert.equal(await page.inputValue('[aria-label="weight row 3 column 3"]'), String(Number((36 / 256).toFixed(4))));
    await page.selectOption('#kernel', 'bilinear');
    await waitImage(page);
    assert.deepEqual(await page.$$eval('#kernel-grid input', (c) => c.slice(0, 4).map((e) => e.value)), ['0.0625', '0.1875', '0.1875', '0.0625']);
    for (const [id, value] of [['#color', 'gray'], ['#display', 'abs'], ['#flip', 'yes'], ['#border', 'zeros']]) {
      await page.selectOption(id, value);
      await waitImage(page);
    }
    await page.fill('#bias-value', '0.5');
    await page.dispatchEvent('#bias-value', 'change');
    await waitImage(page);
    const url = new URL(page.url());
    for (const [k, v] of [['weights', 'bilinear'], ['kernel', '4'], ['color', 'gray'], ['display', 'abs'], ['flip', 'yes'], ['border', 'zeros'], ['bias', 'true'], ['bias-value', '0.5']]) {
      assert.equal(url.searchParams.get(k), v, k);
    }
    // The page's kernel size drives the grid (rectangular, even); the preset follows.
    await page.fill('#kernel-h', '2');
    await page.dispatchEvent('#kernel-h', 'change');
    await waitImage(page);
    assert.equal(await page.$$eval('#kernel-grid input', (c) => c.length), 8);
    assert.equal(await page.isVisible('[aria-label="weight row 2 column 4"]'), true);
  });
});

test('keyboard only: Tab into the kernel grid, type a weight, arrow keys step it', async (t) => {
  await withPage(t, '?view=image&padding=same&weights=identity', async (page) => {
    await page.focus('#kernel');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'weight row 1 column 1');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'weight row 1 column 2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('-1');
    await page.keyboard.press('Tab');
    await waitImage(page);
    assert.equal(await page.inputValue('#kernel'), 'custom');
    assert.equal(new URL(page.url()).searchParams.get('weights'), '0,-1,0,0,1,0,0,0,0');
    // Back on the cell, ArrowUp steps -1 to 0 and the kernel is the identity again.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    await waitImage(page);
    assert.equal(new URL(page.url()).searchParams.get('weights'), '0,0,0,0,1,0,0,0,0');
    const input = await pixels(page, 'input');
    const weights = [0, 0, 0, 0, 1, 0, 0, 0, 0];
    assertSamePixels(await pixels(page, 'output'), expected(input, { kernel: [3, 3], weights, options: { padding: 'same', paddingMode: 'reflect' } }), 'edited grid');
    // The edited kernel survives a reload of the link.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.inputValue('#kernel'), 'custom');
    assert.equal(await page.inputValue('[aria-label="weight row 2 column 2"]'), '1');
  });
});

test('crafted image parameters are reported and ignored', async (t) => {
  await withPage(t, '?view=image&weights=1,2,3&color=purple&bias-value=1e9&display=loud&build=gpu&flip=maybe', async (page) => {
    const error = await page.textContent('[data-testid="error"]');
    for (const part of [/weights has 3 numbers but kernel 3x3 needs 9/, /color=purple must be one of rgb, gray/, /bias-value=1e9 must be a number/, /display=loud/, /build=gpu/, /flip=maybe/]) {
      assert.match(error, part);
    }
    assert.equal(await page.inputValue('#kernel'), 'gaussian');
  });
});

test('a 4K image: computed in bands with progress while the page keeps responding; a new request supersedes it', async (t) => {
  await withPage(t, '?view=image&padding=same&kernel=5&weights=gaussian', async (page) => {
    // Nothing here is timed: a busy machine slows the page, the worker and this test alike.
    // From inside the page, record for each control event the image job's state at the
    // moment the page received it (capture phase, before the page's own handlers), and
    // every value the progress bar takes from the first event of #display on, i.e. the
    // newer job's (setting a <progress>'s value sets its attribute, which a MutationObserver
    // reports whether or not a frame gets drawn).
    await page.evaluate(() => {
      const w = (window.__watch = { progress: [], handled: [] });
      const bar = document.getElementById('image-progress');
      new MutationObserver(() => w.progress.push(bar.value)).observe(bar, { attributes: true, attributeFilter: ['value'] });
      for (const type of ['input', 'change']) {
        document.addEventListener(
          type,
          (e) => {
            const { state, requested, completed } = document.getElementById('timing').dataset;
            if (e.target.id === 'display' && !w.handled.some((h) => h.id === 'display')) w.progress.length = 0;
            w.handled.push({ type, id: e.target.id, state, requested, completed });
          },
          true,
        );
      }
    });
    const dataTransfer = await page.evaluateHandle(async () => {
      const c = new OffscreenCanvas(3840, 2160);
      const ctx = c.getContext('2d');
      const g = ctx.createLinearGradient(0, 0, 3840, 2160);
      g.addColorStop(0, '#123');
      g.addColorStop(1, '#fc8');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 3840, 2160);
      ctx.fillStyle = '#fff';
      ctx.font = '400px sans-serif';
      ctx.fillText('4K', 1200, 1300);
      const dt = new DataTransfer();
      dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], '4k.png', { type: 'image/png' }));
      return dt;
    });
    const before = Number(await page.getAttribute('#timing', 'data-requested'));
    await page.dispatchEvent('#view-image', 'drop', { dataTransfer });
    // The 4K job has been sent to the worker once the page numbers a new request.
    await page.waitForFunction((n) => Number(document.getElementById('timing').dataset.requested) > n, before);
    const first = await page.getAttribute('#timing', 'data-requested');
    // A control changed while the 4K job runs is handled: the URL changes and a new job starts.
    await page.selectOption('#display', 'abs');
    assert.match(page.url(), /display=abs/);
    await waitImage(page);
    const watch = await page.evaluate(() => window.__watch);
    const bands = Number(await page.getAttribute('#timing', 'data-bands'));
    t.diagnostic(`4K 5x5 RGB: ${await page.textContent('#timing')}; progress took ${watch.progress.length} values`);
    // The page received the control's event while the 4K job was still pending: the
    // main thread was free to handle it (the work runs in the worker).
    const control = watch.handled.find((h) => h.id === 'display');
    assert.ok(control, `no event of #display reached the page: ${JSON.stringify(watch.handled)}`);
    assert.deepEqual([control.state, control.requested, control.completed === first], ['running', first, false], JSON.stringify(control));
    assert.notEqual(await page.getAttribute('#timing', 'data-completed'), first, 'the drawn result is the newer request');
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '2160x3840');
    assert.ok(bands >= 16, `${bands} bands`);
    // Each band of the newer job moved the bar forward: a value strictly between 0 and 1
    // for every band but the last, rising, and 1 at the end.
    const between = watch.progress.filter((v) => v > 0 && v < 1);
    assert.ok(between.length >= bands - 1, `${bands} bands, progress values ${watch.progress}`);
    assert.ok(between.every((v, i) => i === 0 || v > between[i - 1]), `progress values ${watch.progress}`);
    assert.equal(watch.progress.at(-1), 1);
    // The first request stopped in the worker before its last band.
    const [done, of] = (await page.getAttribute('#timing', 'data-superseded')).split(' of ').map(parseFloat);
    assert.ok(done < of, `the superseded job ran ${done} of ${of} bands`);
    t.diagnostic(`the superseded request stopped after ${done} of ${of} bands`);
    // The superseded request (clamp display) never drew over the newer one: check a pixel.
    const px = await page.evaluate(() => Array.from(document.getElementById('output').getContext('2d').getImageData(10, 10, 1, 1).data));
    assert.equal(px[3], 255);
  });
});

test('the identity kernel reproduces the pixels; same padding keeps the size', async (t) => {
  await withPage(t, '?view=image&padding=same', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '256x256');
    await page.selectOption('#kernel', 'identity');
    await waitImage(page);
    assertSamePixels(await pixels(page, 'output'), await pixels(page, 'input'), 'identity');
  });
});

test('bilinear transposed convolution doubles the image; full channels mix RGB', async (t) => {
  await withPage(t, '?mode=transposed&stride=2&padding=1&view=image', async (page) => {
    await page.selectOption('#kernel', 'bilinear');
    await waitImage(page);
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '512x512');
    assert.equal(await page.textContent('[data-testid="image-formula"]'), 'H: (256 − 1)·2 − 1 − 1 + 4 + 0 = 512\nW: (256 − 1)·2 − 1 − 1 + 4 + 0 = 512');
    const input = await pixels(page, 'input');
    const tent = [0.25, 0.75, 0.75, 0.25];
    const weights = tent.flatMap((a) => tent.map((b) => a * b));
    const spec = { op: 'convTranspose2d', kernel: [4, 4], weights, options: { stride: 2, padding: 1, outputPadding: 0 } };
    assertSamePixels(await pixels(page, 'output'), expected(input, spec), 'bilinear');
  });
  await withPage(t, '?view=image&padding=same&groups=full&weights=identity', async (page) => {
    assert.equal(await page.$eval('#channels', (s) => s.value), 'full');
    // Full mixing with the identity kernel averages R, G and B: a grey image.
    const px = await page.evaluate(() => Array.from(document.getElementById('output').getContext('2d').getImageData(200, 60, 1, 1).data));
    assert.ok(Math.abs(px[0] - px[1]) <= 1 && Math.abs(px[1] - px[2]) <= 1, `expected grey, got ${px}`);
  });
});

test('a custom kernel keeps its centre when the page kernel size changes', async (t) => {
  await withPage(t, '?view=image&padding=same&weights=0,0,0,0,2,0,0,0,-1', async (page) => {
    assert.equal(await page.inputValue('#kernel'), 'custom');
    await page.fill('#kernel-w', '5');
    await page.dispatchEvent('#kernel-w', 'change');
    await waitImage(page);
    assert.equal(await page.$$eval('#kernel-grid input', (c) => c.length), 15);
    assert.equal(new URL(page.url()).searchParams.get('weights'), '0,0,0,0,0,0,0,2,0,0,0,0,0,-1,0');
    const input = await pixels(page, 'input');
    const spec = { kernel: [3, 5], weights: [0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, -1, 0], options: { padding: 'same', paddingMode: 'reflect' } };
    assertSamePixels(await pixels(page, 'output'), expected(input, spec), 'resized custom kernel');
  });
});

test('a setting the image cannot take is explained (what does not fit, what to do), then recovers', async (t) => {
  await withPage(t, '?view=image&kernel=15&dilation=8&padding=valid&weights=box', async (page) => {
    const dataTransfer = await page.evaluateHandle(async () => {
      const c = new OffscreenCanvas(40, 30);
      c.getContext('2d').fillRect(0, 0, 40, 30);
      const dt = new DataTransfer();
      dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], 'small.png', { type: 'image/png' }));
      return dt;
    });
    await page.dispatchEvent('#view-image', 'drop', { dataTransfer });
    await page.waitForFunction(() => document.getElementById('timing').dataset.state === 'error', null, { timeout: HANG_MS });
    // The image's own size (30 rows, 40 columns): ceil((113 - 30) / 2) = 42, ceil((113 - 40) / 2) = 37.
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      "The 15×15 kernel with dilation 8 spans 113×113, larger than the 30×40 input ('valid' adds no padding): use explicit padding ≥ 42 on H and ≥ 37 on W or shrink the kernel or its dilation.",
    );
    await page.fill('#dilation', '1');
    await page.dispatchEvent('#dilation', 'change');
    await waitImage(page);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await page.getAttribute('[data-testid="image-size"]', 'data-value'), '16x26');
  });
});
