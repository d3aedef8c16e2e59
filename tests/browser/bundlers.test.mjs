// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The packed tarball installed (offline) into fresh projects and used the ways web
// developers do: a Vite app (dev server and production build), esbuild, webpack 5 and
// Rollup bundles, a plain <script type="module"> page served statically, and the package
// imported from another origin as from a CDN. Each computes in headless Chromium. Also the
// blog embed, `import 'wasmconv/embed'`, bundled by webpack 5, wasmconv/worker (loadInWorker)
// bundled by Vite, webpack 5 and esbuild, and threads: each bundle served with the
// cross-origin isolation headers runs the threaded build, and one thread without them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { nodeResolve } from '@rollup/plugin-node-resolve';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { build, createServer } from 'vite';
import webpack from 'webpack';

import { ISOLATION_HEADERS, serve } from '../../scripts/serve.mjs';
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
    await page.waitForFunction(() => document.getElementById('out')?.textContent);
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

// The bundlers below: the same app (MAIN), and a page that always ends in a state the test
// can wait for: data-state="done" once MAIN has written its result, "error" with the message
// when loading or computing failed, or when the script itself could not be loaded.
const SETTLE = `<script>
  const settle = (message) => { const out = document.getElementById('out'); if (!out.dataset.state) { out.dataset.state = 'error'; out.textContent = message; } };
  addEventListener('error', (e) => settle(String(e.message)));
  addEventListener('unhandledrejection', (e) => settle(String(e.reason && e.reason.message ? e.reason.message : e.reason)));
</script>`;
const settledMain = (from) => `${MAIN.replace("from 'wasmconv'", `from '${from}'`)}document.getElementById('out').dataset.state = 'done';\n`;
const bundlePage = (script) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bundle</title><pre id="out"></pre>${SETTLE}
<script ${script} onerror="settle('could not load ' + this.src)"></script>`;

/**
 * Opens `url`, waits for the page's data-state (the page always reaches one; the context's
 * default timeout only turns a hang into a failure) and returns { state, text, problems };
 * requests to `allowOrigins` are not problems.
 */
async function settledPage(t, url, name, { allowOrigins = [] } = {}) {
  const { page, problems } = await openPage(browser.context, new URL(url).origin);
  try {
    await page.goto(url);
    await page.waitForSelector('#out[data-state]');
    return {
      state: await page.getAttribute('#out', 'data-state'),
      text: await page.textContent('#out'),
      problems: problems.filter((p) => !allowOrigins.some((o) => p === `off-origin request: ${o}` || p.startsWith(`off-origin request: ${o}/`))),
    };
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, name)}`);
    throw e;
  } finally {
    await page.close();
  }
}

async function computes(t, url, name, options) {
  const result = await settledPage(t, url, name, options);
  assert.equal(result.state, 'done', result.text);
  assert.deepEqual(JSON.parse(result.text), EXPECTED);
  assert.deepEqual(result.problems, []);
}

async function served(root, body, headers = {}) {
  const { server, url } = await serve({ root, port: 0, headers });
  try {
    return await body(url);
  } finally {
    server.close();
  }
}

// What a user copies for bundlers that leave new URL('…wasm', import.meta.url) alone: the
// .wasm files of the installed package (three single-threaded, two threaded), next to the bundle.
function copyWasm(to) {
  const dist = join(app, 'node_modules', 'wasmconv', 'dist');
  const files = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(files.sort(), ['wasmconv-relaxed-mt.wasm', 'wasmconv-relaxed.wasm', 'wasmconv-scalar.wasm',
    'wasmconv-simd-mt.wasm', 'wasmconv-simd.wasm']);
  for (const file of files) copyFileSync(join(dist, file), join(to, file));
}

