// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench -- --networks`: whole networks end to end, image (or latent) in, image (or
// logits) out, in wasmconv, in ONNX Runtime Web (MLAS) and in tfjs-backend-wasm (XNNPACK).
// wasmconv runs the example networks (examples/networks/) as a user would: wc.fromImage
// into a wasm tensor, the layers chained in wasm memory, wc.toImageData or read() out. The
// peers run the same networks, recorded once as a graph (bench/net-graph.mjs) and written as
// an ONNX model (bench/onnx-graph.mjs, ORT's default graph optimisations) and as a tfjs
// program (bench/tfjs-graph.mjs); each converts the same RGBA bytes to its layout with the
// plain loop a user writes, and back to RGBA bytes. Conversions are inside the timed call
// for all three. Before timing, every peer's output is checked against wasmconv's (logits
// to TOLERANCE of the largest magnitude; image bytes to within 1); a mismatch is printed
// naming the network and the engine, and that engine is not timed. Timing as the layer
// benchmark's (bench/measure.mjs medians: warm-up, round-robin, medians).
import { dcganGenerator } from '../examples/networks/dcgan.mjs';
import { espcn } from '../examples/networks/espcn.mjs';
import { mobileNetV2 } from '../examples/networks/mobilenetv2.mjs';
import { picture } from '../examples/networks/picture.mjs';
import { uNet } from '../examples/networks/unet.mjs';
import { medians, relError, TOLERANCE } from './measure.mjs';
import { recordGraph, valueShape } from './net-graph.mjs';
import { graphModel } from './onnx-graph.mjs';
import { formatTable } from './table.mjs';
import { tfjsProgram } from './tfjs-graph.mjs';

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/**
 * The networks timed, as examples/networks/run.mjs runs them. `input`: an RGBA image of
 * `size` [width, height] normalised by `mean` / `std` (per channel; none: 0..1), or a latent
 * of `latent` values; `output`: 'logits', or an image with its `mean` / `std` (scalars).
 * `layout`: the data layout wasmconv runs the network in, 'nchw' when absent; `make(wc,
 * layout)` builds it (the peers' graph is recorded from make(wc), channels-first). MobileNetV2
 * runs channels-last, where its 1x1 and depthwise layers read their data in place
 * (docs/performance.md, "Channels-last (NHWC)"); its logits are the same floats either way.
 */
export const NETWORKS = [
  { name: 'mobilenetv2', label: 'MobileNetV2, 224x224 image -> 1000 logits', make: (wc, layout) => mobileNetV2(wc, { layout }),
    layout: 'nhwc', input: { size: [224, 224], ...IMAGENET }, output: 'logits' },
  { name: 'unet', label: 'U-Net (width 32, 3 levels), 256x256 image -> mask', make: (wc) => uNet(wc),
    input: { size: [256, 256] }, output: { image: {} } },
  { name: 'dcgan', label: 'DCGAN generator, latent 100 -> 64x64 image', make: (wc) => dcganGenerator(wc),
    input: { latent: 100 }, output: { image: { mean: 0.5, std: 0.5 } } },
  { name: 'espcn-x2', label: 'ESPCN x2, 256x256 image -> 512x512', make: (wc) => espcn(wc, { scale: 2 }),
    input: { size: [256, 256] }, output: { image: {} } },
  { name: 'espcn-x3', label: 'ESPCN x3, 256x256 image -> 768x768', make: (wc) => espcn(wc, { scale: 3 }),
    input: { size: [256, 256] }, output: { image: {} } },
];
export const ENGINES = ['wasmconv', 'XNNPACK', 'ORT Web'];
export const NETWORK_COLUMNS = ['network', 'in -> out', 'layers', 'wasmconv ms', 'XNNPACK ms', 'ORT Web ms', 'vs best peer'];
/** The issue's target: each network this much faster than the best peer. */
export const TARGET = 1.5;

