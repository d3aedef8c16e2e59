// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench`: wasmconv (its SIMD and scalar builds) against the WebAssembly convolutions
// people use in browsers today, in one process, single-threaded, on bench/shapes.txt:
//   - XNNPACK, behind TensorFlow.js's WASM backend (@tensorflow/tfjs-backend-wasm, NHWC),
//   - MLAS, behind ONNX Runtime Web (onnxruntime-web, wasm execution provider, NCHW),
//   - a plain JavaScript loop.
// Every library gets its weights prepared once (a wasmconv layer, a tfjs tensor, an ORT
// session with the weights as initializers) and is timed as a user calls it. Every
// result is checked against wasmconv's C++ reference. GFLOP/s = 2 x dense MACs / time;
// times are medians after a warm-up (V8 tiers code up over the first calls), with the
// libraries timed round-robin so that a noisy machine slows them alike. By default each
// timed call meets the caches as the other libraries left them; --warm precedes each by an
// untimed call of the same library (caches warm, as in a loop of one layer).
// The benchmark itself is bench/core.mjs; this file picks where it runs: in this Node
// process (bench/node.mjs), or with --browser in a page of headless Chromium
// (bench/browser.mjs, bench/page.mjs).
//
// wasmconv's SIMD column is the relaxed-SIMD build (fused multiply-add) where the engine
// validates it, as load() picks; scripts/bench.sh runs Node 20 with the flag that enables it,
// and --build simd times the plain SIMD build instead.
//
// `--suite NAME` times the layer suites instead (bench/suites/: every distinct convolution
// of MobileNetV2, ResNet-18, a U-Net, the DCGAN generator or FSRCNN once, with how many
// times the network has it) and prints each network's sum of count x median ms per library;
// `--random N` times N shapes drawn from realistic ranges (bench/random.mjs, seeded: the
// seed is printed and `--seed S` draws the same shapes again) and prints the share at
// >= 1.0x the best peer and the worst three. The twelve shapes stay the default run.
//
// `--networks` times whole networks end to end instead (bench/networks.mjs: the example
// networks of examples/networks/, image in, image or logits out, in wasmconv, ORT Web and
// tfjs-backend-wasm, each peer's output checked against wasmconv's first) and prints the
// median ms per network and wasmconv's ratio to the best peer; `--only unet,dcgan` narrows
// it, `--list` prints the networks and their layers; with --browser in headless Chromium.
//
// `--runs N` makes N passes over the settings and then prints a table of the medians: each
// library's median time per setting over the passes, the ratios, network sums and summaries
// from these medians, and the range of the passes' own ratios against the best peer.
//
// `--threads N` (N > 1) is the threaded comparison: wasmconv loaded with load({ threads: N })
// and, in the same rounds, with threads: 1 (its scaling column; both again into a tensor
// output, no copy out: the kernel scaling column), against ORT Web with
// env.wasm.numThreads = N and tfjs-backend-wasm with setThreadsCount(N); the header and the
// column labels say how many threads each library really runs on (a peer that cannot run
// threads here runs on one, or not at all, and its error is printed), and a summary line
// follows the table. With --browser the page is served with COOP/COEP (cross-origin
// isolated), which threads need. The scalar build and the JS loop are left out.
//
// `--epilogue` times wasmconv alone instead: each setting's layer as a plain convolution and
// with relu, relu6, hardSwish and residual + relu in the same rounds (bench/epilogue.mjs), and
// prints each epilogue's extra time in % of the plain run's, then the median and worst over the
// settings against the 5% target; with --suite, --random, --runs, --threads and --browser.
//
// `--layout nhwc` also times wasmconv on channels-last data (layout: 'nhwc', input and output
// NHWC) in the same rounds as its NCHW run, and prints per setting its NHWC time over its NCHW
// time and its speed against XNNPACK (NHWC natively; ORT Web stays NCHW), then a summary.
//
//   node bench/run.mjs [--browser] [--warm] [--threads N] [--layout nchw|nhwc] [--epilogue] [--build auto|relaxed|simd] [--only C2,T1] [--min-ms 600] [--runs N]
//     [--shapes bench/shapes.txt | --suite mobilenetv2,resnet18,unet,dcgan,superres,all | --random N [--seed S] | --networks] [--list]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { relaxedSimdSupported } from '../bindings/js/load.js';
import { numberArg, readShapeList, runCli, UsageError } from './cli.mjs';
import { freshSeed } from './random.mjs';
import { relaxedOption } from './runners.mjs';
import { settingLabel } from './shapes.mjs';
import { layerGroups, SUITES, suiteNames, suiteUrl } from './suites.mjs';
import { NETWORKS } from './networks.mjs';

