// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench`: wasmconv (SIMD and scalar builds) against the WebAssembly convolutions
// people use in browsers today, in one process, single-threaded, on bench/shapes.txt:
//   - XNNPACK, behind TensorFlow.js's WASM backend (@tensorflow/tfjs-backend-wasm, NHWC),
//   - MLAS, behind ONNX Runtime Web (onnxruntime-web, wasm execution provider, NCHW),
//   - a plain JavaScript loop.
// Every library gets its weights prepared once (a wasmconv layer, a tfjs tensor, an ORT
// session with the weights as initializers) and is timed as a user calls it. Every
// result is checked against wasmconv's C++ reference. GFLOP/s = 2 x dense MACs / time;
// times are medians after a warm-up (V8 tiers code up over the first calls), with the
// libraries timed round-robin so that a noisy machine slows them alike.
//
//   node bench/run.mjs [--only C2,T1] [--min-ms 600]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';

import { load } from '../bindings/js/node.js';
import { singleNodeModel } from '../tests/js/support/onnx-model.mjs';
import { measurePeak } from './peak.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const minMs = args.includes('--min-ms') ? Number(args[args.indexOf('--min-ms') + 1]) : 600;

function parseShapes() {
  const text = readFileSync(new URL('./shapes.txt', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((line) => {
      const [id, op, ...rest] = line.trim().split(/\s+/);
      const kv = Object.fromEntries(rest.map((t) => t.split('=')));
      const [c, h, w] = kv.in.split('x').map(Number);
      const num = (k, d) => (kv[k] === undefined ? d : Number(kv[k]));
      return { id, op, c, h, w, cOut: num('out'), k: num('k'), s: num('s', 1), p: num('p', 0), d: num('d', 1), g: num('g', 1), op_: num('op', 0) };
    })
    .filter((s) => !only || only.includes(s.id));
}

function random(n, seed) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = (a >>> 8) / 16777216 - 0.5;
  }
  return out;
}

// Medians of the runners' times, measured round-robin: each round runs every runner once,
// so load from other processes on a shared machine hits all libraries alike instead of
// whichever happened to be timed during a busy second. Warm-up first (V8 tiers up).
async function interleavedMedians(fns) {
  const warmEnd = performance.now() + (minMs / 2) * fns.length;
  do for (const fn of fns) await fn(); while (performance.now() < warmEnd);
  const times = fns.map(() => []);
  const end = performance.now() + minMs * fns.length;
  while (times[0].length < 5 || (performance.now() < end && times[0].length < 500)) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now();
      await fns[i]();
      times[i].push(performance.now() - t0);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return t[t.length >> 1];
  });
}

function relError(got, want) {
  let scale = 1;
  let err = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err / scale;
}

const nchwToNhwc = (data, c, h, w) => {
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[i * c + ch] = data[ch * h * w + i];
  return out;
};
const nhwcToNchw = (data, c, h, w) => {
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[ch * h * w + i] = data[i * c + ch];
  return out;
};

// The plain JavaScript loop: direct formula, NCHW, float32 accumulation (2-D only).
function jsConv(s, x, w, oh, ow) {
  const cig = s.c / s.g;
  const transposed = s.op === 'convT';
  const cog = s.cOut / s.g;
  const y = new Float32Array(s.cOut * oh * ow);
  if (!transposed) {
    for (let co = 0; co < s.cOut; co++) {
      const g = Math.floor(co / cog);
      for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let c = 0; c < cig; c++) for (let ky = 0; ky < s.k; ky++) {
          const iy = oy * s.s - s.p + ky * s.d;
          if (iy < 0 || iy >= s.h) continue;
          for (let kx = 0; kx < s.k; kx++) {
            const ix = ox * s.s - s.p + kx * s.d;
            if (ix < 0 || ix >= s.w) continue;
            acc += x[((g * cig + c) * s.h + iy) * s.w + ix] * w[((co * cig + c) * s.k + ky) * s.k + kx];
          }
        }
        y[(co * oh + oy) * ow + ox] = acc;
      }
    }
    return y;
  }
  for (let ci = 0; ci < s.c; ci++) {
    const g = Math.floor(ci / cig);
    for (let iy = 0; iy < s.h; iy++) for (let ix = 0; ix < s.w; ix++) {
      const v = x[(ci * s.h + iy) * s.w + ix];
      for (let c = 0; c < cog; c++) for (let ky = 0; ky < s.k; ky++) {
        const oy = iy * s.s - s.p + ky * s.d;
        if (oy < 0 || oy >= oh) continue;
        for (let kx = 0; kx < s.k; kx++) {
          const ox = ix * s.s - s.p + kx * s.d;
          if (ox < 0 || ox >= ow) continue;
          y[((g * cog + c) * oh + oy) * ow + ox] += v * w[((ci * cog + c) * s.k + ky) * s.k + kx];
        }
      }
    }
  }
  return y;
}