// esbuild does not rewrite new URL(…, import.meta.url): the .wasm files are looked for next
// to the output file holding the glue. With no configuration, this is
//   esbuild src/main.js --bundle --format=esm --outfile=esbuild/app.js
//   cp node_modules/wasmconv/dist/*.wasm esbuild/
test('esbuild --bundle --format=esm, the .wasm files copied next to the bundle', async (t) => {
  writeFileSync(join(app, 'src', 'settled.js'), settledMain('wasmconv'));
  const out = join(app, 'esbuild');
  const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['src/settled.js'], bundle: true, format: 'esm',
    outfile: join(out, 'app.js'), logLevel: 'silent' });
  assert.deepEqual(result.warnings, []);
  writeFileSync(join(out, 'index.html'), bundlePage('type="module" src="app.js"'));
  await served(out, async (url) => {
    // Before the copy the page says what is missing, where it was looked for and what to do.
    const missing = await settledPage(t, url, 'esbuild-no-wasm');
    assert.equal(missing.state, 'error');
    assert.match(missing.text, new RegExp(`fetching ${url}wasmconv-(relaxed|simd)\\.wasm gave HTTP 404 Not Found`));
    assert.match(missing.text, /copy node_modules\/wasmconv\/dist\/\*\.wasm next to the output file/);
    copyWasm(out);
    await computes(t, url, 'esbuild');
  });
});

// webpack's performance hints name every emitted file over 244 KiB, and the threaded builds'
// .wasm files are 273 and 279 KiB (fetched only on cross-origin isolated pages, one of them
// at most). The one setting README.md's webpack row gives: hints for everything but .wasm
// (webpack's documented performance.assetFilter), with no warning left.
const PERFORMANCE = { assetFilter: (name) => !name.endsWith('.wasm') };

// A webpack 5 production build of src/<entry> into <out>/app.js with `performance` settings;
// fails on any error or warning; returns the build's asset list.
async function webpackBuild(entry, out, performance = PERFORMANCE) {
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: 'production', context: app, entry: `./src/${entry}`, output: { path: out, filename: 'app.js' }, performance },
      (error, result) => (error ? reject(error) : resolve(result)));
  });
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  assert.deepEqual([...info.errors, ...info.warnings].map((e) => e.message), []);
  return info.assets;
}

test('webpack 5 production build: the .wasm files are emitted and found, with the documented performance.assetFilter', async (t) => {
  writeFileSync(join(app, 'src', 'settled.js'), settledMain('wasmconv'));
  const out = join(app, 'webpack');
  const assets = await webpackBuild('settled.js', out);
  // One asset per build (three single-threaded, two threaded), under webpack's own (hashed)
  // names; the threaded builds' glue and worker script too.
  assert.equal(assets.filter((a) => a.name.endsWith('.wasm')).length, 5);
  assert.equal(assets.filter((a) => a.name.endsWith('.mjs')).length, 2);
  writeFileSync(join(out, 'index.html'), bundlePage('src="app.js"'));
  await served(out, (url) => computes(t, url, 'webpack'));
});

