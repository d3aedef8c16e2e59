// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Shared set-up for the playground's browser tests: one server and one Chromium per test
// file, the library in Node as the oracle, and a page opened on a query string with
// optional media emulation (reduced motion, colour scheme) and viewport.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { load } from '../../../bindings/js/node.js';
import { serve } from '../../../scripts/serve.mjs';
import { repoRoot } from '../../js/support/paths.mjs';
import { checkedPage, HANG_MS, launch } from './browser.mjs';
import { png } from './png.mjs';

/**
 * Registers before/after hooks; returns { wc(), withPage(t, query, body, options) }.
 * `launchOptions` go to launch() (support/browser.mjs), e.g. { hasTouch: true }.
 */
export function playgroundSuite(launchOptions = {}) {
  let server;
  let browser;
  let wc;
  before(async () => {
    server = await serve({ root: repoRoot, port: 0 });
    browser = await launch(launchOptions);
    wc = await load();
  });
  after(async () => {
    await browser?.close();
    server?.server.close();
  });
  const withPage = (t, query, body, { reducedMotion = 'reduce', colorScheme = 'light', viewport } = {}) =>
    checkedPage(t, browser.context, server.url, async ({ page }) => {
      await page.emulateMedia({ reducedMotion, colorScheme });
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`${server.url}web/${query}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: HANG_MS });
      await body(page);
    });
  return { wc: () => wc, withPage };
}

/** data-value of the element with data-testid `id`. */
export const hook = (page, id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

/** Sets a control like a user (opening "More settings" if it is there): types the value and commits it (input and change events). */
export async function setControl(page, selector, value) {
  // A control under the closed "More settings" disclosure: open it first, as a user would.
  await page.$eval(selector, (e) => {
    const more = e.closest('details');
    if (more && !more.open) more.open = true;
  });
  const kind = await page.$eval(selector, (e) => (e.tagName === 'SELECT' ? 'select' : e.type));
  if (kind === 'select') await page.selectOption(selector, String(value));
  else if (kind === 'checkbox' || kind === 'radio') await (value ? page.check(selector) : page.uncheck(selector));
  else {
    await page.fill(selector, String(value));
    await page.dispatchEvent(selector, 'change');
  }
}

/** The data-value of every cell of a grid, in order. */
export const gridValues = (page, selector) =>
  page.$$eval(`${selector} .cell`, (cells) => cells.map((c) => c.dataset.value));

/** Indices of the cells of a grid that carry `cls`. */
export const cellsWith = (page, selector, cls) =>
  page.$$eval(`${selector} .cell.${cls}`, (cells) => cells.map((c) => Number(c.dataset.index)));

// Waits until the image view's latest request is drawn, and requires that it succeeded
// (the timeout only guards against a hang).
/**
 * The image view's zoom as drawn, per canvas (input, output): CSS pixels per image pixel
 * (scale, scaleY), the image fraction at its frame's left and top edge (u, v) and the
 * frame's size; and the zoom readout's scale (a number).
 */
export const zoomView = (page) =>
  page.evaluate(() => {
    const one = (id) => {
      const c = document.getElementById(id);
      const r = c.getBoundingClientRect();
      const f = document.getElementById(`${id}-frame`);
      const fr = f.getBoundingClientRect();
      const [W, H] = [Number(c.dataset.width ?? c.width), Number(c.dataset.height ?? c.height)];
      return { scale: r.width / W, scaleY: r.height / H, u: (fr.left + f.clientLeft - r.left) / r.width, v: (fr.top + f.clientTop - r.top) / r.height, frame: [f.clientWidth, f.clientHeight] };
    };
    return { input: one('input'), output: one('output'), readout: Number(document.getElementById('zoom-level').dataset.scale) };
  });

export async function waitImage(page, timeout = HANG_MS) {
  await page.waitForFunction(
    () => {
      const d = document.getElementById('timing').dataset;
      return d.requested !== undefined && d.completed === d.requested;
    },
    null,
    { timeout },
  );
  assert.equal(await page.getAttribute('#timing', 'data-state'), 'done', await page.textContent('#error'));
}

// Waits until the kernel's warm timing of the drawn result is in the status line (it
// comes after the image is drawn: views/image.js).
export async function waitTiming(page, timeout = HANG_MS) {
  await waitImage(page, timeout);
  await page.waitForFunction(
    () => {
      const d = document.getElementById('timing').dataset;
      return d.timed !== undefined && d.timed === d.completed;
    },
    null,
    { timeout },
  );
}

// Chooses a width x height PNG (pixel rgb(x, y), support/png.mjs) named `name` in the image
// view's file input, and waits until the page has opened it.
export async function openPng(page, name, width, height, rgb) {
  await page.setInputFiles('#file', { name, mimeType: 'image/png', buffer: png(width, height, rgb) });
  await page.waitForFunction((size) => document.getElementById('input-size').dataset.value === size, `${height}x${width}`, { timeout: HANG_MS });
}