async function tfjsRunner(s, x, w, oh, ow) {
  if (s.op === 'conv') {
    const depthwise = s.g === s.c && s.g > 1;
    if (s.g !== 1 && !depthwise) return null;
    if (s.s > 1 && s.d > 1) return null;
    const xt = tf.tensor4d(nchwToNhwc(x, s.c, s.h, s.w), [1, s.h, s.w, s.c]);
    const cig = s.c / s.g;
    const mult = s.cOut / s.g;
    // Filter [kh, kw, in, out] (depthwise: [kh, kw, C, multiplier]).
    const f = new Float32Array(w.length);
    for (let co = 0; co < s.cOut; co++) for (let c = 0; c < cig; c++) for (let t = 0; t < s.k * s.k; t++) {
      const src = w[(co * cig + c) * s.k * s.k + t];
      if (depthwise) f[(t * s.c + Math.floor(co / mult)) * mult + (co % mult)] = src;
      else f[(t * s.c + c) * s.cOut + co] = src;
    }
    const ft = tf.tensor4d(f, [s.k, s.k, depthwise ? s.c : s.c, depthwise ? mult : s.cOut]);
    const pad = [[0, 0], [s.p, s.p], [s.p, s.p], [0, 0]];
    const call = () => (depthwise
      ? tf.depthwiseConv2d(xt, ft, s.s, pad, 'NHWC', s.d)
      : tf.conv2d(xt, ft, s.s, pad, 'NHWC', s.d));
    return {
      run: async () => { const y = call(); await y.data(); y.dispose(); },
      result: async () => { const y = call(); const d = await y.data(); y.dispose(); return nhwcToNchw(d, s.cOut, oh, ow); },
      dispose: () => { xt.dispose(); ft.dispose(); },
    };
  }
  if (s.g !== 1 || s.d !== 1) return null; // tf.conv2dTranspose has neither groups nor dilation
  const xt = tf.tensor4d(nchwToNhwc(x, s.c, s.h, s.w), [1, s.h, s.w, s.c]);
  // Filter [kh, kw, outC, inC]; ours is [inC, outC, kh, kw].
  const f = new Float32Array(w.length);
  for (let ci = 0; ci < s.c; ci++) for (let co = 0; co < s.cOut; co++) for (let t = 0; t < s.k * s.k; t++) {
    f[(t * s.cOut + co) * s.c + ci] = w[(ci * s.cOut + co) * s.k * s.k + t];
  }
  const ft = tf.tensor4d(f, [s.k, s.k, s.cOut, s.c]);
  const call = () => tf.conv2dTranspose(xt, ft, [1, oh, ow, s.cOut], s.s, s.p === 0 ? 'valid' : s.p);
  return {
    run: async () => { const y = call(); await y.data(); y.dispose(); },
    result: async () => { const y = call(); const d = await y.data(); y.dispose(); return nhwcToNchw(d, s.cOut, oh, ow); },
    dispose: () => { xt.dispose(); ft.dispose(); },
  };
}

async function ortRunner(s, x, w, oh, ow) {
  const transposed = s.op === 'convT';
  const wShape = transposed ? [s.c, s.cOut / s.g, s.k, s.k] : [s.cOut, s.c / s.g, s.k, s.k];
  const attributes = {
    kernel_shape: [s.k, s.k], strides: [s.s, s.s], dilations: [s.d, s.d], group: s.g, pads: [s.p, s.p, s.p, s.p],
    ...(transposed ? { output_padding: [s.op_, s.op_] } : {}),
  };
  const model = singleNodeModel(transposed ? 'ConvTranspose' : 'Conv',
    { X: [1, s.c, s.h, s.w], W: wShape, Y: [1, s.cOut, oh, ow] }, attributes, { W: w });
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const feeds = { X: new ort.Tensor('float32', x, [1, s.c, s.h, s.w]) };
  return {
    run: async () => { await session.run(feeds); },
    result: async () => (await session.run(feeds)).Y.data,
    dispose: () => session.release(),
  };
}