/** The networks named in `only` (all for null), or an Error naming an unknown one. */
export function pickNetworks(only, networks = NETWORKS) {
  if (!only) return networks;
  const unknown = only.filter((n) => !networks.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown network ${unknown.join(', ')} (the networks are ${networks.map((s) => s.name).join(', ')})`);
  return networks.filter((s) => only.includes(s.name));
}

/** The input's shape, NCHW. */
export const inputShape = ({ input }) => (input.latent ? [1, input.latent, 1, 1] : [1, 3, input.size[1], input.size[0]]);

/** The picture examples/networks/run.mjs uses (examples/networks/picture.mjs), or a latent. */
export function sampleInput({ input }) {
  if (input.latent) return Float32Array.from({ length: input.latent }, (_, i) => Math.sin(i));
  return picture(...input.size);
}

// The peers' conversions, as a user writes them: RGBA bytes to floats (byte / 255, then
// (v - mean) / std), into NCHW (ORT) or NHWC (tfjs); floats back to bytes (v * std + mean,
// times 255, stored in a Uint8ClampedArray: clamped, rounded half to even, as
// wc.toImageData rounds), 1 channel as gray.
const channelMap = ({ mean = [0, 0, 0], std = [1, 1, 1] }) => ({ mean, std });
export function imageToFloats({ data, width, height }, options, layout) {
  const { mean, std } = channelMap(options);
  const n = width * height, out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) {
    out[layout === 'nhwc' ? i * 3 + c : c * n + i] = (data[i * 4 + c] / 255 - mean[c]) / std[c];
  }
  return out;
}
export function floatsToImage(values, [, channels, height, width], { mean = 0, std = 1 }, layout) {
  const n = width * height, out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const ch = channels === 1 ? 0 : c;
      out[i * 4 + c] = (values[layout === 'nhwc' ? i * channels + ch : ch * n + i] * std + mean) * 255;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * The three engines of network `spec` (its graph `graph`), each { run } taking the input
 * (RGBA image or latent floats) and resolving to the output as a user has it: logits
 * (Float32Array) or RGBA bytes; and dispose().
 */
export async function networkEngines(spec, graph, { wc, tf, ort }) {
  const shape = inputShape(spec);
  const outShape = valueShape(graph, graph.output);
  const image = spec.output !== 'logits' ? spec.output.image : null;
  const net = spec.make(wc, spec.layout);
  const wasmconv = {
    run: async (input) => {
      const x = spec.input.latent ? wc.createTensor(input, shape) : wc.fromImage(input, { ...channelMap(spec.input), tensor: true, layout: spec.layout ?? 'nchw' });
      const y = net.run(x);
      const out = image ? wc.toImageData(y, image).data : y.read();
      x.dispose();
      return out;
    },
    dispose: () => net.dispose(),
  };
  const session = await ort.InferenceSession.create(graphModel(graph), { executionProviders: ['wasm'] });
  const ortEngine = {
    run: async (input) => {
      const x = spec.input.latent ? input : imageToFloats(input, spec.input, 'nchw');
      const y = (await session.run({ x: new ort.Tensor('float32', x, shape) })).y.data;
      return image ? floatsToImage(y, outShape, image, 'nchw') : y;
    },
    dispose: () => session.release(),
  };
  const program = tfjsProgram(tf, graph);
  const nhwc = [shape[0], shape[2], shape[3], shape[1]];
  const tfjs = {
    run: async (input) => {
      // A latent [1, 100, 1, 1] is the same floats in NHWC.
      const x = tf.tensor4d(spec.input.latent ? input : imageToFloats(input, spec.input, 'nhwc'), nhwc);
      const y = program.run(x);
      const values = await y.data();
      x.dispose();
      y.dispose();
      return image ? floatsToImage(values, outShape, image, 'nhwc') : values;
    },
    dispose: () => program.dispose(),
  };
  return { wasmconv, XNNPACK: tfjs, 'ORT Web': ortEngine };
}

/** How far `got` is from `want`: null when they agree (logits to TOLERANCE, bytes within 1), else what differs. */
export function outputMismatch(got, want, logits) {
  if (got.length !== want.length) return `${got.length} values, not ${want.length}`;
  if (logits) {
    const err = relError(got, want);
    return err <= TOLERANCE ? null : `largest difference ${err.toExponential(1)} of the largest magnitude (tolerance ${TOLERANCE})`;
  }
  let worst = 0, count = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (d > 1) count++;
    worst = Math.max(worst, d);
  }
  return count ? `${count} bytes differ by more than 1 (up to ${worst})` : null;
}

/**
 * Times `networks` (NETWORKS' entries) in each engine (`wc` a loaded wasmconv, `tf` tfjs-core
 * with the wasm backend set, `ort` onnxruntime-web), printing through `log` a header naming
 * `environment`, a table and a summary line. `threads` (one by default) only labels the
 * header. Resolves to { rows, results: [{ name, ms: { engine: ms or 'wrong'/'failed' } }], summary }.
 */
export async function runNetworks({ wc, tf, ort, networks = NETWORKS, minMs = 600, warm = false, threads = 1, environment, log = console.log }) {
  log(`wasmconv networks end to end, ${new Date().toISOString().slice(0, 10)}, ${environment}, ` +
    `${threads > 1 ? `${threads} threads asked of each engine` : 'single thread'}, median of runs, engines round-robin` +
    `${warm ? ', each timed call after an untimed one of the same engine' : ''}`);
  log('each call: image bytes (or latent) in, conversions in and out included, image bytes (or logits) out; ' +
    'peers checked against wasmconv before timing\n');
  const rows = [], results = [];
  for (const spec of networks) {
    const graph = recordGraph(wc, spec.make, inputShape(spec));
    const input = sampleInput(spec);
    let engines;
    try {
      engines = await networkEngines(spec, graph, { wc, tf, ort });
    } catch (e) {
      throw new Error(`${spec.name}: setting up its engines failed: ${e?.message ?? e}`);
    }
    const ms = {};
    // wasmconv's output is the one each peer is checked against (tests/js/networks.test.mjs
    // checks it against the reference backend).
    const outputs = {};
    for (const [name, engine] of Object.entries(engines)) {
      try {
        outputs[name] = await engine.run(input);
      } catch (e) {
        ms[name] = 'failed';
        log(`${spec.name}: ${name} failed: ${String(e?.message ?? e).split('\n')[0]}`);
      }
    }
    for (const name of ENGINES.slice(1)) {
      if (!outputs[name] || !outputs.wasmconv) continue;
      const mismatch = outputMismatch(outputs[name], outputs.wasmconv, spec.output === 'logits');
      if (mismatch) ms[name] = 'wrong', log(`${spec.name}: ${name}'s output differs from wasmconv's: ${mismatch}`);
    }
    const timed = ENGINES.filter((name) => ms[name] === undefined);
    const times = timed.length ? await medians(timed.map((name) => () => engines[name].run(input)), minMs, { warm }) : [];
    timed.forEach((name, i) => (ms[name] = times[i]));
    for (const engine of Object.values(engines)) await engine.dispose();
    const peers = ENGINES.slice(1).filter((p) => typeof ms[p] === 'number');
    const best = peers.length ? Math.min(...peers.map((p) => ms[p])) : null;
    const ratio = best !== null && typeof ms.wasmconv === 'number' ? best / ms.wasmconv : null;
    const outShape = valueShape(graph, graph.output);
    rows.push([spec.name, `[${inputShape(spec)}] -> [${outShape}]`, String(graph.nodes.length),
      ...ENGINES.map((e) => (typeof ms[e] === 'number' ? ms[e].toFixed(2) : ms[e])), ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`]);
    results.push({ name: spec.name, ms, ratio });
    log(rows.at(-1).join(' | '));
  }
  log('\nMedian ms per network, end to end (lower is better); "vs best peer" is the best peer\'s ms over wasmconv\'s:\n');
  log(formatTable(NETWORK_COLUMNS, rows));
  const summary = summarizeNetworks(results);
  log('');
  log(summaryLine(summary));
  return { rows, results, summary };
}

/** wasmconv against the best peer over `results`: { count, geomean, min: { name, ratio }, atTarget, without: names }. */
export function summarizeNetworks(results) {
  const rated = results.filter((r) => r.ratio !== null);
  return {
    count: rated.length,
    geomean: rated.length ? Math.exp(rated.reduce((s, r) => s + Math.log(r.ratio), 0) / rated.length) : null,
    min: rated.length ? rated.reduce((a, b) => (b.ratio < a.ratio ? b : a)) : null,
    atTarget: rated.filter((r) => r.ratio >= TARGET).length,
    without: results.filter((r) => r.ratio === null).map((r) => r.name),
  };
}

export function summaryLine({ count, geomean, min, atTarget, without }) {
  if (!count) return 'no network has a ratio';
  return `wasmconv against the best peer: geometric mean ${geomean.toFixed(2)}x, lowest ${min.ratio.toFixed(2)}x (${min.name}); ` +
    `${atTarget} of ${count} network${count > 1 ? 's' : ''} at >= ${TARGET}x (the target)` +
    (without.length ? `; no ratio for ${without.join(', ')}` : '');
}
