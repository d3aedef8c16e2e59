// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A preview that sharpens when the window grows: the image view draws a large file's input
// and output as previews of the size it shows them (web/image/preview.js), so a page
// opened at a phone's width holds phone-sized previews. When the window grows to a
// desktop's width, they are made again at the new size (views/image.js): each preview
// canvas then has as many pixels as it is drawn on (its CSS width times the device pixel
// ratio, to a pixel of rounding), and those pixels are the file's at that scale, each the
// mean of the file's pixels it covers. The phone's preview, drawn larger, is checked the
// same way and fails: the check sees the blur it guards against. At device pixel ratios 1
// and 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { screenshot } from './support/browser.mjs';
import { openPng, playgroundSuite, waitImage } from './support/playground-page.mjs';

const suite = playgroundSuite();
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1440, height: 900 };

// The file: stripes 8 pixels wide in red (across x) and green (across y), a ramp in blue,
// so a preview too small for its drawn size loses the stripes' edges.
const [W, H] = [2400, 1600];
const stripe = (t) => ((t >> 3) & 1 ? 220 : 30);
const rgb = (x, y) => [stripe(x), stripe(y), Math.round((x * 255) / (W - 1))];

// The mean of stripe() over the source interval [a, b) (a box filter, one axis).
function boxMean(a, b) {
  let sum = 0;
  for (let t = Math.floor(a); t < Math.ceil(b); t++) sum += stripe(t) * (Math.min(b, t + 1) - Math.max(a, t));
  return sum / (b - a);
}

// Rows sampled from a canvas, the preview's pixels as the page holds them.
const SAMPLE_EVERY = 7;
const canvasRows = (page, id) =>
  page.$eval(
    `#${id}`,
    (c, every) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const rows = [];
      for (let y = 0; y < c.height; y += every) rows.push([y, Array.from(data.subarray(4 * y * c.width, 4 * (y + 1) * c.width))]);
      return { width: c.width, height: c.height, css: c.getBoundingClientRect().width, ratio: devicePixelRatio, rows };
    },
    SAMPLE_EVERY,
  );

/**
 * The mean absolute difference, over the red and green stripes, between an image `got`
 * (pixel (i, j) -> [r, g]) of w x h pixels and the file box-filtered to w x h.
 */
function stripeError(got, w, h) {
  const [sx, sy] = [W / w, H / h];
  let sum = 0;
  let n = 0;
  for (let j = 0; j < h; j += SAMPLE_EVERY) {
    const g = boxMean(j * sy, (j + 1) * sy);
    for (let i = 0; i < w; i++) {
      const [r, gg] = got(i, j);
      sum += Math.abs(r - boxMean(i * sx, (i + 1) * sx)) + Math.abs(gg - g);
      n += 2;
    }
  }
  return sum / n;
}

// A preview's pixel (i, j) as the page holds it.
const fromRows = (shot) => {
  const rows = new Map(shot.rows);
  return (i, j) => {
    const row = rows.get(j);
    return [row[4 * i], row[4 * i + 1]];
  };
};

// A small preview drawn at w x h: bilinear, as a browser draws it (the blurry view).
function upscaled(shot, w, h) {
  const px = (x, y) => [0, 1].map((c) => shot.full[4 * (y * shot.width + x) + c]);
  return (i, j) => {
    const x = Math.min(shot.width - 1, Math.max(0, ((i + 0.5) * shot.width) / w - 0.5));
    const y = Math.min(shot.height - 1, Math.max(0, ((j + 0.5) * shot.height) / h - 0.5));
    const [x0, y0] = [Math.floor(x), Math.floor(y)];
    const [x1, y1] = [Math.min(x0 + 1, shot.width - 1), Math.min(y0 + 1, shot.height - 1)];
    const [fx, fy] = [x - x0, y - y0];
    return [0, 1].map((c) => {
      const top = px(x0, y0)[c] * (1 - fx) + px(x1, y0)[c] * fx;
      const bottom = px(x0, y1)[c] * (1 - fx) + px(x1, y1)[c] * fx;
      return top * (1 - fy) + bottom * fy;
    });
  };
}