// The blog embed through webpack: `import 'wasmconv/embed'` resolves to dist/embed.js, which
// the package's sideEffects keep in the bundle; webpack emits the .wasm files it names
// (new URL('./…wasm', import.meta.url)) and the figure registers and renders.
test("webpack 5 production build: import 'wasmconv/embed' registers <wasmconv-figure>, which renders", async (t) => {
  writeFileSync(join(app, 'src', 'embed.js'), "import 'wasmconv/embed';\n");
  const out = join(app, 'webpack-embed');
  const assets = await webpackBuild('embed.js', out, {});
  assert.equal(assets.filter((a) => a.name.endsWith('.wasm')).length, 3);
  writeFileSync(join(out, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>embed</title>
<script src="app.js"></script>
<wasmconv-figure id="fig" input="6" kernel="3" view="arithmetic" loading="eager"></wasmconv-figure>`);
  await served(out, async (url) => {
    const { page, problems } = await openPage(browser.context, new URL(url).origin);
    const wasm = [];
    page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
    try {
      await page.goto(url);
      // The figure always settles: ready, or error with its message.
      await page.waitForSelector('#fig:is([data-state="ready"], [data-state="error"])');
      const figure = await page.$eval('#fig', (el) => ({
        defined: customElements.get('wasmconv-figure') === el.constructor,
        state: el.dataset.state,
        text: el.shadowRoot.textContent.slice(0, 200),
        size: el.shadowRoot.querySelector('[aria-live]')?.dataset.outputSize,
      }));
      assert.deepEqual({ ...figure, text: undefined }, { defined: true, state: 'ready', text: undefined, size: '4x4' }, figure.text);
      assert.equal(wasm.length, 1, `one .wasm, got ${wasm.join(', ')}`);
      assert.deepEqual(problems, []);
    } catch (e) {
      t.diagnostic(`screenshot: ${await screenshot(page, 'webpack-embed')}`);
      throw e;
    } finally {
      await page.close();
    }
  });
});

// Rollup, like esbuild, leaves new URL(…, import.meta.url) alone; the glue goes into chunks
// beside the entry, and the .wasm files are copied there. node-resolve's default conditions
// (default, module, import) pick the browser entry:
//   rollup -p node-resolve src/main.js -d rollup   and   cp node_modules/wasmconv/dist/*.wasm rollup/
test('Rollup with @rollup/plugin-node-resolve, the .wasm files copied next to the output', async (t) => {
  writeFileSync(join(app, 'src', 'settled.js'), settledMain('wasmconv'));
  const out = join(app, 'rollup');
  const warnings = [];
  const bundle = await rollup({ input: join(app, 'src', 'settled.js'), plugins: [nodeResolve({ rootDir: app })],
    onwarn: (w) => warnings.push(w.message) });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
  assert.deepEqual(warnings, []);
  copyWasm(out);
  writeFileSync(join(out, 'index.html'), bundlePage('type="module" src="settled.js"'));
  await served(out, (url) => computes(t, url, 'rollup'));
});

// A CDN: the installed package's files served from a second origin that allows any origin
// to read them; the page imports index.js by its absolute URL, and the glue and the .wasm
// are found next to it on that origin.
test('CDN: the package on another origin (Access-Control-Allow-Origin: *), imported by URL', async (t) => {
  const cdn = await serve({ root: join(app, 'node_modules', 'wasmconv'), port: 0, headers: { 'Access-Control-Allow-Origin': '*' } });
  try {
    const site = join(app, 'cdn-site');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), bundlePage(`type="module" src="main.js"`));
    writeFileSync(join(site, 'main.js'), settledMain(`${cdn.url}bindings/js/index.js`));
    await served(site, (url) => computes(t, url, 'cdn', { allowOrigins: [new URL(cdn.url).origin] }));
  } finally {
    cdn.server.close();
  }
});

// wasmconv/worker through Vite: the worker script (new Worker(new URL('./worker-entry.js',
// import.meta.url), { type: 'module' })) is bundled with the browser entry and the .wasm
// files it names, with no configuration; the page itself fetches no .wasm.
const IN_WORKER = `import { loadInWorker } from 'wasmconv/worker';
const wc = await loadInWorker();
const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };
const w = { data: Float32Array.from([1, 1, 1, 1]), shape: [1, 1, 2, 2] };
document.getElementById('out').textContent = JSON.stringify({
  simd: wc.simd, y: Array.from((await wc.conv2d(x, w)).data), up: (await wc.convTranspose2d(x, w, { stride: 2 })).shape,
});
document.getElementById('out').dataset.state = 'done';
`;

test("Vite production build: import { loadInWorker } from 'wasmconv/worker' computes in a module worker", async (t) => {
  writeFileSync(join(app, 'src', 'in-worker.js'), IN_WORKER);
  writeFileSync(join(app, 'in-worker.html'), bundlePage('type="module" src="/src/in-worker.js"'));
  const out = join(app, 'vite-worker');
  await build({ ...config(), build: { ...config().build, outDir: out, emptyOutDir: true, rollupOptions: { input: join(app, 'in-worker.html') } } });
  await served(out, async (url) => {
    const { page, problems } = await openPage(browser.context, new URL(url).origin);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    try {
      await page.goto(`${url}in-worker.html`);
      await page.waitForSelector('#out[data-state]');
      assert.equal(await page.getAttribute('#out', 'data-state'), 'done', await page.textContent('#out'));
      assert.deepEqual(JSON.parse(await page.textContent('#out')), EXPECTED);
      assert.equal(workers.length, 1, `one worker, got ${workers.join(', ')}`);
      // The page itself fetched no .wasm (a worker's fetches are not among its resources).
      assert.deepEqual(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm'))), []);
      assert.deepEqual(problems, []);
    } catch (e) {
      t.diagnostic(`screenshot: ${await screenshot(page, 'vite-worker')}`);
      throw e;
    } finally {
      await page.close();
    }
  });
});

// The same app through webpack 5 (PERFORMANCE above the only setting): webpack emits the
// worker as a chunk of its own, with the glue and the .wasm files it names, and no warning.
test("webpack 5 production build: import { loadInWorker } from 'wasmconv/worker' computes in a module worker", async (t) => {
  writeFileSync(join(app, 'src', 'in-worker.js'), IN_WORKER);
  const out = join(app, 'webpack-worker');
  await webpackBuild('in-worker.js', out);
  writeFileSync(join(out, 'index.html'), bundlePage('src="app.js"'));
  await served(out, (url) => computes(t, url, 'webpack-worker'));
});

// esbuild leaves new URL('./worker-entry.js', import.meta.url) alone: the worker script is
// bundled as a second entry point next to the app, and the .wasm files are copied there:
//   esbuild src/in-worker.js node_modules/wasmconv/bindings/js/worker-entry.js --bundle
//     --format=esm --entry-names=[name] --outdir=esbuild-worker
//   cp node_modules/wasmconv/dist/*.wasm esbuild-worker/
test('esbuild: wasmconv/worker with worker-entry.js bundled as a second entry point', async (t) => {
  writeFileSync(join(app, 'src', 'in-worker.js'), IN_WORKER);
  const out = join(app, 'esbuild-worker');
  const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['src/in-worker.js', 'node_modules/wasmconv/bindings/js/worker-entry.js'],
    bundle: true, format: 'esm', entryNames: '[name]', outdir: out, logLevel: 'silent' });
  assert.deepEqual(result.warnings, []);
  copyWasm(out);
  writeFileSync(join(out, 'index.html'), bundlePage('type="module" src="in-worker.js"'));
  await served(out, (url) => computes(t, url, 'esbuild-worker'));
});

// Vite 8 pre-bundles the package for its dev server and still rewrites the .wasm URLs, so
// the optimizeDeps.exclude above (needed by Vite 7) is not needed.
test('Vite 8 dev server with no configuration at all', async (t) => {
  writeFileSync(join(app, 'src', 'settled.js'), settledMain('wasmconv'));
  writeFileSync(join(app, 'settled.html'), bundlePage('type="module" src="/src/settled.js"'));
  const server = await createServer({ root: app, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  try {
    await computes(t, `http://127.0.0.1:${server.httpServer.address().port}/settled.html`, 'vite-dev-no-config');
  } finally {
    await server.close();
  }
});