function wasmconvRunner(wc, s, x, w) {
  const transposed = s.op === 'convT';
  const wShape = transposed ? [s.c, s.cOut / s.g, s.k, s.k] : [s.cOut, s.c / s.g, s.k, s.k];
  const options = { stride: s.s, padding: s.p, dilation: s.d, groups: s.g, ...(transposed ? { outputPadding: s.op_ } : {}) };
  const layer = transposed ? wc.createConvTranspose2d({ data: w, shape: wShape }, options) : wc.createConv2d({ data: w, shape: wShape }, options);
  const xt = { data: x, shape: [1, s.c, s.h, s.w] };
  return {
    run: async () => { layer.run(xt); },
    result: async () => layer.run(xt).data,
    dispose: () => layer.dispose(),
    reference: () => wc[transposed ? 'convTranspose2d' : 'conv2d'](xt, { data: w, shape: wShape }, { ...options, backend: 'reference' }),
  };
}

async function main() {
  const simd = await load({ simd: true });
  const scalar = await load({ simd: false });
  const tfjsDist = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
  setWasmPaths(tfjsDist);
  setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';

  const peak = await measurePeak();
  console.log(`wasmconv benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, single thread, median of runs`);
  console.log(`f32x4 mul+add peak measured the same way: ${peak.toFixed(1)} GFLOP/s\n`);
  const cols = ['id', 'setting', 'wasmconv ms', 'wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop', 'vs best peer'];
  const rows = [];
  for (const s of parseShapes()) {
    const x = random(s.c * s.h * s.w, 1);
    const wSize = s.op === 'convT' ? s.c * (s.cOut / s.g) * s.k * s.k : s.cOut * (s.c / s.g) * s.k * s.k;
    const w = random(wSize, 2);
    const fast = wasmconvRunner(simd, s, x, w);
    const ref = fast.reference();
    const [, , oh, ow] = ref.shape;
    const macs = simd.macs(s.op === 'convT' ? 'convTranspose2d' : 'conv2d', [1, s.c, s.h, s.w],
      s.op === 'convT' ? [s.c, s.cOut / s.g, s.k, s.k] : [s.cOut, s.c / s.g, s.k, s.k],
      { stride: s.s, padding: s.p, dilation: s.d, groups: s.g, ...(s.op === 'convT' ? { outputPadding: s.op_ } : {}) });
    const gflops = (ms) => (2 * macs) / ms / 1e6;
    const result = {};
    const runners = {
      wasmconv: fast,
      scalar: wasmconvRunner(scalar, s, x, w),
      XNNPACK: await tfjsRunner(s, x, w, oh, ow),
      'ORT Web': await ortRunner(s, x, w, oh, ow),
    };
    const timed = [];
    for (const [name, runner] of Object.entries(runners)) {
      if (!runner) {
        result[name] = 'unsupported';
        continue;
      }
      const err = relError(await runner.result(), ref.data);
      if (!(err <= 1e-3)) result[name] = `wrong (${err.toExponential(1)})`;
      else timed.push([name, runner]);
    }
    const medians = await interleavedMedians(timed.map(([, runner]) => runner.run));
    timed.forEach(([name], i) => {
      result[name] = { ms: medians[i], gf: gflops(medians[i]) };
    });
    for (const runner of Object.values(runners)) if (runner) await runner.dispose();
    const t0 = performance.now();
    const jsOut = jsConv(s, x, w, oh, ow);
    const jsMs = performance.now() - t0;
    result['JS loop'] = relError(jsOut, ref.data) <= 1e-3 ? { ms: jsMs, gf: gflops(jsMs) } : 'wrong';
    const peers = ['XNNPACK', 'ORT Web'].map((p) => result[p]).filter((r) => typeof r === 'object');
    const best = Math.max(...peers.map((r) => r.gf));
    const fmt = (r) => (typeof r === 'object' ? r.gf.toFixed(1) : r);
    const setting = `${s.op} ${s.c}x${s.h}x${s.w}->${s.cOut} k${s.k}${s.s > 1 ? ` s${s.s}` : ''}${s.p ? ` p${s.p}` : ''}${s.d > 1 ? ` d${s.d}` : ''}${s.op_ ? ` op${s.op_}` : ''}${s.g > 1 ? ` g${s.g}` : ''}`;
    rows.push([s.id, setting, result.wasmconv.ms.toFixed(2), fmt(result.wasmconv), fmt(result.scalar), fmt(result.XNNPACK),
      fmt(result['ORT Web']), fmt(result['JS loop']), peers.length ? `${(result.wasmconv.gf / best).toFixed(2)}x` : 'n/a']);
    console.log(rows.at(-1).join(' | '));
  }
  console.log('\nGFLOP/s per library (higher is better):\n');
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((v, i) => String(v).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(cols));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

await main();
