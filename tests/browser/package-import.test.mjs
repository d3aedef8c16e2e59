// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The package imported by name in Chromium, from a separate site directory whose
// node_modules/wasmconv links to this repository, through an import map: both builds.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, HANG_MS, launch } from './support/browser.mjs';

let site;
let server;
let browser;
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'wasmconv-site-'));
  mkdirSync(join(site, 'node_modules'));
  symlinkSync(repoRoot, join(site, 'node_modules', 'wasmconv'), 'dir');
  writeFileSync(
    join(site, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title>
<script type="importmap">{ "imports": { "wasmconv": "./node_modules/wasmconv/bindings/js/index.js" } }</script>
<pre id="out"></pre>
<script type="module">
  import { load } from 'wasmconv';
  const simd = new URLSearchParams(location.search).get('simd') !== 'false';
  const wc = await load({ simd });
  const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };
  const w = { data: Float32Array.from([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
  const up = wc.convTranspose2d(x, w, { stride: 2 });
  document.getElementById('out').textContent = JSON.stringify({
    simd: wc.simd, arch: wc.arch, y: Array.from(wc.conv2d(x, w).data), up: Array.from(up.data.slice(0, 4)),
  });
</script>`,
  );
  // A module worker computes off the main thread (import maps do not reach workers, so it
  // imports the package's browser entry by path).
  writeFileSync(
    join(site, 'worker.js'),
    `import { load } from './node_modules/wasmconv/bindings/js/index.js';
const wc = await load();
self.onmessage = ({ data }) => {
  const y = wc.conv2d({ data: data.x, shape: [1, 1, 2, 2] }, { data: data.w, shape: [1, 1, 2, 2] });
  self.postMessage({ simd: wc.simd, y: Array.from(y.data) });
};
self.postMessage('ready');`,
  );
  writeFileSync(
    join(site, 'worker.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>worker</title><pre id="out"></pre>
<script type="module">
  const worker = new Worker('./worker.js', { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data === 'ready') worker.postMessage({ x: Float32Array.from([1, 2, 3, 4]), w: Float32Array.from([1, 1, 1, 1]) });
    else document.getElementById('out').textContent = JSON.stringify(data);
  };
  worker.onerror = (e) => { document.getElementById('out').textContent = 'error: ' + e.message; };
</script>`,
  );
  server = await serve({ root: site, port: 0, allowedLinks: [repoRoot] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
  rmSync(site, { recursive: true, force: true });
});

for (const simd of [true, false]) {
  test(`import 'wasmconv' by name in Chromium (${simd ? 'SIMD' : 'scalar'} build)`, async (t) => {
    await checkedPage(t, browser.context, server.url, async ({ page }) => {
      await page.goto(`${server.url}index.html?simd=${simd}`);
      await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: HANG_MS });
      const out = JSON.parse(await page.textContent('#out'));
      // Chromium validates relaxed SIMD, so the SIMD build it loads is the relaxed one.
      assert.deepEqual(out, { simd, arch: simd ? 'wasm-simd128+relaxed-madd' : 'scalar', y: [10], up: [1, 1, 2, 2] });
    });
  });
}

test('a module Web Worker loads the package and computes', async (t) => {
  await checkedPage(t, browser.context, server.url, async ({ page }) => {
    await page.goto(`${server.url}worker.html`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== '', null, { timeout: HANG_MS });
    assert.deepEqual(JSON.parse(await page.textContent('#out')), { simd: true, y: [10] });
  });
});
