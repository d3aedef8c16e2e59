// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run build:site` (scripts/build-site.mjs) in headless Chromium: the script writes a
// folder into a temporary directory, a plain static host (support/static-host.mjs: MIME
// types only, no special header, knows nothing of the repository) serves it under a
// sub-path, as a project site is, and from that copy the landing page links to every
// page, the playground computes (on the page and in the image view's worker), each example
// post renders all its figures and its iframe, and the iframe form works on a blog at
// another origin. On every page: no console error, no failed or 4xx request, and every
// request goes to the folder's own URL (nothing in it is fetched from outside it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { repoRoot } from '../js/support/paths.mjs';
import { launch, screenshot } from './support/browser.mjs';
import { hostScript } from './support/embed-host.mjs';
import { staticHost } from './support/static-host.mjs';

const run = promisify(execFile);
const buildSite = (...args) => run(process.execPath, [join(repoRoot, 'scripts', 'build-site.mjs'), ...args], { cwd: repoRoot });

let dir;
let out;
let built;
let site;
let blog;
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-site-'));
  out = join(dir, 'site');
  built = await buildSite('--out', out);
  site = await staticHost(out, { prefix: '/blog/wasmconv/' });
  // A blog on another origin whose post embeds the site's iframe page, with the host script of docs/embedding.md.
  mkdirSync(join(dir, 'blog'));
  writeFileSync(join(dir, 'blog', 'post.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A post</title><link rel="icon" href="data:,">
<style>body { background: #111; color: #eee; font-family: serif; } iframe { width: 100%; border: 0; }</style></head>
<body><p>A dark blog, embedding the figure from the static site.</p>
<iframe id="frame" title="Output size arithmetic" src="${site.url}dist/embed.html?input=25&amp;kernel=5&amp;stride=2&amp;view=arithmetic"></iframe>
<script type="module">
${hostScript()}</script></body></html>
`);
  blog = await staticHost(join(dir, 'blog'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await blog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The folder's files, relative, '/'-separated.
function filesOf(folder, prefix = '') {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesOf(folder, path) : [path];
  });
}

/**
 * Opens a page, runs `body({ page, requests })`, then requires that no console error, page
 * error, failed request or 4xx/5xx response was seen, and that every request (of the page,
 * its frames and workers) went to one of `allowed` (URL prefixes; the site's by default).
 */
async function sitePage(t, body, { allowed = [site.url] } = {}) {
  const page = await browser.context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    requests.push(url);
    if (!allowed.some((prefix) => url.startsWith(prefix))) problems.push(`request outside ${allowed.join(' and ')}: ${url}`);
  });
  try {
    await body({ page, requests });
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, t.name.replace(/\W+/g, '-').slice(0, 80))}`);
    throw e;
  } finally {
    await page.close();
  }
}

// Waits until every <wasmconv-figure> of `frame` has rendered or failed; fails on any error.
async function figuresRendered(frame, count) {
  await frame.waitForFunction((n) => {
    const figures = [...document.querySelectorAll('wasmconv-figure')];
    return figures.length === n && figures.every((el) => el.dataset.state === 'ready' || el.dataset.state === 'error');
  }, count);
  const states = await frame.$$eval('wasmconv-figure', (els) => els.map((el) => `${el.id || 'figure'}: ${el.dataset.state}`));
  assert.deepEqual(states.filter((s) => !s.endsWith(': ready')), [], 'every figure renders');
}