// Threads from bundles: the same app on a layer large enough that the pool splits it, loaded
// with threads: 'auto' and with threads: 1, checked against a plain JavaScript convolution.
// Served with COOP/COEP, 'auto' runs the threaded build (its glue, .wasm and worker script
// emitted by the bundler, or copied for esbuild and Rollup) on min(cores, 8) threads; served
// without, one thread and not a word on the console.
// threadedMain('wasmconv/worker') is the same app through loadInWorker: the module worker
// then starts the threaded build's workers itself (awaiting a call's result is harmless on
// load()'s synchronous results).
const threadedMain = (entry = 'wasmconv') => `import { ${entry === 'wasmconv' ? 'load' : 'loadInWorker as load'} } from '${entry}';
const auto = await load();
const one = await load({ threads: 1 });
let state = 7;
const fill = (n) => Float32Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
const [C, H, W, K] = [16, 48, 52, 24];
const x = { data: fill(C * H * W), shape: [1, C, H, W] };
const w = { data: fill(K * C * 9), shape: [K, C, 3, 3] };
const threaded = (await auto.conv2d(x, w, { padding: 1 })).data;
const single = (await one.conv2d(x, w, { padding: 1 })).data;
let maxError = 0;
for (let k = 0; k < K; k++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
  let sum = 0;
  for (let c = 0; c < C; c++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
    const [p, q] = [i + u - 1, j + v - 1];
    if (p >= 0 && p < H && q >= 0 && q < W) sum += x.data[(c * H + p) * W + q] * w.data[((k * C + c) * 3 + u) * 3 + v];
  }
  maxError = Math.max(maxError, Math.abs(threaded[(k * H + i) * W + j] - sum));
}
document.getElementById('out').textContent = JSON.stringify({
  threads: auto.threads, single: one.threads, isolated: globalThis.crossOriginIsolated === true,
  cores: navigator.hardwareConcurrency, length: threaded.length,
  bitwise: threaded.length === single.length && threaded.every((v, i) => Object.is(v, single[i])), close: maxError < 1e-4,
});
document.getElementById('out').dataset.state = 'done';
`;
const THREADED_MAIN = threadedMain();

