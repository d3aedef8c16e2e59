// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The embeds in headless Chromium: the example blog post renders every figure from one
// shared module, figures re-render when attributes change, load lazily, keep the host's
// CSS out, report bad attributes, carry the teaching views (channels and bias, both
// transposed mechanics) in light and dark, without auto-play under reduced motion; the
// iframe form sizes itself through postMessage. The second example post (a narrow column
// with the blog's own light/dark switch) renders its figures, which follow the switch, as
// does its iframe, with every text/background pair of the figures and of the post >= 4.5:1
// in both themes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { HANG_MS, launch, openPage, screenshot } from './support/browser.mjs';
import { contrasts } from './support/contrast.mjs';

let server;
let browser;
before(async () => {
  server = await serve({ root: repoRoot, port: 0 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

const summary = (page, id) => page.$eval(`#${id}`, (el) => el.shadowRoot.querySelector('[aria-live]').dataset.outputSize);

test('the example blog post renders every figure from one module instance', async (t) => {
  const { page, problems } = await openPage(browser.context, server.url);
  const wasmRequests = [];
  // The iframe is its own document (with its own module); count the post's requests.
  page.on('request', (r) => r.url().endsWith('.wasm') && r.frame() === page.mainFrame() && wasmRequests.push(r.url()));
  try {
    await page.setViewportSize({ width: 900, height: 5000 }); // every figure in view
    await page.goto(`${server.url}web/examples/blog-post.html`);
    for (const id of ['matrix', 'upsample', 'dilation', 'checkerboard']) {
      await page.waitForSelector(`#${id}[data-ready="true"]`, { timeout: HANG_MS });
    }
    assert.equal(await summary(page, 'matrix'), '2x2');
    assert.equal(await summary(page, 'upsample'), '4x4');
    assert.equal(await summary(page, 'dilation'), '1x1');
    assert.equal(await summary(page, 'checkerboard'), '13x13');
    assert.equal(await page.$eval('#matrix', (el) => el.shadowRoot.querySelector('[data-testid="matrix"]').dataset.cols), '16');
    assert.equal(wasmRequests.length, 1, `one module for all figures, got ${wasmRequests.join(', ')}`);
    // The host's CSS (a hot-pink border on .cell) does not reach into the figures.
    const border = await page.$eval('#upsample', (el) => getComputedStyle(el.shadowRoot.querySelector('.cell')).borderTopColor);
    assert.notEqual(border, 'rgb(255, 105, 180)');
    // Attribute changes re-render.
    await page.$eval('#dilation', (el) => el.setAttribute('dilation', '2'));
    assert.equal(await summary(page, 'dilation'), '5x5');
    // The iframe form reports its height and the host sizes it.
    await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 100, null, { timeout: HANG_MS });
    const frame = page.frame({ url: /embed\.html/ });
    assert.match(await frame.$eval('wasmconv-figure', (el) => el.shadowRoot.textContent), /floor\(\(25 \+ 0 \+ 0 − 1·\(5 − 1\) − 1\) \/ 2\) \+ 1 = 11/);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'blog-post')}`);
    throw e;
  } finally {
    await page.close();
  }
});

test('figures load the module only when scrolled into view, and report bad attributes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-lazy-'));
  symlinkSync(join(repoRoot, 'web'), join(dir, 'web'), 'dir');
  symlinkSync(join(repoRoot, 'bindings'), join(dir, 'bindings'), 'dir');
  symlinkSync(join(repoRoot, 'dist'), join(dir, 'dist'), 'dir');
  writeFileSync(join(dir, 'lazy.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>lazy</title>
<script type="module" src="web/embed/wasmconv-figure.js"></script>
<div style="height: 6000px">Scroll down</div>
<wasmconv-figure id="late" input="5" kernel="3" stride="abc"></wasmconv-figure>`);
  const lazyServer = await serve({ root: dir, port: 0, allowedLinks: [repoRoot] });
  const { page, problems } = await openPage(browser.context, lazyServer.url);
  const wasmRequests = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasmRequests.push(r.url()));
  try {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(`${lazyServer.url}lazy.html`);
    // Instead of sleeping, wait until the figure has been told it is out of view: once the
    // element is defined, an IntersectionObserver of ours gets its first report on it, and
    // observers created earlier (the figure's, in connectedCallback) have had theirs by
    // then, in the same update or an earlier one. A figure that loaded anyway would have
    // started in its callback, which drops its observer (the `observer` and `wc` fields).
    const firstReport = await page.evaluate(async () => {
      await customElements.whenDefined('wasmconv-figure');
      const late = document.getElementById('late');
      return new Promise((resolve) => {
        const observer = new IntersectionObserver(([entry]) => {
          observer.disconnect();
          resolve({ intersecting: entry.isIntersecting, waiting: late.observer != null, loaded: late.wc != null });
        });
        observer.observe(late);
      });
    });
    // Out of view, still waiting on its observer, and no module fetched or instantiated.
    assert.deepEqual(firstReport, { intersecting: false, waiting: true, loaded: false });
    assert.equal(wasmRequests.length, 0, 'the module must not load before the figure is near the viewport');
    assert.ok((await page.$eval('#late', (el) => el.getBoundingClientRect().height)) > 100, 'the figure reserves its size');
    await page.$eval('#late', (el) => el.scrollIntoView());
    await page.waitForSelector('#late[data-ready="true"]', { timeout: HANG_MS });
    assert.equal(wasmRequests.length, 1);
    assert.match(await page.$eval('#late', (el) => el.shadowRoot.querySelector('.error').textContent), /stride=abc is not a number/);
    assert.equal(await summary(page, 'late'), '3x3');
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'lazy')}`);
    throw e;
  } finally {
    await page.close();
    lazyServer.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('figures carry the teaching views: channels and bias, both transposed mechanics, dark mode, reduced motion', async (t) => {
  const { page, problems } = await openPage(browser.context, server.url);
  const inFigure = (fn, arg) => page.$eval('wasmconv-figure', fn, arg);
  const open = async (query, media) => {
    await page.emulateMedia(media);
    await page.goto(`${server.url}web/embed.html${query}`);
    await page.waitForSelector('wasmconv-figure[data-ready="true"]', { timeout: HANG_MS });
  };
  try {
    await open('?view=arithmetic&channels=16x32&bias=true', { reducedMotion: 'reduce', colorScheme: 'light' });
    assert.match(await inFigure((el) => el.shadowRoot.querySelector('[data-testid="param-formula"]').textContent), /16 \/ 1 · 3 · 3 · 32 \+ 32 = 4640/);
    await open('?mode=transposed&input=3&kernel=3&stride=2&view=mechanics', { reducedMotion: 'reduce', colorScheme: 'light' });
    const values = (testid) => inFigure((el, id) => [...el.shadowRoot.querySelectorAll(`[data-testid="${id}"] .cell`)].map((c) => c.dataset.value), testid);
    const scatter = await values('scatter-output');
    assert.equal(scatter.length, 49);
    assert.deepEqual(await values('zero-output'), scatter);
    assert.equal(await inFigure((el) => el.shadowRoot.querySelector('[data-testid="player"]').dataset.playing), 'false');
    const cellColour = () => inFigure((el) => getComputedStyle(el.shadowRoot.querySelector('.grid.kernel .cell')).backgroundColor);
    const light = await cellColour();
    await open('?mode=transposed&input=3&kernel=3&stride=2&view=mechanics', { reducedMotion: 'no-preference', colorScheme: 'dark' });
    assert.notEqual(await cellColour(), light);
    assert.equal(await inFigure((el) => el.shadowRoot.querySelector('[data-testid="player"]').dataset.playing), 'true');
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'embed-teaching')}`);
    throw e;
  } finally {
    await page.close();
  }
});