// The mean difference allowed: the browser's smoothing filter is not a box (it averages
// over a slightly different footprint). Measured: 3.7 (ratio 1) and 0.8 (ratio 2) for the
// previews made again, 51 and 25 for the phone's previews drawn as large.
const MAX_ERROR = 12;

// At device pixel ratio 2 the page is emulated through the DevTools protocol (the
// browser's own ratio is 1); growing is then the same call with the desktop's size.
async function emulate(page, cdp, size, ratio) {
  if (ratio === 1) await page.setViewportSize(size);
  else await cdp.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: ratio, mobile: false });
}

for (const ratio of [1, 2]) {
  test(`grown from a phone’s width to a desktop’s at device pixel ratio ${ratio}, the previews are made again at the size drawn`, async (t) => {
    await suite.withPage(
      t,
      '?view=image&padding=same&kernel=3&weights=identity',
      async (page) => {
        const cdp = await page.context().newCDPSession(page);
        await emulate(page, cdp, PHONE, ratio);
        await page.waitForFunction((r) => devicePixelRatio === r, ratio);
        await openPng(page, 'stripes.png', W, H, rgb);
        await waitImage(page);
        // The phone's previews: as many pixels as drawn on, far below the file's 2400.
        const phone = {};
        for (const id of ['input', 'output']) {
          const shot = await page.$eval(`#${id}`, (c) => ({ width: c.width, height: c.height, css: c.getBoundingClientRect().width, full: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) }));
          assert.ok(shot.width < 1200 && Math.abs(shot.width - shot.css * ratio) <= 2, `${id} on a phone: ${shot.width} pixels drawn ${shot.css} wide`);
          phone[id] = shot;
        }
        await emulate(page, cdp, DESKTOP, ratio);
        // Waits until both images are drawn larger, and their previews have the pixels they
        // are drawn on (at most the file's).
        await page.waitForFunction(
          (phoneWidth) =>
            ['input', 'output'].every((id) => {
              const c = document.getElementById(id);
              const css = c.getBoundingClientRect().width;
              return css > 2 * phoneWidth && Math.abs(c.width - Math.min(Number(c.dataset.width), css * devicePixelRatio)) <= 2;
            }),
          phone.input.css,
        );
        for (const id of ['input', 'output']) {
          const shot = await canvasRows(page, id);
          t.diagnostic(`${id}: ${phone[id].width}x${phone[id].height} on a phone, ${shot.width}x${shot.height} at 1440 px, drawn ${shot.css.toFixed(1)} CSS pixels wide at ratio ${shot.ratio}`);
          assert.equal(shot.ratio, ratio);
          assert.ok(shot.width > 2 * phone[id].width, `${id}: ${phone[id].width} -> ${shot.width} pixels`);
          assert.ok(Math.abs(shot.width - shot.css * ratio) <= 2, `${id}: ${shot.width} pixels drawn on ${shot.css * ratio}`);
          assert.ok(Math.abs(shot.width / shot.height - W / H) < 0.01, `${id}: ${shot.width}x${shot.height}`);
          // Its pixels are the file's at that scale; the phone's preview drawn as large is not.
          const sharp = stripeError(fromRows(shot), shot.width, shot.height);
          const blurry = stripeError(upscaled(phone[id], shot.width, shot.height), shot.width, shot.height);
          t.diagnostic(`${id}: mean difference from the file at this scale ${sharp.toFixed(2)}; the phone's preview drawn as large ${blurry.toFixed(2)}`);
          assert.ok(sharp <= MAX_ERROR, `${id}: differs from the file by ${sharp} on average`);
          assert.ok(blurry > MAX_ERROR, `${id}: the check does not tell the phone's preview (${blurry}) apart`);
        }
        t.diagnostic(`screenshot: ${await screenshot(page, `image-resized-1440-ratio-${ratio}`, { fullPage: false })}`);
        await cdp.detach();
      },
      { viewport: PHONE },
    );
  });
}
