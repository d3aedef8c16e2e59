// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// load() in Chromium from places given by wasmPath / wasmUrl: relative and absolute
// spellings of one folder share one instance; a 404, a 503 and an HTML page in place of the
// .wasm fail with the URL, the status and what to do; a failure is not cached; a server
// sending the .wasm with another MIME type still works (compiled from the bytes instead of
// streaming). The page is served from a temporary folder linking the repository as
// ./wasmconv/, and always ends in a state the test waits for.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, launch, openPage } from './support/browser.mjs';

// The page runs one case (named in the query string) and writes { file, result } or
// { file, error } into #out, then sets data-state. `file` is the build load() picks here.
const MAIN = `import { load, relaxedSimdSupported } from './wasmconv/bindings/js/index.js';
const file = relaxedSimdSupported() ? 'wasmconv-relaxed.wasm' : 'wasmconv-simd.wasm';
const x = { data: Float32Array.from({ length: 16 }, (_, i) => i + 1), shape: [1, 1, 4, 4] };
const w = { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] };
const box = (wc) => Array.from(wc.conv2d(x, w).data);
const failure = (e) => ({ code: e.code, message: e.message });
const CASES = {
  async cache() {
    const first = await load({ wasmPath: 'wasmconv/dist' });
    const others = [
      await load({ wasmPath: 'wasmconv/dist/' }),
      await load({ wasmPath: '/wasmconv/dist/' }),
      await load({ wasmPath: new URL('wasmconv/dist', location.href) }),
      await load({ wasmUrl: 'wasmconv/dist/' + file }),
    ];
    const packaged = await load();
    return { arch: first.arch, box: box(first), same: others.map((o) => o === first),
      packaged: { separate: packaged !== first, again: (await load()) === packaged, box: box(packaged) } };
  },
  missing: () => load({ wasmPath: '/no-such-folder/' }),
  html: () => load({ wasmPath: '/html/' }),
  async octet() {
    return { box: box(await load({ wasmPath: '/octet/' })) };
  },
  async retry() {
    const first = await load({ wasmPath: '/flaky/' }).then(() => 'loaded', failure);
    return { first, box: box(await load({ wasmPath: '/flaky/' })) };
  },
};
const out = document.getElementById('out');
const name = new URLSearchParams(location.search).get('case');
Promise.resolve().then(() => CASES[name]()).then(
  (result) => { out.textContent = JSON.stringify({ file, result }); out.dataset.state = 'done'; },
  (e) => { out.textContent = JSON.stringify({ file, error: failure(e) }); out.dataset.state = 'failed'; },
);
`;

// Sums of each 3x3 window of 1..16 laid out 4x4, by hand, to compare with conv2d.
function boxSums() {
  const sums = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += (r + i) * 4 + c + j + 1;
      sums.push(s);
    }
  }
  return sums;
}

let dir;
let site;
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-load-page-'));
  symlinkSync(repoRoot, join(dir, 'wasmconv'), 'dir');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>load</title><pre id="out"></pre><script type="module" src="main.js"></script>');
  writeFileSync(join(dir, 'main.js'), MAIN);
  site = await serve({ root: dir, port: 0, allowedLinks: [repoRoot] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

// Opens ?case=<name> (after `prepare(page)`, which may route requests) and returns what the
// page wrote once it set data-state, which it always does (the context's default timeout
// only turns a hang into a failure).
async function run(page, name, prepare = async () => {}) {
  await prepare(page);
  await page.goto(`${site.url}?case=${name}`);
  await page.waitForSelector('#out[data-state]');
  return { state: await page.getAttribute('#out', 'data-state'), ...JSON.parse(await page.textContent('#out')) };
}

const wasmBytes = (file) => readFileSync(join(repoRoot, 'dist', file));

test('one instance per build and folder, however wasmPath / wasmUrl spell it; the package\'s own files another', async (t) => {
  await checkedPage(t, browser.context, site.url, async ({ page }) => {
    const { state, result, error } = await run(page, 'cache');
    assert.equal(state, 'done', JSON.stringify(error));
    assert.deepEqual(result.same, [true, true, true, true]);
    assert.deepEqual(result.box, boxSums());
    assert.deepEqual(result.packaged, { separate: true, again: true, box: boxSums() });
  });
});

test('a 404: the error names the URL, the status and the options that fix it', async () => {
  const { page } = await openPage(browser.context, site.url);
  try {
    const { state, file, error } = await run(page, 'missing');
    assert.equal(state, 'failed');
    assert.equal(error.code, 'load_failed');
    assert.ok(error.message.includes(`could not instantiate ${file}: fetching ${site.url}no-such-folder/${file} gave HTTP 404 Not Found`), error.message);
    for (const fix of ['wasmPath', 'wasmUrl', 'wasmBinary', 'application/wasm']) assert.ok(error.message.includes(fix), `${fix} in ${error.message}`);
    assert.doesNotMatch(error.message, /Aborted/);
  } finally {
    await page.close();
  }
});

test('an HTML page served in place of the .wasm: the error says it is not WebAssembly and what the server sent', async () => {
  const { page } = await openPage(browser.context, site.url);
  try {
    const { state, file, error } = await run(page, 'html', (p) => p.route('**/html/*.wasm', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>app</title>' })));
    assert.equal(state, 'failed');
    assert.ok(error.message.includes(`${site.url}html/${file} (served as text/html; charset=utf-8) is not WebAssembly`), error.message);
    assert.match(error.message, /beginning "<!doctype html>/);
    assert.match(error.message, /HTML page/);
  } finally {
    await page.close();
  }
});

test('a .wasm served as application/octet-stream still loads (compiled from the bytes)', async (t) => {
  await checkedPage(t, browser.context, site.url, async ({ page }) => {
    const types = [];
    const { state, result, error } = await run(page, 'octet', (p) => p.route('**/octet/*.wasm', (route) => {
      const file = new URL(route.request().url()).pathname.split('/').pop();
      types.push(file);
      return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: wasmBytes(file) });
    }));
    assert.equal(state, 'done', JSON.stringify(error));
    assert.equal(types.length, 1);
    assert.deepEqual(result.box, boxSums());
  });
});

test('a failed load is not cached: after a 503 the same wasmPath loads', async () => {
  const { page } = await openPage(browser.context, site.url);
  try {
    let calls = 0;
    const { state, file, result, error } = await run(page, 'retry', (p) => p.route('**/flaky/*.wasm', (route) => {
      calls += 1;
      if (calls === 1) return route.fulfill({ status: 503, contentType: 'text/plain', body: 'busy' });
      const name = new URL(route.request().url()).pathname.split('/').pop();
      return route.fulfill({ status: 200, contentType: 'application/wasm', body: wasmBytes(name) });
    }));
    assert.equal(state, 'done', JSON.stringify(error));
    assert.equal(calls, 2);
    assert.equal(result.first.code, 'load_failed');
    assert.ok(result.first.message.includes(`fetching ${site.url}flaky/${file} gave HTTP 503 Service Unavailable`), result.first.message);
    assert.deepEqual(result.box, boxSums());
  } finally {
    await page.close();
  }
});