test('the narrow example post: figures render and follow the blog\'s theme switch, contrast >= 4.5 in both themes', async (t) => {
  const { page, problems } = await openPage(browser.context, server.url);
  const ids = ['conv', 'scatter', 'overlap'];
  // Every figure rendered in `theme`, and the iframe's figure too.
  const inTheme = async (theme) => {
    await page.waitForFunction((want) => document.documentElement.dataset.theme === want &&
      [...document.querySelectorAll('wasmconv-figure')].every((el) => el.dataset.state === 'ready' && el.dataset.theme === want), theme);
    const frame = await (await page.$('#sizes')).contentFrame();
    await frame.waitForFunction((want) => {
      const figure = document.querySelector('wasmconv-figure');
      return figure?.dataset.state === 'ready' && figure.dataset.theme === want;
    }, theme);
    return frame;
  };
  const check = async (theme) => {
    const frame = await inTheme(theme);
    const pairs = [...await page.evaluate(contrasts, { host: true }), ...(await frame.evaluate(contrasts)).map((p) => ({ ...p, figure: 'iframe' }))];
    assert.deepEqual([...new Set(pairs.map((p) => p.figure))].sort(), [...ids, 'host', 'iframe'].sort());
    for (const kind of ['h1', 'h2', 'p', 'code', 'a', 'figcaption', 'button', 'blockquote', 'li']) {
      assert.ok(pairs.some((p) => p.figure === 'host' && p.element.startsWith(kind)), `${theme}: the post's ${kind} was not checked`);
    }
    const low = pairs.filter((p) => p.ratio < 4.5);
    t.diagnostic(`${theme}: ${pairs.length} text elements, lowest contrast ${Math.min(...pairs.map((p) => p.ratio)).toFixed(2)}`);
    assert.deepEqual(low.map((p) => `${p.figure} ${p.element} "${p.text}" ${p.color} on ${p.background}: ${p.ratio.toFixed(2)}`), [], theme);
  };
  try {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 900, height: 12000 }); // every figure in view
    await page.goto(`${server.url}web/examples/narrow-post.html`);
    assert.deepEqual(await page.$$eval('wasmconv-figure', (els) => els.map((el) => el.id)), ids);
    await check('light');
    assert.equal(await summary(page, 'conv'), '3x3');
    assert.equal(await summary(page, 'scatter'), '7x7');
    assert.equal(await summary(page, 'overlap'), '9x9');
    // The column is about 600 px and nothing scrolls the page sideways.
    const { column, page: pageWidth, viewport } = await page.evaluate(() => ({
      column: document.querySelector('article').getBoundingClientRect().width,
      page: document.documentElement.scrollWidth,
      viewport: innerWidth,
    }));
    assert.ok(column >= 550 && column <= 600, `column ${column}px`);
    assert.equal(pageWidth, viewport);
    // The blog's switch: the figures and the iframe follow it.
    await page.click('#theme');
    assert.equal(await page.$eval('#theme', (el) => el.getAttribute('aria-pressed')), 'true');
    await check('dark');
    await page.click('#theme');
    await inTheme('light');
    // A reader whose OS is dark gets the dark blog first.
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.reload();
    await inTheme('dark');
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'narrow-post')}`);
    throw e;
  } finally {
    await page.close();
  }
});