const usage = `usage: npm run bench -- [options]   (or: node bench/run.mjs [options])
  --browser        run in headless Chromium instead of this Node process
  --warm           precede every timed call by an untimed call of the same library
  --threads N      wasmconv on N threads (and on 1, for its scaling, also into a tensor: its kernel
                   scaling) against the peers asked for N threads; 1 (the default) is the
                   single-threaded comparison
  --layout L       nchw (the default) or nhwc: also time wasmconv with channels-last input and output,
                   in the same rounds, and print its NHWC time over its NCHW time and against XNNPACK
  --epilogue       time wasmconv alone, each setting as a plain convolution and with relu, relu6,
                   hardSwish and residual + relu in the same rounds, and print each one's extra time
                   in % of the plain run's, then the median and worst against the 5% target
                   (with --layout nhwc, on channels-last input, output and residual)
  --build B        wasmconv's SIMD build: auto (relaxed SIMD where the engine has it), relaxed or simd
  --only C2,T1     time only these ids (of the shape list, the suites or the random draw)
  --min-ms MS      timing per library and setting, after a warm-up of half as long (600)
  --runs N         N passes over every setting (1); after each pass's table, a table of each
                   library's median time per setting over the passes, with the ratios, network
                   sums and summaries taken from these medians and the range of the passes' ratios
  --shapes FILE    the shape list (bench/shapes.txt; its header gives the format)
  --suite NAME     time a network's layers instead, and print its sum of count x median ms per
                   library: ${SUITES.join(', ')}, several joined by commas, or all
  --random N       time N layer shapes drawn from realistic ranges (bench/random.mjs says which)
                   and print the share at >= 1.0x the best peer and the worst three
  --seed S         the seed of --random's draw (0 to 4294967295; by default a fresh one, printed)
  --networks       time whole networks end to end instead (examples/networks/: image in, image
                   or logits out, conversions included), each engine's output checked against
                   wasmconv's, and print median ms per network and the ratio to the best peer;
                   --only names networks (${NETWORKS.map((n) => n.name).join(', ')})
  --list           print the settings that would be timed and stop
  --help           this text`;

const flags = { '--browser': null, '--warm': null, '--threads': 'N', '--layout': 'L', '--epilogue': null, '--build': 'B', '--only': 'C2,T1', '--min-ms': 'MS', '--runs': 'N', '--shapes': 'FILE',
  '--suite': 'NAME', '--random': 'N', '--seed': 'S', '--networks': null, '--list': null };

// Node reads a suite's file itself (the page fetches it).
function readSuite(name) {
  return readFileSync(suiteUrl(name), 'utf8');
}

