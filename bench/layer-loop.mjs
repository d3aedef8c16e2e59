// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A kernel developer's probe of where a setting's time goes beside the benchmark's round
// robin: one wasmconv layer on a shape of bench/shapes.txt (or one given with `--shape`,
// a line in that file's format), called back to back (caches warm, as in a loop of one
// layer) or with `--flush MB` megabytes written between calls (every cache cold, as after
// other work), with its output into a reused array (copied out of wasm memory, as `npm run
// bench` times it) and into a wasm tensor (no copy), the two alternating. Prints median ms
// and GFLOP/s (2 x dense MACs / time) per variant.
//
// `--probe` also times the mul+add peak probe (peak.mjs) in every round and prints, per
// variant and for the probe, the spread of the rounds' GFLOP/s and how the variants' rounds
// correlate with the probe's: a layer whose data stays in L2 that still swings while the
// probe holds is slowed by something that touches only code with loads (on this project's
// shared machine, its other tenants), not by memory traffic of its own.
//
// `--browser` runs the same loop (bench/layer-loop-core.mjs) in a page of headless
// Chromium (bench/browser.mjs), whose V8 is newer than Node's.
//
//   node bench/layer-loop.mjs --only C5,T3 [--flush 300] [--rounds 40] [--shapes bench/shapes.txt]
//   node bench/layer-loop.mjs --shape "R1 convT in=128x16x16 out=64 k=2 s=2" --probe --rounds 120
//   node bench/layer-loop.mjs --only C5,T3 --probe --browser
import { resolve } from 'node:path';

import { numberArg, readShapeList, runCli, UsageError } from './cli.mjs';
import { parseShapes } from './shapes.mjs';

const usage = `usage: node bench/layer-loop.mjs [options]
  --only C5,T3     these ids of the shape list (default: all of them)
  --shapes FILE    the shape list (bench/shapes.txt)
  --shape "LINE"   one setting of one's own, a line in the shape list's format
  --rounds N       calls timed per variant (40)
  --flush MB       megabytes written between calls, every cache cold (0: caches warm)
  --probe          time the mul+add peak probe in the same rounds
  --browser        run the loop in headless Chromium
  --help           this text`;

const flags = { '--only': 'C5,T3', '--shapes': 'FILE', '--shape': '"LINE"', '--rounds': 'N', '--flush': 'MB', '--probe': null,
  '--browser': null };

await runCli({ name: 'layer-loop', usage, flags }, async (args) => {
  const only = args['--only']?.split(',') ?? null;
  const rounds = numberArg('--rounds', args['--rounds'], 40, { min: 1, integer: true });
  const flushMb = numberArg('--flush', args['--flush'], 0);
  if (args['--shape'] !== undefined && (only || args['--shapes'] !== undefined)) {
    throw new UsageError('--shape times the one setting it gives: leave out --only and --shapes');
  }
  const shapesText = args['--shape'] ??
    (await readShapeList(resolve(args['--shapes'] ?? new URL('./shapes.txt', import.meta.url).pathname)));
  const settings = parseShapes(shapesText, only);
  if (!settings.length) throw new UsageError('no setting to time: the shape list is empty');
  const withProbe = args['--probe'] === true;
  if (args['--browser']) {
    const { runLayerLoopInBrowser } = await import('./browser.mjs');
    await runLayerLoopInBrowser({ settings, rounds, flushMb, probe: withProbe });
  } else {
    const [{ load }, { loadPeakProbe }, { runLayerLoop }] = await Promise.all([
      import('../bindings/js/node.js'), import('./peak.mjs'), import('./layer-loop-core.mjs')]);
    runLayerLoop({ wc: await load({ simd: true, threads: 1 }), probe: withProbe ? await loadPeakProbe() : null, settings, rounds, flushMb,
      log: console.log });
  }
});
