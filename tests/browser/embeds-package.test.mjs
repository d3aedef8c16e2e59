// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The blog embeds as a writer gets them: the packed tarball installed offline, its files
// served from a second origin (a "CDN": another port, Access-Control-Allow-Origin: *,
// .wasm as application/wasm) and a post on the first origin with one
// <script type="module" src="http://127.0.0.1:PORT2/wasmconv/dist/embed.js">. Figures render;
// the post loads at most 3 files from the package (the module, one .wasm, at most one
// stylesheet) and at most 40 KB gzip of JavaScript; the .wasm is compiled with streaming
// compilation and fetched once; nothing but the module is fetched before a figure nears
// the viewport; the iframe form works from the same static copy (sized, and taking the
// host's background, by the documented host script); both forms work under a strict
// Content-Security-Policy; `import 'wasmconv/embed'` in a Vite app registers the element.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { build } from 'vite';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { launch, openPage, screenshot } from './support/browser.mjs';
import { hostScript } from './support/embed-host.mjs';

let dir;
let app;
let cdn;
let site;
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-embed-package-'));
  const tarball = join(dir, JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' }))[0].filename);
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
  // The CDN serves node_modules/, so the package is at /wasmconv/ (like /wasmconv@0.2.0/).
  cdn = await serve({ root: join(app, 'node_modules'), port: 0, headers: { 'Access-Control-Allow-Origin': '*' } });
  mkdirSync(join(dir, 'site'));
  site = await serve({ root: join(dir, 'site'), port: 0 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  cdn?.server.close();
  site?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

const cdnOrigin = () => new URL(cdn.url).origin;
const embedUrl = () => `${cdn.url}wasmconv/dist/embed.js`;

/**
 * Writes a post into the site's folder and returns its URL on `server` (the site by
 * default); `script` adds the one script tag of the embed.
 */
function post(name, body, { script = true, server = site } = {}) {
  writeFileSync(join(dir, 'site', name), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${name}</title>
${script ? `<script type="module" src="${embedUrl()}"></script>` : ''}</head>
<body>${body}</body></html>`);
  return `${server.url}${name}`;
}

/**
 * Opens a page that records every request to the package's origin (and its response), the
 * WebAssembly compile calls, and problems (console errors, failed requests, requests to any
 * origin but the site and the CDN).
 */
async function openPost(t, { viewport = { width: 1000, height: 800 }, origin = site.url } = {}) {
  const { page, problems } = await openPage(browser.context, origin);
  const fromPackage = [];
  page.on('request', (r) => r.url().startsWith(cdnOrigin()) && fromPackage.push({ url: r.url(), request: r }));
  await page.addInitScript(() => {
    // Which compile path load() takes: streaming compilation gets the Response itself.
    const calls = { compileStreaming: [], compile: 0 };
    window.wasmCompileCalls = calls;
    const { compileStreaming, compile } = WebAssembly;
    WebAssembly.compileStreaming = function (source, ...rest) {
      calls.compileStreaming.push(source instanceof Response ? source.url : String(source));
      return compileStreaming.call(this, source, ...rest);
    };
    WebAssembly.compile = function (...args) {
      calls.compile++;
      return compile.apply(this, args);
    };
  });
  await page.setViewportSize(viewport);
  const offOrigin = (p) => p === `off-origin request: ${cdnOrigin()}` || p.startsWith(`off-origin request: ${cdnOrigin()}/`);
  return {
    page,
    fromPackage,
    problems: () => problems.filter((p) => !offOrigin(p)),
    async fail(e) {
      t.diagnostic(`screenshot: ${await screenshot(page, t.name.replace(/\W+/g, '-').slice(0, 80))}`);
      throw e;
    },
  };
}

const shadowText = (page, id) => page.$eval(`#${id}`, (el) => el.shadowRoot.textContent);
const outputSize = (page, id) => page.$eval(`#${id}`, (el) => el.shadowRoot.querySelector('[aria-live]').dataset.outputSize);

test('one script tag from another origin: three figures render from one module and one streamed .wasm, within 3 files and 40 KB gzip of JS', async (t) => {
  const url = post('three.html', `
<h1>Three figures</h1>
<wasmconv-figure id="arith" input="25" kernel="5" stride="2" view="arithmetic"></wasmconv-figure>
<wasmconv-figure id="up" mode="transposed" input="2" kernel="3" view="mechanics"></wasmconv-figure>
<wasmconv-figure id="matrix" input="4" kernel="3" view="matrix"></wasmconv-figure>`);
  const { page, fromPackage, problems, fail } = await openPost(t, { viewport: { width: 1000, height: 6000 } });
  try {
    await page.goto(url);
    for (const id of ['arith', 'up', 'matrix']) await page.waitForSelector(`#${id}[data-state="ready"]`);
    // Real content, computed by the module from the CDN.
    assert.equal(await outputSize(page, 'arith'), '11x11');
    assert.match(await shadowText(page, 'arith'), /floor\(\(25 \+ 0 \+ 0 − 1·\(5 − 1\) − 1\) \/ 2\) \+ 1 = 11/);
    assert.equal(await outputSize(page, 'up'), '4x4');
    const scatter = await page.$eval('#up', (el) => [...el.shadowRoot.querySelectorAll('[data-testid="scatter-output"] .cell')].length);
    assert.equal(scatter, 16);
    assert.equal(await page.$eval('#matrix', (el) => el.shadowRoot.querySelector('[data-testid="matrix"]').dataset.cols), '16');
    // The package's files: the module and one .wasm (no stylesheet: it is in the module).
    const urls = fromPackage.map((r) => r.url);
    assert.deepEqual(urls, [embedUrl(), `${cdn.url}wasmconv/dist/wasmconv-relaxed.wasm`]);
    assert.ok(urls.length <= 3);
    let jsGzip = 0;
    for (const { request } of fromPackage) {
      const response = await request.response();
      assert.equal(response.status(), 200, request.url());
      const type = response.headers()['content-type'];
      if (/javascript/.test(type)) jsGzip += gzipSync(await response.body(), { level: 9 }).length;
      if (request.url().endsWith('.wasm')) assert.equal(type, 'application/wasm');
    }
    t.diagnostic(`JavaScript from the package: ${(jsGzip / 1024).toFixed(1)} KB gzip`);
    assert.ok(jsGzip > 0 && jsGzip <= 40 * 1024, `${jsGzip} bytes gzip of JavaScript`);
    // Compiled while streaming, from the Response of the one fetch; never from bytes.
    assert.deepEqual(await page.evaluate(() => window.wasmCompileCalls), {
      compileStreaming: [`${cdn.url}wasmconv/dist/wasmconv-relaxed.wasm`],
      compile: 0,
    });
    // The package ships no playground: without playground-url there is no link.
    assert.equal(await page.$eval('#arith', (el) => el.shadowRoot.querySelectorAll('a').length), 0);
    assert.deepEqual(problems(), []);
  } catch (e) {
    await fail(e);
  } finally {
    await page.close();
  }
});

test('figures far below the fold: only the module loads until one nears the viewport', async (t) => {
  const url = post('far.html', `
<h1>A long post</h1>
<div style="height: 6000px">Text before the figures.</div>
<wasmconv-figure id="far1" input="5" kernel="3" view="mechanics"></wasmconv-figure>
<wasmconv-figure id="far2" input="6" kernel="3" stride="2" view="arithmetic"></wasmconv-figure>`);
  const { page, fromPackage, problems, fail } = await openPost(t, { viewport: { width: 900, height: 700 } });
  try {
    await page.goto(url);
    // Wait until the figures have been told they are out of view: an IntersectionObserver
    // created after the element is defined gets its first report after (or with) the
    // figures' own observers, and a figure that started loading says data-state="loading".
    const report = await page.evaluate(async () => {
      await customElements.whenDefined('wasmconv-figure');
      const figures = [...document.querySelectorAll('wasmconv-figure')];
      return new Promise((resolve) => {
        const observer = new IntersectionObserver((entries) => {
          observer.disconnect();
          resolve({ intersecting: entries.map((e) => e.isIntersecting), states: figures.map((f) => f.dataset.state) });
        });
        figures.forEach((f) => observer.observe(f));
      });
    });
    assert.deepEqual(report, { intersecting: [false, false], states: ['waiting', 'waiting'] });
    assert.deepEqual(fromPackage.map((r) => r.url), [embedUrl()], 'nothing but the module before a figure nears the viewport');
    await page.$eval('#far1', (el) => el.scrollIntoView());
    await page.waitForSelector('#far1[data-state="ready"]');
    assert.equal(await outputSize(page, 'far1'), '3x3');
    await page.$eval('#far2', (el) => el.scrollIntoView());
    await page.waitForSelector('#far2[data-state="ready"]');
    assert.equal(await outputSize(page, 'far2'), '2x2');
    assert.deepEqual(fromPackage.map((r) => r.url), [embedUrl(), `${cdn.url}wasmconv/dist/wasmconv-relaxed.wasm`]);
    assert.deepEqual(problems(), []);
  } catch (e) {
    await fail(e);
  } finally {
    await page.close();
  }
});

// The iframe form from the same static copy: dist/embed.html on the CDN's origin, hosted by
// the host script of docs/embedding.md (which sizes the iframe and tells it the page's
// background). (Styles set from a script, not a style attribute, which style-src 'self'
// would block.)
const FRAME_SCRIPT = `Object.assign(document.getElementById('frame').style, { width: '100%', border: '0' });
${hostScript()}`;

// The frame's page took the host's background (the posts paint none: white), across origins.
const tookBackground = (frame) => frame.waitForFunction(() => getComputedStyle(document.documentElement).backgroundColor === 'rgb(255, 255, 255)');

async function checkFrame(t, url, { violations }) {
  const { page, fromPackage, problems, fail } = await openPost(t);
  const seen = [];
  page.on('console', (m) => /Content Security Policy|Content-Security-Policy/i.test(m.text()) && seen.push(m.text()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 100);
    const frame = page.frame({ url: /embed\.html/ });
    await frame.waitForSelector('wasmconv-figure[data-state="ready"]');
    await tookBackground(frame);
    assert.match(await frame.$eval('wasmconv-figure', (el) => el.shadowRoot.textContent), /floor\(\(25 \+ 0 \+ 0 − 1·\(5 − 1\) − 1\) \/ 2\) \+ 1 = 11/);
    // The iframe ends up exactly as tall as the frame page's content (it can shrink too).
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.waitForFunction((h) => parseFloat(document.getElementById('frame').style.height) === h, content);
    // The frame's page, its script, the module and the .wasm.
    assert.deepEqual(fromPackage.map((r) => new URL(r.url).pathname), ['/wasmconv/dist/embed.html', '/wasmconv/dist/embed-frame.js',
      '/wasmconv/dist/embed.js', '/wasmconv/dist/wasmconv-relaxed.wasm']);
    assert.deepEqual(seen, violations);
    assert.deepEqual(problems(), []);
  } catch (e) {
    await fail(e);
  } finally {
    await page.close();
  }
}

test('the iframe form from the static copy of the package: dist/embed.html on another origin sizes itself', async (t) => {
  writeFileSync(join(dir, 'site', 'frame-host.js'), FRAME_SCRIPT);
  const url = post('frame.html', `<p>An iframe:</p>
<iframe id="frame" title="Output size arithmetic" style="width: 100%; border: 0"
  src="${cdn.url}wasmconv/dist/embed.html?input=25&amp;kernel=5&amp;stride=2&amp;view=arithmetic"></iframe>
<script src="frame-host.js"></script>`, { script: false });
  await checkFrame(t, url, { violations: [] });
});

// A strict policy on both origins: no 'unsafe-inline', no 'unsafe-eval'; only
// 'wasm-unsafe-eval', which compiling any WebAssembly needs.
test('both forms under a strict Content-Security-Policy (no unsafe-inline, no unsafe-eval)', async (t) => {
  const strict = (extra) => `default-src 'self'; script-src 'self' ${extra} 'wasm-unsafe-eval'; connect-src 'self' ${extra}; style-src 'self'; img-src 'self' data: blob:; frame-src ${extra || "'none'"}`;
  const strictCdn = await serve({ root: join(app, 'node_modules'), port: 0,
    headers: { 'Access-Control-Allow-Origin': '*', 'Content-Security-Policy': strict('') } });
  const saved = cdn;
  cdn = strictCdn;
  const strictSite = await serve({ root: join(dir, 'site'), port: 0, headers: { 'Content-Security-Policy': strict(cdnOrigin()) } });
  try {
    const url = post('strict.html', `<wasmconv-figure id="strict" mode="transposed" input="3" kernel="3" stride="2" view="mechanics" controls></wasmconv-figure>
<iframe id="frame" title="Output size arithmetic"
  src="${cdn.url}wasmconv/dist/embed.html?input=25&amp;kernel=5&amp;stride=2&amp;view=arithmetic"></iframe>
<script src="frame-host.js"></script>`, { server: strictSite });
    writeFileSync(join(dir, 'site', 'frame-host.js'), FRAME_SCRIPT);
    const { page, problems, fail } = await openPost(t, { viewport: { width: 1000, height: 3000 }, origin: strictSite.url });
    const seen = [];
    page.on('console', (m) => /Content Security Policy|Content-Security-Policy/i.test(m.text()) && seen.push(m.text()));
    try {
      const response = await page.goto(url);
      assert.match(response.headers()['content-security-policy'], /script-src 'self' http:\/\/127\.0\.0\.1:\d+ 'wasm-unsafe-eval'/);
      await page.waitForSelector('#strict[data-state="ready"]');
      assert.equal(await outputSize(page, 'strict'), '7x7');
      // The constructed stylesheets applied: a kernel cell has the kernel colour, not the default.
      const kernel = await page.$eval('#strict', (el) => getComputedStyle(el.shadowRoot.querySelector('.grid.kernel .cell')).backgroundColor);
      assert.match(kernel, /^rgb\((245, 158, 11|180, 83, 9)\)$/);
      await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 100);
      const frame = page.frame({ url: /embed\.html/ });
      await frame.waitForSelector('wasmconv-figure[data-state="ready"]');
      assert.match(await frame.$eval('wasmconv-figure', (el) => el.shadowRoot.textContent), /= 11/);
      await tookBackground(frame);
      assert.deepEqual(seen, []);
      assert.deepEqual(problems(), []);
    } catch (e) {
      await fail(e);
    } finally {
      await page.close();
    }
  } finally {
    cdn = saved;
    strictCdn.server.close();
    strictSite.server.close();
  }
});

// A site built with a bundler: `import 'wasmconv/embed'` must survive tree shaking (the
// package lists dist/embed.js among its sideEffects) and Vite emits the .wasm it names.
test("import 'wasmconv/embed' in a Vite app registers <wasmconv-figure>, which renders", async (t) => {
  const viteApp = join(app, 'vite-embed');
  mkdirSync(join(viteApp, 'src'), { recursive: true });
  writeFileSync(join(viteApp, 'src', 'main.js'), "import 'wasmconv/embed';\n");
  writeFileSync(join(viteApp, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite</title>
<script type="module" src="/src/main.js"></script>
<wasmconv-figure id="vite" input="6" kernel="3" view="arithmetic"></wasmconv-figure>`);
  await build({ root: viteApp, logLevel: 'error', build: { outDir: join(viteApp, 'dist'), emptyOutDir: true, target: 'es2022' } });
  const built = await serve({ root: join(viteApp, 'dist'), port: 0 });
  const { page, problems } = await openPage(browser.context, built.url);
  try {
    await page.goto(built.url);
    await page.waitForSelector('#vite[data-state="ready"]');
    assert.equal(await outputSize(page, 'vite'), '4x4');
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'vite-embed')}`);
    throw e;
  } finally {
    await page.close();
    built.server.close();
  }
});

test('the files the writer copies: dist/embed.html loads only its own script, which imports ./embed.js', () => {
  const pkg = join(app, 'node_modules', 'wasmconv');
  const html = readFileSync(join(pkg, 'dist', 'embed.html'), 'utf8');
  assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="embed-frame.js">']);
  assert.doesNotMatch(html.replace(/<!--.*?-->/gs, ''), /<style|style=/);
  assert.match(readFileSync(join(pkg, 'dist', 'embed-frame.js'), 'utf8'), /from"\.\/embed\.js"/);
});
