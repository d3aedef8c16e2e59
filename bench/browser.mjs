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
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
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

// The CPU time, in ms, of every process this one started, and their children's: the
// browser's processes, with the page's renderer and its workers (Linux: /proc, whose
// times are in ticks of 10 ms; USER_HZ is 100 on Linux). null where there is no /proc.
function childrenCpuTime() {
  if (!existsSync('/proc/self/stat')) return null;
  const processes = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // After the command's name in parentheses: state, ppid, ..., utime (14th field), stime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.push({ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
    }
  }
  return processes.filter((p) => p.pid !== process.pid && ours.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) * 10;
}

// Opens `pagePath` (relative to the repository) with `params` and `environment` (the
// browser's name) in its query and resolves to the page's `window.benchmark`. `headers`
// go with every file served. With `cpuTime`, the page gets `window.benchCpuTime()`, which
// resolves to the browser's CPU time in ms (childrenCpuTime), where this system has it.
async function runPage(pagePath, params, { headers = {}, cpuTime = false } = {}) {
  const root = realpathSync(repoRoot);
  const site = mkdtempSync(join(tmpdir(), 'wasmconv-bench-'));
  let server;
  let browser;
  try {
    symlinkSync(repoRoot, join(site, 'repo'), 'dir');
    // The build tree holds the peak probe; --networks needs none, so a checkout with only
    // dist/ built runs it too.
    const built = existsSync(buildRoot);
    if (built) symlinkSync(buildRoot, join(site, 'build'), 'dir');
    // node_modules may be a link out of the checkout (a git worktree sharing another's).
    const modules = realpathSync(join(repoRoot, 'node_modules'));
    server = await serve({ root: site, port: 0, allowedLinks: [root, ...(built ? [realpathSync(buildRoot)] : []), modules], headers });
    browser = await launch();
    const { page, problems } = await openPage(browser.context, server.url);
    if (cpuTime && childrenCpuTime() !== null) await page.exposeFunction('benchCpuTime', childrenCpuTime);
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
 * cross-origin isolated so that wasmconv's and the peers' threads can run, and able to read
 * the browser's CPU time (runPage's `cpuTime`); the single-threaded run's page is served as
 * before, without them. `epilogue` runs the epilogue benchmark (bench/epilogue.mjs) instead,
 * which needs no probe.
 */
export async function runInBrowser({ only, minMs, runs = 1, warm, build = 'auto', shapesFile, suites = null, random = null, threads = 1,
  layout = 'nchw', epilogue = false }) {
  const what = {};
  if (suites) what.suites = suites.map((s) => s.name).join(',');
  else if (random) Object.assign(what, { random: String(random.count), seed: String(random.seed) });
  else {
    const root = realpathSync(repoRoot);
    const shapesPath = relative(root, realpathSync(shapesFile));
    if (shapesPath.startsWith('..')) throw new UsageError(`--shapes ${shapesFile}: the browser mode serves only files inside ${repoRoot}`);
    what.shapes = `/repo/${shapesPath.split(sep).join('/')}`;
  }
  // Fails before Chromium is launched when the probe is not built (--epilogue needs none).
  if (!epilogue) await probeBuildFolder();
  return runPage('bench/page.html', {
    ...what, ...(epilogue ? { epilogue: '1' } : { probe: PROBE_FOLDER }), minMs: String(minMs),
    ...(runs > 1 ? { runs: String(runs) } : {}),
    ...(only ? { only: only.join(',') } : {}),
    ...(warm ? { warm: '1' } : {}),
    ...(threads > 1 ? { threads: String(threads) } : {}),
    ...(layout !== 'nchw' ? { layout } : {}),
    build,
  }, threads > 1 ? { headers: ISOLATION_HEADERS, cpuTime: true } : {});
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

/**
 * --networks in the page (bench/networks.mjs through bench/page.mjs): `only` names networks;
 * `threads` > 1 serves the page cross-origin isolated, as the threaded layer benchmark does.
 */
export async function runNetworksInBrowser({ only, minMs, warm, build = 'auto', threads = 1 }) {
  return runPage('bench/page.html', {
    networks: '1', minMs: String(minMs), build,
    ...(only ? { only: only.join(',') } : {}),
    ...(warm ? { warm: '1' } : {}),
    ...(threads > 1 ? { threads: String(threads) } : {}),
  }, threads > 1 ? { headers: ISOLATION_HEADERS } : {});
}