/** Opens the threaded app at `url` and checks what it reports: threads when `isolated`, else one. */
async function computesThreaded(t, url, name, isolated) {
  const result = await settledPage(t, url, name);
  assert.equal(result.state, 'done', result.text);
  const r = JSON.parse(result.text);
  const expected = isolated ? Math.min(r.cores, 8) : 1;
  assert.deepEqual(r, { threads: expected, single: 1, isolated, cores: r.cores, length: 24 * 48 * 52, bitwise: true, close: true });
  if (isolated) assert.ok(r.threads >= 2, `${r.cores} cores reported`);
  assert.deepEqual(result.problems, []);
}

// Each app served with the isolation headers (threads) and without (one thread).
async function bothWays(t, root, name, path = '') {
  for (const isolated of [true, false]) {
    await served(root, (url) => computesThreaded(t, `${url}${path}`, `${name}-${isolated ? 'isolated' : 'plain'}`, isolated),
      isolated ? ISOLATION_HEADERS : {});
  }
}

test('threads from a Vite production build: several on an isolated page, one elsewhere', async (t) => {
  writeFileSync(join(app, 'src', 'threaded.js'), THREADED_MAIN);
  writeFileSync(join(app, 'threaded.html'), bundlePage('type="module" src="/src/threaded.js"'));
  const out = join(app, 'vite-threads');
  await build({ ...config(), build: { ...config().build, outDir: out, emptyOutDir: true, rollupOptions: { input: join(app, 'threaded.html') } } });
  await bothWays(t, out, 'vite-threads', 'threaded.html');
});

// The dev server sends the headers a user configures (server.headers); with no configuration
// it pre-bundles the package, with Vite 7's optimizeDeps.exclude (README) it serves it as it is.
test('threads from the Vite dev server: several with server.headers COOP/COEP, one without, pre-bundled or not', async (t) => {
  writeFileSync(join(app, 'src', 'threaded.js'), THREADED_MAIN);
  writeFileSync(join(app, 'threaded.html'), bundlePage('type="module" src="/src/threaded.js"'));
  for (const optimizeDeps of [{}, { exclude: ['wasmconv'] }]) {
    for (const isolated of [true, false]) {
      const server = await createServer({ root: app, logLevel: 'error', optimizeDeps,
        server: { port: 0, host: '127.0.0.1', headers: isolated ? ISOLATION_HEADERS : {} } });
      await server.listen();
      try {
        await computesThreaded(t, `http://127.0.0.1:${server.httpServer.address().port}/threaded.html`,
          `vite-dev-threads-${optimizeDeps.exclude ? 'excluded' : 'prebundled'}-${isolated ? 'isolated' : 'plain'}`, isolated);
      } finally {
        await server.close();
      }
    }
  }
});

test('threads from a webpack 5 production build: the threaded files are emitted; several threads isolated, one elsewhere', async (t) => {
  writeFileSync(join(app, 'src', 'threaded.js'), THREADED_MAIN);
  const out = join(app, 'webpack-threads');
  await webpackBuild('threaded.js', out);
  writeFileSync(join(out, 'index.html'), bundlePage('src="app.js"'));
  await bothWays(t, out, 'webpack-threads');
});

