// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench -- --browser`: serves the repository and the build tree on 127.0.0.1
// (scripts/serve.mjs, a free port, from a temporary folder linking to both, so that
// WASMCONV_BUILD_ROOT may point anywhere), opens bench/page.html in headless Chromium
// (launched as the browser tests launch it), prints the page's lines as they come and
// resolves to its results. Any page error, console error, failed request or request
// leaving the origin fails the run.
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

import { serve } from '../scripts/serve.mjs';
import { repoRoot } from '../tests/js/support/paths.mjs';
import { launch, openPage } from '../tests/browser/support/browser.mjs';

const buildRoot = resolve(process.env.WASMCONV_BUILD_ROOT ?? join(repoRoot, 'build'));

export async function runInBrowser({ only, minMs, shapesFile }) {
  const root = realpathSync(repoRoot);
  const shapesPath = relative(root, realpathSync(shapesFile));
  if (shapesPath.startsWith('..')) throw new Error(`--shapes ${shapesFile}: the browser mode serves only files inside ${repoRoot}`);
  const probe = join(buildRoot, 'wasm-simd', 'bench', 'peak_muladd.mjs');
  if (!existsSync(probe)) throw new Error(`${probe} is missing: build it with bash scripts/build-peak.sh (npm run bench does)`);
  const site = mkdtempSync(join(tmpdir(), 'wasmconv-bench-'));
  let server;
  let browser;
  try {
    symlinkSync(repoRoot, join(site, 'repo'), 'dir');
    symlinkSync(buildRoot, join(site, 'build'), 'dir');
    server = await serve({ root: site, port: 0, allowedLinks: [root, realpathSync(buildRoot)] });
    browser = await launch();
    const { page, problems } = await openPage(browser.context, server.url);
    page.on('console', (m) => {
      if (m.type() === 'log') console.log(m.text());
      else console.error(`[page ${m.type()}] ${m.text()}`);
    });
    const query = new URLSearchParams({
      shapes: `/repo/${shapesPath.split(sep).join('/')}`, probe: '/build/wasm-simd/bench/', minMs: String(minMs),
      environment: `Chromium ${browser.context.browser()?.version() ?? ''} headless`.replace('  ', ' '),
      ...(only ? { only: only.join(',') } : {}),
    });
    await page.goto(`${server.url}repo/bench/page.html?${query}`);
    const started = await page.evaluate(() => window.benchmark !== undefined);
    if (!started) throw new Error(`the benchmark page did not start:\n${problems.join('\n')}`);
    const results = await page.evaluate(() => window.benchmark);
    if (problems.length) throw new Error(`the benchmark page had problems:\n${problems.join('\n')}`);
    return results;
  } finally {
    await browser?.close();
    server?.server.close();
    rmSync(site, { recursive: true, force: true });
  }
}
