// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The browser modes of the benchmarks. `npm run bench -- --browser` (runInBrowser) and
// `node bench/layer-loop.mjs --browser` (runLayerLoopInBrowser) serve the repository and
// the build tree on 127.0.0.1 (scripts/serve.mjs, a free port, from a temporary folder
// linking to both, so that WASMCONV_BUILD_ROOT may point anywhere), open their page
// (bench/page.html, bench/layer-loop.html) in headless Chromium (launched as the browser
// tests launch it), print the page's lines as they come and resolve to its results. Any
// page error, console error, failed request or request leaving the origin fails the run.
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

import { ISOLATION_HEADERS, serve } from '../scripts/serve.mjs';
import { repoRoot } from '../tests/js/support/paths.mjs';
import { launch, openPage } from '../tests/browser/support/browser.mjs';
import { UsageError } from './cli.mjs';
import { probeBuildFolder } from './peak.mjs';

const buildRoot = resolve(process.env.WASMCONV_BUILD_ROOT ?? join(repoRoot, 'build'));
// Where the page finds the peak probe (served from the build tree).
const PROBE_FOLDER = '/build/wasm-simd/bench/';

// Opens `pagePath` (relative to the repository) with `params` and `environment` (the
// browser's name) in its query and resolves to the page's `window.benchmark`. `headers`
// go with every file served.
async function runPage(pagePath, params, { headers = {} } = {}) {
  const root = realpathSync(repoRoot);
  const site = mkdtempSync(join(tmpdir(), 'wasmconv-bench-'));
  let server;
  let browser;
  try {
    symlinkSync(repoRoot, join(site, 'repo'), 'dir');
    symlinkSync(buildRoot, join(site, 'build'), 'dir');
    // node_modules may be a link out of the checkout (a git worktree sharing another's).
    const modules = realpathSync(join(repoRoot, 'node_modules'));
    server = await serve({ root: site, port: 0, allowedLinks: [root, realpathSync(buildRoot), modules], headers });
    browser = await launch();
    const { page, problems } = await openPage(browser.context, server.url);
    page.on('console', (m) => {
      if (m.type() === 'log') console.log(m.text());
      else console.error(`[page ${m.type()}] ${m.text()}`);
    });
    const query = new URLSearchParams({
      ...params,
      environment: `Chromium ${browser.context.browser()?.version() ?? ''} headless`.replace('  ', ' '),
    });
    await page.goto(`${server.url}repo/${pagePath}?${query}`);
    const started = await page.evaluate(() => window.benchmark !== undefined);
    if (!started) throw new Error(`the page ${pagePath} did not start:\n${problems.join('\n')}`);
    const results = await page.evaluate(() => window.benchmark);
    if (problems.length) throw new Error(`the page ${pagePath} had problems:\n${problems.join('\n')}`);
    return results;
  } finally {
    await browser?.close();
    server?.server.close();
    rmSync(site, { recursive: true, force: true });
  }
}

/**
 * The benchmark in the page: on the shape list `shapesFile` (served), or on the layer
 * suites `suites` ([{ name }], which the page fetches from bench/suites/ itself), or on
 * the random draw `random` ({ count, seed }, which the page draws again from the seed).
 * `threads` > 1 is the threaded run, on a page served with COOP/COEP (ISOLATION_HEADERS),
 * cross-origin isolated so that wasmconv's and the peers' threads can run; the
 * single-threaded run's page is served as before, without them.
 */
export async function runInBrowser({ only, minMs, warm, build = 'auto', shapesFile, suites = null, random = null, threads = 1 }) {
  const what = {};
  if (suites) what.suites = suites.map((s) => s.name).join(',');
  else if (random) Object.assign(what, { random: String(random.count), seed: String(random.seed) });
  else {
    const root = realpathSync(repoRoot);
    const shapesPath = relative(root, realpathSync(shapesFile));
    if (shapesPath.startsWith('..')) throw new UsageError(`--shapes ${shapesFile}: the browser mode serves only files inside ${repoRoot}`);
    what.shapes = `/repo/${shapesPath.split(sep).join('/')}`;
  }
  await probeBuildFolder(); // fails before Chromium is launched when the probe is not built
  return runPage('bench/page.html', {
    ...what, probe: PROBE_FOLDER, minMs: String(minMs),
    ...(only ? { only: only.join(',') } : {}),
    ...(warm ? { warm: '1' } : {}),
    ...(threads > 1 ? { threads: String(threads) } : {}),
    build,
  }, threads > 1 ? { headers: ISOLATION_HEADERS } : {});
}

/**
 * The layer loop (bench/layer-loop-core.mjs) on `settings` (parsed shape lines) in a page
 * that is cross-origin isolated, whose clock Chromium then ticks in microseconds, not in
 * the 0.1 ms steps that would round a 1 ms call (the benchmark page batches calls instead;
 * here every sample must be one call, so that a flush can precede each).
 */
export async function runLayerLoopInBrowser({ settings, rounds, flushMb, probe }) {
  if (probe) await probeBuildFolder();
  return runPage('bench/layer-loop.html', {
    settings: JSON.stringify(settings), rounds: String(rounds), flush: String(flushMb), ...(probe ? { probe: PROBE_FOLDER } : {}),
  }, { headers: ISOLATION_HEADERS });
}
