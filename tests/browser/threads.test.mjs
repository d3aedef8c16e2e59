// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Threads in Chromium: served with the cross-origin isolation headers (as npm start does),
// load() runs the threaded build, from the page and from a module worker, with results
// bitwise those of the single-threaded build and the playground saying how many threads run;
// served without them (a plain static host), the same page quietly runs one thread, and
// asking for threads there is an error that names the headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ISOLATION_HEADERS, serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, HANG_MS, launch } from './support/browser.mjs';

let isolated;
let plain;
let browser;
before(async () => {
  isolated = await serve({ root: repoRoot, port: 0, headers: ISOLATION_HEADERS });
  plain = await serve({ root: repoRoot, port: 0 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  isolated?.server.close();
  plain?.server.close();
});

// Runs in the page (or a worker): the threaded and the single-threaded build on the same
// layers, compared bit for bit. Sizes above the pool's minimum work, so that calls are split.
const COMPARE = `
  const { load } = await import(location.origin + '/bindings/js/index.js');
  const auto = await load();
  const one = await load({ threads: 1 });
  let state = 7;
  const fill = (n) => Float32Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
  const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const cases = [
    ['conv2d', [1, 16, 48, 52], [24, 16, 3, 3], { padding: 1, activation: 'relu' }],
    ['conv2d', [1, 32, 40, 40], [32, 1, 3, 3], { padding: 1, stride: 2, groups: 32 }],
    ['convTranspose2d', [1, 32, 24, 24], [32, 16, 4, 4], { stride: 2, padding: 1 }],
    ['convTranspose2d', [1, 64, 16, 16], [64, 3, 4, 4], { stride: 2, padding: 1 }],
  ];
  const results = [];
  for (const [op, xs, ws, options] of cases) {
    const x = { data: fill(xs.reduce((a, b) => a * b)), shape: xs };
    const w = { data: fill(ws.reduce((a, b) => a * b)), shape: ws };
    results.push(same(auto[op](x, w, options).data, one[op](x, w, options).data));
  }
  let refused = '';
  try { await load({ threads: 2 }); } catch (e) { refused = e.message; }
  return { threads: auto.threads, single: one.threads, isolated: globalThis.crossOriginIsolated === true,
           cores: navigator.hardwareConcurrency, results, refused };
`;

const evaluateInPage = (page) => page.evaluate(`(async () => { ${COMPARE} })()`);
const evaluateInWorker = (page) => page.evaluate(`new Promise((resolve, reject) => {
  const source = ${JSON.stringify(`self.onmessage = async () => { try { postMessage(await (async () => { ${COMPARE} })()); } catch (e) { postMessage({ error: String(e && e.stack || e) }); } };`)};
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
  worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data));
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage('go');
})`);

test('on a cross-origin isolated page, load() runs threads, in the page and in a module worker, with the single-threaded bits', async (t) => {
  await checkedPage(t, browser.context, isolated.url, async ({ page }) => {
    await page.goto(`${isolated.url}web/`);
    for (const [where, run] of [['page', evaluateInPage], ['worker', evaluateInWorker]]) {
      const r = await run(page);
      assert.equal(r.isolated, true, where);
      assert.equal(r.threads, Math.min(r.cores, 8), where);
      assert.ok(r.threads >= 2, `${where}: ${r.cores} cores reported`);
      assert.equal(r.single, 1);
      assert.deepEqual(r.results, [true, true, true, true], where);
      assert.equal(r.refused, '', where);
    }
  });
});

test('on a plain static host, the same page runs one thread without a word, and threads: 2 names the missing headers', async (t) => {
  await checkedPage(t, browser.context, plain.url, async ({ page }) => {
    await page.goto(`${plain.url}web/`);
    const r = await evaluateInPage(page);
    assert.equal(r.isolated, false);
    assert.equal(r.threads, 1);
    assert.deepEqual(r.results, [true, true, true, true]);
    assert.match(r.refused, /threads: 2 cannot run here: .*not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
  });
});

test('the playground says how many threads run: several under npm start\'s headers, one on a plain host', async (t) => {
  for (const [server, expectMany] of [[isolated, true], [plain, false]]) {
    await checkedPage(t, browser.context, server.url, async ({ page }) => {
      await page.goto(`${server.url}web/`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: HANG_MS });
      const threads = Number(await page.getAttribute('[data-testid="build"]', 'data-threads'));
      const text = await page.textContent('[data-testid="build"]');
      if (expectMany) {
        assert.ok(threads >= 2);
        assert.match(text, new RegExp(`on ${threads} threads\\.$`));
      } else {
        assert.equal(threads, 1);
        assert.match(text, /on one thread\.$/);
      }
      // The figure is drawn either way.
      await page.waitForSelector('.grid.output .cell', { timeout: HANG_MS });
    });
  }
});