// Threads inside wasmconv/worker: the bundled module worker loads the threaded build, whose
// glue, .wasm and worker script the bundler emitted for the worker's bundle, and starts its
// pthread workers from there; one thread in it without the isolation headers.
test('threads inside wasmconv/worker from a Vite production build: several isolated, one elsewhere', async (t) => {
  writeFileSync(join(app, 'src', 'threaded-worker.js'), threadedMain('wasmconv/worker'));
  writeFileSync(join(app, 'threaded-worker.html'), bundlePage('type="module" src="/src/threaded-worker.js"'));
  const out = join(app, 'vite-worker-threads');
  await build({ ...config(), build: { ...config().build, outDir: out, emptyOutDir: true, rollupOptions: { input: join(app, 'threaded-worker.html') } } });
  await bothWays(t, out, 'vite-worker-threads', 'threaded-worker.html');
});

test('threads inside wasmconv/worker from a webpack 5 production build: several isolated, one elsewhere', async (t) => {
  writeFileSync(join(app, 'src', 'threaded-worker.js'), threadedMain('wasmconv/worker'));
  const out = join(app, 'webpack-worker-threads');
  await webpackBuild('threaded-worker.js', out);
  writeFileSync(join(out, 'index.html'), bundlePage('src="app.js"'));
  await bothWays(t, out, 'webpack-worker-threads');
});

// esbuild leaves the new URL literals alone: the threaded builds' files are copied next to the
// bundle with the .wasm files (copyThreaded below):
//   cp node_modules/wasmconv/dist/*.wasm node_modules/wasmconv/dist/*-mt.mjs node_modules/wasmconv/dist/*.worker.js out/
test('threads from an esbuild bundle, the threaded files copied next to it: several isolated, one elsewhere', async (t) => {
  writeFileSync(join(app, 'src', 'threaded.js'), THREADED_MAIN);
  const out = join(app, 'esbuild-threads');
  const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['src/threaded.js'], bundle: true, format: 'esm',
    outfile: join(out, 'app.js'), logLevel: 'silent' });
  assert.deepEqual(result.warnings, []);
  copyThreaded(out);
  writeFileSync(join(out, 'index.html'), bundlePage('type="module" src="app.js"'));
  await bothWays(t, out, 'esbuild-threads');
});

// What a user copies for threads where new URL literals are left alone: the .wasm files and
// the threaded builds' glue and worker scripts.
function copyThreaded(to, keep = () => true) {
  const dist = join(app, 'node_modules', 'wasmconv', 'dist');
  const files = readdirSync(dist).filter((f) => /\.wasm$|-mt\.mjs$|\.worker\.js$/.test(f));
  assert.equal(files.length, 9);
  for (const file of files.filter(keep)) copyFileSync(join(dist, file), join(to, file));
}

test('threads from a Rollup bundle (@rollup/plugin-node-resolve), the threaded files copied next to it', async (t) => {
  writeFileSync(join(app, 'src', 'threaded.js'), THREADED_MAIN);
  const out = join(app, 'rollup-threads');
  const warnings = [];
  const bundle = await rollup({ input: join(app, 'src', 'threaded.js'), plugins: [nodeResolve({ rootDir: app })],
    onwarn: (w) => warnings.push(w.message) });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
  assert.deepEqual(warnings, []);
  writeFileSync(join(out, 'index.html'), bundlePage('type="module" src="threaded.js"'));
  // Without the worker scripts, 'auto' on the isolated page takes one thread, the failed
  // requests the only problems, instead of waiting for the workers for ever.
  copyThreaded(out, (file) => !file.endsWith('.worker.js'));
  await served(out, async (url) => {
    const result = await settledPage(t, url, 'rollup-threads-no-worker');
    assert.equal(result.state, 'done', result.text);
    assert.equal(JSON.parse(result.text).threads, 1);
    assert.ok(result.problems.length >= 1);
    for (const problem of result.problems) assert.match(problem, /^request failed: .*\/wasmconv-(relaxed|simd)-mt\.worker\.js/);
  }, ISOLATION_HEADERS);
  copyThreaded(out);
  await bothWays(t, out, 'rollup-threads');
});
