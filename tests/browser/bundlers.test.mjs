// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The packed tarball installed (offline) into fresh projects and used the ways web
// developers do: a Vite app (dev server and production build) and a plain
// <script type="module"> page served statically. Each computes in headless Chromium.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { build, createServer } from 'vite';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { launch, openPage, screenshot } from './support/browser.mjs';

const EXPECTED = { simd: true, y: [10], up: [1, 1, 4, 4] };
const MAIN = `import { load } from 'wasmconv';
const wc = await load();
const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };
const w = { data: Float32Array.from([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
document.getElementById('out').textContent = JSON.stringify({
  simd: wc.simd, y: Array.from(wc.conv2d(x, w).data), up: wc.convTranspose2d(x, w, { stride: 2 }).shape,
});
`;

let dir;
let app;
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-bundlers-'));
  const tarball = join(dir, JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' }))[0].filename);
  app = join(dir, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
  writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title><pre id="out"></pre><script type="module" src="/src/main.js"></script>');
  writeFileSync(join(app, 'src', 'main.js'), MAIN);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(t, url, name) {
  const { page, problems } = await openPage(browser.context, new URL(url).origin);
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent, null, { timeout: 30000 });
    assert.deepEqual(JSON.parse(await page.textContent('#out')), EXPECTED);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, name)}`);
    throw e;
  } finally {
    await page.close();
  }
}

// Vite 7's dependency pre-bundling moves the glue away from its .wasm; excluding the
// package keeps them together (harmless in Vite 8).
const config = () => ({ root: app, logLevel: 'error', optimizeDeps: { exclude: ['wasmconv'] }, build: { target: 'es2022' } });

test('Vite production build', async (t) => {
  await build({ ...config(), build: { ...config().build, outDir: join(app, 'dist'), emptyOutDir: true } });
  const { server, url } = await serve({ root: join(app, 'dist'), port: 0 });
  try {
    await check(t, url, 'vite-build');
  } finally {
    server.close();
  }
});

test('Vite dev server', async (t) => {
  const server = await createServer({ ...config(), server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  try {
    await check(t, `http://127.0.0.1:${server.httpServer.address().port}/`, 'vite-dev');
  } finally {
    await server.close();
  }
});

test('plain <script type="module"> page served statically, importing the installed files', async (t) => {
  writeFileSync(join(app, 'plain.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>plain</title><pre id="out"></pre>
<script type="module">${MAIN.replace("from 'wasmconv'", "from './node_modules/wasmconv/bindings/js/index.js'")}</script>`);
  const { server, url } = await serve({ root: app, port: 0 });
  try {
    await check(t, `${url}plain.html`, 'plain-page');
  } finally {
    server.close();
  }
});

test('a module Web Worker in the installed project loads the package and computes', async (t) => {
  writeFileSync(join(app, 'worker.js'), `${MAIN.replace("from 'wasmconv'", "from './node_modules/wasmconv/bindings/js/index.js'")
    .replace("document.getElementById('out').textContent =", 'self.postMessage(')
    .replace(/\}\);\n$/, '}));\n')}`);
  writeFileSync(join(app, 'worker.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>worker</title><pre id="out"></pre>
<script type="module">
  const worker = new Worker('./worker.js', { type: 'module' });
  worker.onmessage = ({ data }) => { document.getElementById('out').textContent = data; };
</script>`);
  const { server, url } = await serve({ root: app, port: 0 });
  try {
    await check(t, `${url}worker.html`, 'tarball-worker');
  } finally {
    server.close();
  }
});