test('npm run build:site writes a self-contained folder mirroring the repository and prints its size', async () => {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(scripts['build:site'], 'node scripts/build-site.mjs');
  const files = filesOf(out).filter((f) => f !== '.wasmconv-site');
  for (const file of ['index.html', 'web/index.html', 'web/style.css', 'web/playground.js', 'web/image/worker.js',
    'web/examples/blog-post.html', 'web/examples/narrow-post.html', 'bindings/js/index.js',
    'dist/embed.js', 'dist/embed.html', 'dist/embed-frame.js', 'LICENSE', 'THIRD_PARTY_NOTICES.md',
    ...['relaxed', 'simd', 'scalar'].flatMap((b) => [`dist/wasmconv-${b}.mjs`, `dist/wasmconv-${b}.wasm`])]) {
    assert.ok(files.includes(file), `${file} is missing from the site`);
  }
  // Every file of web/ and every example post; nothing of Node's or the types.
  for (const file of filesOf(join(repoRoot, 'web'), '')) assert.ok(files.includes(`web/${file}`), `web/${file} is missing`);
  assert.deepEqual(files.filter((f) => f.endsWith('.d.ts') || f === 'bindings/js/node.js'), []);
  // Real files, no links into the repository.
  assert.deepEqual(files.filter((f) => !lstatSync(join(out, f)).isFile()), []);
  // What it wrote, and the folder's size in bytes, which is the files' total.
  const bytes = files.reduce((sum, f) => sum + lstatSync(join(out, f)).size, 0);
  assert.match(built.stdout, new RegExp(`total: ${files.length} files, ${bytes} bytes \\(`), built.stdout);
  for (const group of ['web/examples/', 'web/', 'bindings/js/', 'dist/']) assert.match(built.stdout, new RegExp(`^  ${group} `, 'm'));
  // Run again, it replaces its own folder; it refuses a folder it did not write.
  writeFileSync(join(out, 'stale.txt'), 'left from an earlier build');
  await buildSite('--out', out);
  assert.deepEqual(filesOf(out).filter((f) => f !== '.wasmconv-site').sort(), [...files].sort());
  const foreign = join(dir, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  await assert.rejects(buildSite('--out', foreign), (e) => e.code === 2 && /not empty and was not written by this script/.test(e.stderr));
  assert.equal(readFileSync(join(foreign, 'notes.txt'), 'utf8'), 'mine');
});

test('the landing page links to the playground, each example post and the iframe form, all inside the folder', async (t) => {
  await sitePage(t, async ({ page }) => {
    await page.goto(site.url);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    const examples = filesOf(join(out, 'web', 'examples'));
    for (const wanted of [`${site.url}web/`, ...examples.map((f) => `${site.url}web/examples/${f}`)]) {
      assert.ok(links.includes(wanted), `the landing page links to ${wanted}`);
    }
    assert.ok(links.some((l) => l.startsWith(`${site.url}dist/embed.html?`)), 'the landing page links to the iframe form');
    for (const link of links) {
      assert.ok(link.startsWith(site.url), `${link} is outside the site`);
      const response = await page.request.get(link);
      assert.equal(response.status(), 200, link);
    }
  });
});

test('the playground computes from the static copy, on the page and in the image worker', async (t) => {
  await sitePage(t, async ({ page, requests }) => {
    await page.goto(`${site.url}web/`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.getAttribute('[data-testid="build"]', 'data-simd'), 'true');
    assert.equal(await page.getAttribute('[data-testid="output-size"]', 'data-value'), '3x3');
    assert.equal(await page.getAttribute('[data-testid="macs"]', 'data-value'), '81');
    assert.ok(requests.some((r) => r.startsWith(`${site.url}dist/`) && r.endsWith('.wasm')), 'the .wasm comes from the site');
    // The image view filters its first image in a module worker (web/image/worker.js).
    await page.goto(`${site.url}web/?view=image`);
    await page.waitForFunction(() => {
      const d = document.getElementById('timing').dataset;
      return d.requested !== undefined && d.completed === d.requested;
    });
    assert.equal(await page.getAttribute('#timing', 'data-state'), 'done', await page.textContent('#error'));
  });
});

for (const post of readdirSync(join(repoRoot, 'web', 'examples')).filter((f) => f.endsWith('.html'))) {
  test(`the example post ${post} renders its figures and its iframe from the static copy`, async (t) => {
    await sitePage(t, async ({ page, requests }) => {
      await page.setViewportSize({ width: 900, height: 12000 }); // every figure in view
      await page.goto(`${site.url}web/examples/${post}`);
      const count = await page.$$eval('wasmconv-figure', (els) => els.length);
      assert.ok(count > 0, 'the post has figures');
      await figuresRendered(page, count);
      const iframes = await page.$$('iframe');
      assert.ok(iframes.length > 0, 'the post has an iframe');
      for (const iframe of iframes) {
        assert.ok((await iframe.getAttribute('src')).includes('dist/embed.html'));
        await figuresRendered(await iframe.contentFrame(), 1);
        // The post's host script sized it from the frame's height message.
        await page.waitForFunction((el) => parseFloat(el.style.height) > 100, iframe);
      }
      assert.ok(requests.includes(`${site.url}dist/embed.js`), 'the embed module comes from the site');
      assert.ok(requests.some((r) => r.startsWith(`${site.url}dist/`) && r.endsWith('.wasm')), 'the .wasm comes from the site');
    });
  });
}

test('the iframe form from the static copy on a blog at another origin: sized, in the blog\'s theme', async (t) => {
  await sitePage(t, async ({ page, requests }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${blog.url}post.html`);
    const frame = await (await page.$('#frame')).contentFrame();
    await figuresRendered(frame, 1);
    assert.match(await frame.$eval('wasmconv-figure', (el) => el.shadowRoot.textContent), /floor\(\(25 \+ 0 \+ 0 − 1·\(5 − 1\) − 1\) \/ 2\) \+ 1 = 11/);
    await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 100);
    // The blog is dark while the OS is light: the figure follows the background the host sent.
    await frame.waitForFunction(() => document.querySelector('wasmconv-figure').dataset.theme === 'dark');
    // Besides the post itself, everything the frame loads comes from the site.
    assert.deepEqual(requests.filter((r) => !r.startsWith(site.url)), [`${blog.url}post.html`]);
  }, { allowed: [site.url, `${blog.url}post.html`] });
});
