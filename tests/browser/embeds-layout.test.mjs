// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The embeds do not shift the page: each example post's cumulative layout shift,
// measured with a PerformanceObserver for 'layout-shift' while scrolling through it step by
// step (each step waits for the figures in view to render, never for a time), stays below
// 0.05 on a desktop and a phone viewport; every figure reserves a height close to its final
// one before anything is loaded; and a figure whose content changes size while the text
// after it is in view keeps its height (its content scrolls inside) until it is out of view.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { launch, openPage, screenshot } from './support/browser.mjs';

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

// Layout shifts since the page started (buffered), without those right after input.
const OBSERVE = () => {
  window.layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.layoutShifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput,
        sources: entry.sources.map((s) => `${s.node?.nodeName ?? '?'}#${s.node?.id ?? ''}`) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};
const cls = (page) => page.evaluate(() => window.layoutShifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0));
// Resolves once the browser has produced a frame after this call (a page state, not a time).
const nextFrame = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

const POSTS = {
  'blog-post.html': ['matrix', 'upsample', 'dilation', 'checkerboard'],
  'narrow-post.html': ['conv', 'scatter', 'overlap'],
};
for (const [post, ids] of Object.entries(POSTS)) for (const [name, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 375, height: 812 }]]) {
  test(`the example post ${post} scrolled through on a ${name} (${viewport.width}x${viewport.height}): cumulative layout shift < 0.05`, async (t) => {
    const { page, problems } = await openPage(browser.context, server.url);
    try {
      await page.setViewportSize(viewport);
      await page.addInitScript(OBSERVE);
      await page.goto(`${server.url}web/examples/${post}`);
      await page.waitForFunction(() => customElements.get('wasmconv-figure'));
      // The heights reserved before anything was loaded.
      const reserved = await page.$$eval('wasmconv-figure', (els) => els.map((el) => Number(el.dataset.reserved)));
      assert.ok(reserved.every((h) => h > 100), `reserved heights ${reserved}`);
      const steps = [];
      for (let y = 0; ; y += Math.round(viewport.height / 2)) {
        await page.evaluate((top) => scrollTo(0, top), y);
        // Every figure in view has rendered, and the iframe in view has been sized.
        await page.waitForFunction(() => [...document.querySelectorAll('wasmconv-figure')].every((el) => {
          const { top, bottom } = el.getBoundingClientRect();
          return bottom < 0 || top > innerHeight || el.dataset.state === 'ready';
        }) && [...document.querySelectorAll('iframe')].every((el) => {
          const { top, bottom } = el.getBoundingClientRect();
          return bottom < 0 || top > innerHeight || el.style.height !== '';
        }));
        await nextFrame(page);
        steps.push(y);
        if (await page.evaluate(() => scrollY + innerHeight >= document.documentElement.scrollHeight - 1)) break;
      }
      const figures = await page.$$eval('wasmconv-figure', (els) => els.map((el) => {
        const frame = el.shadowRoot.querySelector('.frame');
        return { id: el.id, state: el.dataset.state, height: frame.offsetHeight, clipped: frame.scrollHeight > frame.clientHeight + 1 };
      }));
      t.diagnostic(`${steps.length} steps; reserved ${reserved.join(', ')}; rendered ${figures.map((f) => f.height).join(', ')}`);
      assert.deepEqual(figures.map((f) => [f.id, f.state]), ids.map((id) => [id, 'ready']));
      // Each took its content's height (nothing left scrolling inside its frame) ...
      assert.deepEqual(figures.filter((f) => f.clipped).map((f) => f.id), []);
      // ... which the reservation came close to (the estimate has no library to ask).
      figures.forEach((f, i) => assert.ok(Math.abs(reserved[i] - f.height) <= 0.15 * f.height, `${f.id}: reserved ${reserved[i]}, rendered ${f.height}`));
      const shifts = await page.evaluate(() => window.layoutShifts);
      const total = await cls(page);
      t.diagnostic(`CLS ${total.toFixed(4)} from ${shifts.length} shifts ${JSON.stringify(shifts)}`);
      assert.ok(total < 0.05, `cumulative layout shift ${total}`);
      assert.deepEqual(problems, []);
    } catch (e) {
      t.diagnostic(`screenshot: ${await screenshot(page, `${post.replace('.html', '')}-cls-${name}`)}`);
      throw e;
    } finally {
      await page.close();
    }
  });
}

test('a figure in view that grows without input keeps its height until it is out of view', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-fit-'));
  symlinkSync(join(repoRoot, 'dist'), join(dir, 'dist'), 'dir');
  writeFileSync(join(dir, 'fit.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>fit</title>
<script type="module" src="dist/embed.js" blocking="render"></script>
<p>Before.</p>
<wasmconv-figure id="fig" input="5" kernel="3" view="arithmetic"></wasmconv-figure>
<p id="after">After the figure.</p>
<div style="height: 3000px"></div>`);
  const fitServer = await serve({ root: dir, port: 0, allowedLinks: [join(repoRoot, 'dist')] });
  const { page, problems } = await openPage(browser.context, fitServer.url);
  const frameOf = () => page.$eval('#fig', (el) => {
    const frame = el.shadowRoot.querySelector('.frame');
    return { height: frame.offsetHeight, content: el.shadowRoot.querySelector('.content').offsetHeight };
  });
  try {
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.addInitScript(OBSERVE);
    await page.goto(`${fitServer.url}fit.html`);
    await page.waitForSelector('#fig[data-state="ready"]');
    await nextFrame(page);
    const fitted = await frameOf();
    const afterTop = await page.$eval('#after', (el) => el.getBoundingClientRect().top);
    assert.ok(afterTop < 1000, 'the text after the figure is in view');
    // The page (not the reader) makes the figure taller: the text after it must not move.
    await page.$eval('#fig', (el) => {
      el.setAttribute('mode', 'transposed');
      el.setAttribute('stride', '2');
      el.setAttribute('view', 'mechanics');
    });
    await nextFrame(page);
    const held = await frameOf();
    assert.equal(held.height, fitted.height, 'the frame keeps its height while what follows is in view');
    assert.ok(held.content > held.height, `the content (${held.content}px) scrolls inside the frame (${held.height}px)`);
    assert.equal(await page.$eval('#after', (el) => el.getBoundingClientRect().top), afterTop);
    // Once the figure is out of view (above), it takes its content's height.
    await page.evaluate(() => scrollTo(0, document.getElementById('after').offsetTop + 1500));
    await page.waitForFunction(() => {
      const el = document.getElementById('fig');
      return el.shadowRoot.querySelector('.frame').clientHeight === el.shadowRoot.querySelector('.content').offsetHeight;
    });
    assert.ok((await frameOf()).height > held.height);
    const total = await cls(page);
    assert.ok(total < 0.001, `cumulative layout shift ${total}: ${JSON.stringify(await page.evaluate(() => window.layoutShifts))}`);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'figure-fit')}`);
    throw e;
  } finally {
    await page.close();
    fitServer.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
