// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The module runs under a strict Content-Security-Policy: no 'unsafe-eval' and no
// 'unsafe-inline', only 'wasm-unsafe-eval' (which compiling any WebAssembly needs). The
// glue is built with -sDYNAMIC_EXECUTION=0, so Embind never calls eval or new Function.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, launch, openPage } from './support/browser.mjs';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

// Without 'wasm-unsafe-eval' the browser must refuse to compile the module: this shows
// the policy is enforced, so the passing case above proves something.
const NO_WASM_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:";

let server;
let noWasmServer;
let browser;
before(async () => {
  server = await serve({ root: repoRoot, port: 0, headers: { 'Content-Security-Policy': STRICT_CSP } });
  noWasmServer = await serve({ root: repoRoot, port: 0, headers: { 'Content-Security-Policy': NO_WASM_CSP } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
  noWasmServer?.server.close();
});

test(`the playground works under "${STRICT_CSP}"`, async (t) => {
  await checkedPage(t, browser.context, server.url, async ({ page }) => {
    const violations = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    const response = await page.goto(`${server.url}web/`);
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.getAttribute('[data-testid="output-size"]', 'data-value'), '3x3');
    // The image view's module worker loads and computes under the same policy.
    await page.goto(`${server.url}web/?view=image`);
    await page.waitForFunction(() => document.getElementById('timing').dataset.state === 'done');
    assert.deepEqual(violations, []);
  });
});

test('without wasm-unsafe-eval the same page cannot compile WebAssembly (the policy is enforced)', async () => {
  const { page } = await openPage(browser.context, noWasmServer.url);
  try {
    await page.goto(`${noWasmServer.url}web/`);
    await page.waitForFunction(() => /Could not load/.test(document.getElementById('build').textContent));
  } finally {
    await page.close();
  }
});

// The page's message, not just that loading failed: load() recognises the browser's CSP
// refusal and names the missing source expression and the directive it belongs in.
test("without wasm-unsafe-eval the load error names 'wasm-unsafe-eval' and script-src", async () => {
  const { page } = await openPage(browser.context, noWasmServer.url);
  try {
    await page.goto(`${noWasmServer.url}web/`);
    // The playground replaces "Loading the module…" with the build it runs or the load error.
    await page.waitForFunction(() => !/^Loading/.test(document.getElementById('build').textContent));
    const text = await page.textContent('#build');
    assert.match(text, /^Could not load the module: load: could not instantiate wasmconv-\w+\.wasm: the page's Content-Security-Policy does not allow compiling WebAssembly/);
    assert.match(text, /Add 'wasm-unsafe-eval' to the policy's script-src directive/);
  } finally {
    await page.close();
  }
});
