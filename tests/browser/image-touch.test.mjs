// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Touch in the image view (web/image/zoom.js, views/image.js), on a phone-sized page of a
// browser that takes touch input: two fingers moved twice as far apart double the zoom
// (input and output stay at the same scale, around the point between the fingers), one
// finger dragged pans both images, two fingers moved together on the output zoom back out,
// and a tap on the output opens the magnifier on the pixel tapped (another tap elsewhere
// closes it). The touches go through the DevTools protocol (Input.dispatchTouchEvent), as a
// touch screen's do: the browser makes the pointer events, gestures and taps itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { screenshot } from './support/browser.mjs';
import { playgroundSuite, waitImage, zoomView } from './support/playground-page.mjs';

const suite = playgroundSuite({ hasTouch: true });
const PHONE = { width: 375, height: 812 };

const view = zoomView;

const near = (a, b, eps) => Math.abs(a - b) <= eps;

// The middle of a frame, scrolled into the screen, in viewport CSS pixels.
const middleOf = (page, id) =>
  page.evaluate((id) => {
    const f = document.getElementById(id);
    f.scrollIntoView({ block: 'center' });
    const r = f.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  }, id);

// Moves fingers from `from` to `to` ([[x, y], ...], one entry per finger) in `steps` moves.
async function gesture(page, from, to, steps = 10) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  await send('touchStart', from);
  for (let i = 1; i <= steps; i++) {
    await send('touchMove', from.map(([x, y], k) => [x + ((to[k][0] - x) * i) / steps, y + ((to[k][1] - y) * i) / steps]));
  }
  await send('touchEnd', []);
  await cdp.detach();
}

test('touch: a two-finger pinch doubles the zoom of both images, a one-finger drag pans both', async (t) => {
  await suite.withPage(
    t,
    '?view=image&stride=2',
    async (page) => {
      await waitImage(page);
      assert.equal(await page.evaluate(() => navigator.maxTouchPoints > 0), true, 'the page takes touch input');
      const fitted = await view(page);
      // Fingers 40 px apart around the input's middle, moved to 80 px apart.
      const [x, y] = await middleOf(page, 'input-frame');
      await gesture(page, [[x - 20, y], [x + 20, y]], [[x - 40, y], [x + 40, y]]);
      await page.waitForFunction((s) => Number(document.getElementById('zoom-level').dataset.scale) > s * 1.5, fitted.readout);
      const pinched = await view(page);
      assert.ok(near(pinched.input.scale, 2 * fitted.input.scale, 0.02 * fitted.input.scale), `pinch: ${fitted.input.scale} -> ${pinched.input.scale}`);
      assert.ok(near(pinched.output.scale, pinched.input.scale, 1e-3), `same scale: ${pinched.input.scale}, ${pinched.output.scale}`);
      // Around the point between the fingers (the middle): the picture's middle stays there.
      assert.ok(near(pinched.input.u, 0.25, 0.02) && near(pinched.input.v, 0.25, 0.02), `centred: ${JSON.stringify(pinched.input)}`);
      assert.ok(near(pinched.output.u, pinched.input.u, 0.02) && near(pinched.output.v, pinched.input.v, 0.02), 'same part of the picture');
      // One finger dragged 40 px right and 30 px down: both show more of their left and top.
      const [mx, my] = await middleOf(page, 'input-frame');
      await gesture(page, [[mx, my]], [[mx + 40, my + 30]]);
      await page.waitForFunction((u) => {
        const c = document.getElementById('input').getBoundingClientRect();
        const f = document.getElementById('input-frame').getBoundingClientRect();
        return (f.left - c.left) / c.width < u - 0.01;
      }, pinched.input.u);
      const panned = await view(page);
      const W = await page.$eval('#input', (c) => Number(c.dataset.width));
      assert.ok(near(panned.input.u, pinched.input.u - 40 / (W * pinched.input.scale), 0.01), `drag: u ${pinched.input.u} -> ${panned.input.u}`);
      assert.ok(near(panned.input.v, pinched.input.v - 30 / (W * pinched.input.scale), 0.01), `drag: v ${pinched.input.v} -> ${panned.input.v}`);
      assert.ok(near(panned.output.u, panned.input.u, 0.02) && near(panned.output.v, panned.input.v, 0.02), 'both panned');
      t.diagnostic(`screenshot: ${await screenshot(page, 'image-touch-pinched-375', { fullPage: false })}`);
      // Two fingers moved together on the output, to half their distance: back to the fit.
      const [ox, oy] = await middleOf(page, 'output-frame');
      await gesture(page, [[ox - 40, oy], [ox + 40, oy]], [[ox - 20, oy], [ox + 20, oy]]);
      await page.waitForFunction((s) => Number(document.getElementById('zoom-level').dataset.scale) < s * 0.75, pinched.readout);
      const back = await view(page);
      assert.ok(near(back.input.scale, fitted.input.scale, 0.02 * fitted.input.scale) && near(back.output.scale, back.input.scale, 1e-3), `pinched in: ${JSON.stringify(back)}`);
      // No gesture was a tap: the magnifier stays closed.
      assert.equal(await page.$eval('#magnifier', (m) => m.hidden), true);
    },
    { viewport: PHONE },
  );
});

test('touch: a tap on the output opens the magnifier on the pixel tapped', async (t) => {
  await suite.withPage(
    t,
    '?view=image&stride=2',
    async (page) => {
      await waitImage(page);
      const [x, y] = await middleOf(page, 'output-frame');
      const target = await page.evaluate(([x, y]) => {
        const c = document.getElementById('output');
        const r = c.getBoundingClientRect();
        const [W, H] = [Number(c.dataset.width), Number(c.dataset.height)];
        // A point a quarter of a pixel from a pixel's corner, so rounding cannot move it.
        const px = Math.floor(((x - r.left) / r.width) * W);
        const py = Math.floor(((y - r.top) / r.height) * H);
        return { px, py, x: r.left + ((px + 0.25) * r.width) / W, y: r.top + ((py + 0.25) * r.height) / H };
      }, [x, y]);
      await page.touchscreen.tap(target.x, target.y);
      await page.waitForFunction(() => !document.getElementById('magnifier').hidden);
      assert.deepEqual(await page.$eval('#magnifier', (m) => [Number(m.dataset.x), Number(m.dataset.y)]), [target.px, target.py]);
      // Its equation is the library's: sum + bias = value.
      const lines = await page.$$eval('[data-testid="magnifier-equation"]', (ls) => ls.map((l) => [Number(l.dataset.sum), Number(l.dataset.bias), Number(l.dataset.value)]));
      assert.ok(lines.length > 0);
      for (const [sum, bias, value] of lines) assert.ok(Math.abs(sum + bias - value) < 1e-5, `${sum} + ${bias} = ${value}`);
      t.diagnostic(`screenshot: ${await screenshot(page, 'image-touch-magnifier-375', { fullPage: false })}`);
      // A tap elsewhere (on the zoom's help text) closes it.
      const help = await page.evaluate(() => {
        const el = document.querySelector('.zoom-help');
        el.scrollIntoView({ block: 'start' });
        const r = el.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
      });
      await page.touchscreen.tap(...help);
      await page.waitForFunction(() => document.getElementById('magnifier').hidden);
    },
    { viewport: PHONE },
  );
});