await runCli({ name: 'bench', usage, flags }, async (args) => {
  const given = ['--shapes', '--suite', '--random', '--networks'].filter((f) => args[f] !== undefined);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} each choose what is timed: give one of them`);
  if (args['--seed'] !== undefined && args['--random'] === undefined) throw new UsageError('--seed goes with --random N');
  const layout = args['--layout'] ?? 'nchw';
  if (layout !== 'nchw' && layout !== 'nhwc') throw new UsageError(`--layout must be nchw or nhwc, got ${layout}`);
  if (args['--networks'] && args['--layout'] !== undefined) throw new UsageError('--layout goes with the layer runs, not --networks');
  if (args['--networks'] && args['--runs'] !== undefined) throw new UsageError('--runs goes with the layer runs, not --networks');
  if (args['--epilogue'] && args['--networks']) throw new UsageError('--epilogue goes with the layer runs, not --networks');
  if (args['--networks']) return networksRun(args);
  const shapesFile = resolve(args['--shapes'] ?? new URL('./shapes.txt', import.meta.url).pathname);
  const suiteList = args['--suite'] === undefined ? null : suiteNames(args['--suite']);
  const draw = args['--random'] === undefined ? null : {
    count: numberArg('--random', args['--random'], undefined, { min: 1, integer: true }),
    seed: numberArg('--seed', args['--seed'], freshSeed(), { min: 0, integer: true }),
  };
  const threads = numberArg('--threads', args['--threads'], 1, { min: 1, integer: true });
  if (threads > 64) throw new UsageError(`--threads must be an integer from 1 to 64 (what load() accepts), got ${args['--threads']}`);
  if (draw && draw.seed > 4294967295) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got ${args['--seed']}`);
  if (layout === 'nhwc' && threads > 1) throw new UsageError('--layout nhwc is a single-threaded comparison: leave out --threads');
  const options = {
    only: args['--only']?.split(',') ?? null,
    minMs: numberArg('--min-ms', args['--min-ms'], 600),
    runs: numberArg('--runs', args['--runs'], 1, { min: 1, integer: true }),
    warm: args['--warm'] === true,
    build: args['--build'] ?? 'auto',
    shapesFile, // the browser mode serves the file itself
    shapesText: suiteList || draw ? null : await readShapeList(shapesFile),
    suites: suiteList?.map((name) => ({ name, shapesText: readSuite(name) })) ?? null,
    random: draw,
    threads,
    layout,
    epilogue: args['--epilogue'] === true,
  };
  // Checked here, before the libraries load (and before scripts/bench.sh builds them).
  if (relaxedOption(options.build) === undefined) {
    throw new UsageError(`--build must be auto, relaxed or simd, got ${options.build}`);
  }
  if (options.build === 'relaxed' && !args['--browser'] && !relaxedSimdSupported()) {
    throw new UsageError('--build relaxed: this Node has no relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');
  }
  const groups = layerGroups(options);
  if (args['--list']) {
    if (draw) console.log(`# --random ${draw.count} --seed ${draw.seed}`);
    for (const g of groups) {
      if (g.network) console.log(`# ${g.network}: ${g.settings.reduce((n, s) => n + s.count, 0)} convolutions, ${g.settings.length} distinct layers`);
      for (const s of g.settings) console.log(`${s.id}  ${settingLabel(s)}${g.network ? `  x${s.count}` : ''}`);
    }
    return;
  }
  if (args['--browser']) {
    const { runInBrowser } = await import('./browser.mjs');
    await runInBrowser(options);
  } else {
    const { runInNode } = await import('./node.mjs');
    await runInNode(options);
  }
});

// --networks: its own options (--only names networks), checked before anything loads.
async function networksRun(args) {
  const { pickNetworks, inputShape } = await import('./networks.mjs');
  let networks;
  try {
    networks = pickNetworks(args['--only']?.split(',') ?? null);
  } catch (e) {
    throw new UsageError(`--only: ${e.message}`);
  }
  const threads = numberArg('--threads', args['--threads'], 1, { min: 1, integer: true });
  if (threads > 64) throw new UsageError(`--threads must be an integer from 1 to 64 (what load() accepts), got ${args['--threads']}`);
  const build = args['--build'] ?? 'auto';
  if (relaxedOption(build) === undefined) throw new UsageError(`--build must be auto, relaxed or simd, got ${build}`);
  if (build === 'relaxed' && !args['--browser'] && !relaxedSimdSupported()) {
    throw new UsageError('--build relaxed: this Node has no relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');
  }
  const minMs = numberArg('--min-ms', args['--min-ms'], 600);
  if (args['--list']) {
    // Each network's graph, recorded as the peers get it: its layers and residual adds. The
    // shapes need wasmconv loaded; before it is built (scripts/bench.sh checks the options
    // with --list first), only the names.
    const { load } = await import('../bindings/js/node.js');
    const { recordGraph } = await import('./net-graph.mjs');
    const wc = await Promise.resolve().then(() => load()).catch(() => null); // a sync throw too
    for (const spec of networks) {
      if (!wc) {
        console.log(`${spec.name}  ${spec.label}`);
        continue;
      }
      const g = recordGraph(wc, spec.make, inputShape(spec));
      const transposed = g.nodes.filter((n) => g.layers[n.layer].transposed).length;
      console.log(`${spec.name}  ${spec.label}: ${g.nodes.length} layers (${transposed} transposed), ` +
        `${g.nodes.filter((n) => n.residual !== null).length} residual adds, output [${g.nodes.at(-1).shape}]`);
    }
    return;
  }
  const options = { networks, only: args['--only']?.split(',') ?? null, minMs, warm: args['--warm'] === true, build, threads };
  const { results } = args['--browser'] ? await (await import('./browser.mjs')).runNetworksInBrowser(options)
    : await (await import('./node.mjs')).runNetworksInNode(options);
  // A peer that disagrees with wasmconv (or fails) makes the run fail, after the table.
  if (results.some((r) => Object.values(r.ms).some((v) => typeof v !== 'number'))) process.exitCode = 1;
}
