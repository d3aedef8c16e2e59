// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// wasmconv/worker in Chromium: loadInWorker() from a plain page served statically (no
// COOP/COEP: one thread in the worker) and from a cross-origin isolated one (threads in the
// worker), with results bitwise those of load() on the page, layers and tensors through
// handles, { transfer: true } moving the inputs, and the page staying responsive while a
// long call computes: a key press and animation frames are handled before the call resolves.
// Also what a page sees when the worker's script cannot load, and after terminate().
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ISOLATION_HEADERS, serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, launch, openPage } from './support/browser.mjs';

// A site holding one page, with the repository linked in as pkg/ (the package as a plain
// page imports it), served twice: as a plain static host and with the isolation headers.
let site;
let isolated;
let plain;
let browser;
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'wasmconv-worker-site-'));
  symlinkSync(repoRoot, join(site, 'pkg'), 'dir');
  writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>worker</title><input id="field" autofocus>');
  isolated = await serve({ root: site, port: 0, headers: ISOLATION_HEADERS, allowedLinks: [repoRoot] });
  plain = await serve({ root: site, port: 0, allowedLinks: [repoRoot] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  isolated?.server.close();
  plain?.server.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

// Runs in the page: the same calls through loadInWorker() and through load() on the page,
// compared bit for bit.
const COMPARE = `(async () => {
  const { loadInWorker, WasmconvError } = await import(new URL('pkg/bindings/js/worker.js', location.href).href);
  const main = await import(new URL('pkg/bindings/js/index.js', location.href).href);
  const wc = await loadInWorker();
  const here = await main.load();
  let state = 7;
  const fill = (n) => Float32Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
  const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const tensor = (shape) => ({ data: fill(shape.reduce((a, b) => a * b)), shape });
  const cases = [
    ['conv2d', [1, 16, 48, 52], [24, 16, 3, 3], { padding: 1, activation: 'relu' }],
    ['conv2d', [1, 32, 40, 40], [32, 1, 3, 3], { padding: 1, stride: 2, groups: 32 }],
    ['convTranspose2d', [1, 32, 24, 24], [32, 16, 4, 4], { stride: 2, padding: 1 }],
  ];
  const results = [];
  for (const [op, xs, ws, options] of cases) {
    const x = tensor(xs);
    const w = tensor(ws);
    results.push(same((await wc[op](x, w, options)).data, here[op](x, w, options).data));
  }
  // A layer on a tensor held by the worker, into another.
  const x = tensor([1, 8, 16, 16]);
  const w = tensor([8, 8, 3, 3]);
  const layer = await wc.createConv2d(w, { padding: 1 });
  const t = await wc.createTensor(x.data, x.shape);
  const out = await wc.createTensor(new Float32Array(x.data.length), x.shape);
  const chained = (await layer.run(t, { output: out })) === out;
  results.push(same(await out.read(), here.createConv2d(w, { padding: 1 }).run(x).data));
  let disposed = '';
  await layer.dispose();
  try { await layer.run(t); } catch (e) { disposed = (e instanceof WasmconvError) + ' ' + e.message; }
  await wc.terminate();
  // { transfer: true } moves the input's buffer to the worker.
  const moving = await loadInWorker({ transfer: true, threads: 1 });
  const y = tensor([1, 2, 6, 6]);
  await moving.conv2d(y, tensor([2, 2, 3, 3]));
  const moved = y.data.length === 0;
  await moving.terminate();
  return { threads: wc.threads, here: here.threads, isolated: globalThis.crossOriginIsolated === true,
           cores: navigator.hardwareConcurrency, results, chained, disposed, moved, shape: t.shape };
})()`;

// Keeps the worker computing (calls of about 2.4 G multiply-adds, the next one asked for as
// the last resolves) until a key press arrives or 100 calls have run, counting animation
// frames, and notes for the key press whether a call was pending when it came. How long one
// call takes does not matter (on two threads it can end before the test's key press is
// delivered): the page handles the key while the worker computes, or never.
const START_LONG_CALL = `(async () => {
  const { loadInWorker } = await import(new URL('pkg/bindings/js/worker.js', location.href).href);
  const wc = await loadInWorker();
  const x = { data: new Float32Array(64 * 256 * 256).fill(0.5), shape: [1, 64, 256, 256] };
  const w = { data: new Float32Array(64 * 64 * 9).fill(0.01), shape: [64, 64, 3, 3] };
  const events = [];
  window.longCall = { events };
  let frames = 0;
  let pending = 0;
  let running = true;
  const frame = () => { frames++; if (running) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  document.getElementById('field').addEventListener('keydown', () => events.push(pending > 0 ? 'key during a call' : 'key between calls'));
  window.longCall.done = (async () => {
    let calls = 0;
    let shape;
    while (calls < 100 && !events.length) {
      pending++;
      shape = (await wc.conv2d(x, w, { padding: 1 })).shape;
      pending--;
      calls++;
    }
    running = false;
    return { frames, shape, events, calls };
  })();
  window.longCall.started = true;
})()`;

for (const [name, server, many] of [['a plain static page (no COOP/COEP): one thread', () => plain, false],
  ['a cross-origin isolated page: threads', () => isolated, true]]) {
  test(`loadInWorker() on ${name}, results bitwise load()'s, layers and tensors through handles`, async (t) => {
    await checkedPage(t, browser.context, server().url, async ({ page }) => {
      await page.goto(`${server().url}index.html`);
      const r = await page.evaluate(COMPARE);
      assert.equal(r.isolated, many);
      assert.equal(r.threads, many ? Math.min(r.cores, 8) : 1);
      assert.equal(r.threads, r.here);
      if (many) assert.ok(r.threads >= 2, `${r.cores} cores reported`);
      assert.deepEqual(r.results, [true, true, true, true]);
      assert.equal(r.chained, true);
      assert.equal(r.disposed, 'true createConv2d: run called after dispose()');
      assert.equal(r.moved, true);
      assert.deepEqual(r.shape, [1, 8, 16, 16]);
    });
  });

  test(`on ${name}, the page stays responsive while a long call computes in the worker`, async (t) => {
    await checkedPage(t, browser.context, server().url, async ({ page }) => {
      await page.goto(`${server().url}index.html`);
      await page.evaluate(START_LONG_CALL);
      await page.focus('#field');
      await page.keyboard.press('a');
      const r = await page.evaluate('window.longCall.done');
      assert.deepEqual(r.shape, [1, 64, 256, 256]);
      // Calls computed on the page's thread would hold the key (and the frames) back until
      // they had all resolved: the key would come after the 100th, between calls.
      assert.deepEqual(r.events, ['key during a call']);
      assert.ok(r.calls < 100, `${r.calls} calls ran before the key press arrived`);
      assert.ok(r.frames > 0, 'animation frames ran while the calls computed');
    });
  });
}

test('in a page: terminate() rejects pending and later calls; a worker script that cannot load rejects loadInWorker()', async (t) => {
  await checkedPage(t, browser.context, plain.url, async ({ page }) => {
    await page.goto(`${plain.url}index.html`);
    const r = await page.evaluate(`(async () => {
      const { loadInWorker } = await import(new URL('pkg/bindings/js/worker.js', location.href).href);
      const wc = await loadInWorker({ threads: 1 });
      const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
      const w = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
      const pending = wc.conv2d(x, w).then(() => 'resolved', (e) => e.code + ' ' + e.message);
      await wc.terminate();
      const later = await wc.conv2d(x, w).then(() => 'resolved', (e) => e.code + ' ' + e.message);
      return { pending: await pending, later };
    })()`);
    assert.equal(r.pending, 'terminated conv2d: the worker was terminated (terminate()) before this call finished; call loadInWorker() again for a new one');
    assert.equal(r.later, 'terminated conv2d: the worker was terminated (terminate()); call loadInWorker() again for a new one');
  });
  // The worker's script answered with a 404: the page's request for it fails, which is the point.
  const { page, problems } = await openPage(browser.context, plain.url);
  try {
    await page.route('**/worker-entry.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await page.goto(`${plain.url}index.html`);
    const message = await page.evaluate(`(async () => {
      const { loadInWorker } = await import(new URL('pkg/bindings/js/worker.js', location.href).href);
      return loadInWorker().then(() => 'resolved', (e) => e.name + ' ' + e.code + ' ' + e.message);
    })()`);
    assert.match(message, /^WasmconvError worker_error load: the wasmconv worker stopped \(its script could not be loaded or failed: check that worker-entry\.js is served next to worker\.js/);
    assert.deepEqual(problems.filter((p) => !/worker-entry\.js|404/.test(p)), []);
  } finally {
    await page.close();
  }
});
