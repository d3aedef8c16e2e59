// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// One runner per library, the same in Node and in the browser: each prepares its weights
// once (a wasmconv layer, a tfjs tensor, an ORT session with the weights as initializers)
// and offers run() (timed: the op as a user calls it, including its copies in and out of
// wasm memory), result() (NCHW, for the reference check) and dispose(). Each is called
// its own API's best way for repeated calls on one input: tfjs and wasmconv keep the input
// in wasm memory (a tf tensor, a wasmconv createTensor) and pay only the copy out (tfjs's
// y.data(), wasmconv's run into one reused output array); ORT copies its feeds in per run.
// A runner is null where the library cannot express the setting. The libraries are passed
// in, since Node and the page import them from different builds.
import { singleNodeModel } from '../tests/js/support/onnx-model.mjs';
import { wasmconvCall } from './shapes.mjs';

/**
 * Sets up both peers for `threads` threads: tfjs-backend-wasm (`tfWasm`, its .wasm files under
 * `tfjsWasmPath`, a folder path or URL ending in /) as tfjs's backend with setThreadsCount,
 * and ORT's wasm execution provider with env.wasm.numThreads. With more than one thread,
 * each peer is started here and asked what it runs on, and resolves to
 * { XNNPACK, 'ORT Web' }, each { threads, source, why, error, warning }: `threads` the count
 * the peer reports (0 when it could not start: then `error` is its message), `source` where
 * that count comes from, `why` which build runs and why it is not the count asked for,
 * `warning` what it printed with console.warn while starting. Neither failure rejects: the
 * benchmark goes on with the other libraries. With one thread, resolves to null (as before
 * threads).
 */
export async function setUpPeers({ tf, tfWasm, ort }, tfjsWasmPath, threads = 1) {
  tfWasm.setWasmPaths(tfjsWasmPath);
  tfWasm.setThreadsCount(threads);
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  if (threads === 1) {
    await tf.setBackend('wasm');
    await tf.ready();
    return null;
  }
  return { XNNPACK: await startTfjs(tf, tfWasm, threads), 'ORT Web': await startOrt(ort, threads) };
}

// Runs `start` with console.warn collected instead of printed (the peers say why they fall
// back to one thread, or why their backend failed, only there). Resolves to
// { value, warnings } or { error, warnings }.
async function collectingWarnings(start) {
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  try {
    return { value: await start(), warnings };
  } catch (e) {
    return { error: e?.message ?? String(e), warnings };
  } finally {
    console.warn = warn;
  }
}

const warnings = ({ warnings: w }) => (w.length ? w.map(firstLine).join('; ') : undefined);
const inNode = () => globalThis.process?.versions?.node !== undefined;
const firstLine = (text) => String(text).split('\n')[0];

// tfjs-backend-wasm picks its threaded SIMD build only where its WASM_HAS_MULTITHREAD_SUPPORT
// flag is true, which it never is in Node; getThreadsCount() says what XNNPACK's pool has.
// Its pool is capped at hardwareConcurrency / 2 (it counts two hyperthreads per core), which
// on a 2-core machine turns setThreadsCount(2) into 1 thread: in a page whose cap is below the
// threads asked for, tfjs is shown a hardwareConcurrency of twice that while it starts (it
// reads it once, then), so that XNNPACK runs the threads asked for; the header says so.
async function startTfjs(tf, tfWasm, threads) {
  const version = `tfjs-backend-wasm ${tfWasm.version_wasm ?? ''}`.trim();
  const multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const cores = inNode() ? null : globalThis.navigator?.hardwareConcurrency;
  const lift = multithread && cores != null && Math.floor(cores / 2) < threads;
  if (lift) Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  const started = await collectingWarnings(async () => {
    try {
      const ok = await tf.setBackend('wasm');
      await tf.ready();
      return ok;
    } finally {
      if (lift) delete navigator.hardwareConcurrency;
    }
  });
  if (started.error !== undefined || started.value !== true) {
    const error = started.error ?? (started.warnings.map(firstLine).join('; ') || 'tf.setBackend(\'wasm\') returned false');
    return { threads: 0, source: '', why: `${version} did not start with setThreadsCount(${threads})`, error };
  }
  const count = tfWasm.getThreadsCount();
  let why = `${version}, ${multithread ? 'its threaded SIMD build' : 'its SIMD build without threads'}`;
  if (!multithread) {
    why += inNode()
      ? ' (in Node its WASM_HAS_MULTITHREAD_SUPPORT flag is always false, tfjs issue 3830)'
      : ' (WASM_HAS_MULTITHREAD_SUPPORT is false: the page is not cross-origin isolated or has no SharedArrayBuffer)';
  } else if (lift) {
    why += `; it caps XNNPACK's pool at hardwareConcurrency / 2 = ${Math.floor(cores / 2)} here, so it was shown ` +
      `hardwareConcurrency ${2 * threads} while it started`;
  }
  if (multithread && count !== threads) {
    why += `; XNNPACK's pool has ${count} thread${count === 1 ? '' : 's'}, not the ${threads} asked for`;
  }
  return { threads: count, source: 'getThreadsCount()', why, warning: warnings(started) };
}

// ORT starts its runtime at the first session, so one is made here (a 1x1 convolution) to
// see whether numThreads held: ORT sets it back to 1, with a warning, where threads cannot run,
// and a runtime that failed to start cannot be started again in this process.
async function startOrt(ort, threads) {
  const model = singleNodeModel('Conv', { X: [1, 1, 1, 1], W: [1, 1, 1, 1], Y: [1, 1, 1, 1] },
    { kernel_shape: [1, 1], strides: [1, 1], dilations: [1, 1], group: 1, pads: [0, 0, 0, 0] }, { W: new Float32Array([1]) });
  const started = await collectingWarnings(async () => {
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
    await session.release();
  });
  const version = `onnxruntime-web ${ort.env.versions?.web ?? ''}`.trim();
  if (started.error !== undefined) {
    return { threads: 0, source: '', why: `${version} did not start with numThreads = ${threads}`, error: firstLine(started.error) };
  }
  const count = ort.env.wasm.numThreads;
  const why = count === threads ? `${version}, ort-wasm-simd-threaded.wasm`
    : `${version} fell back to ${count} thread${count === 1 ? '' : 's'}`;
  return { threads: count, source: 'env.wasm.numThreads after its first session', why, warning: warnings(started) };
}

/** load()'s `relaxed` option for the benchmark's --build (auto, relaxed or simd). */
export const relaxedOption = (build) => ({ auto: 'auto', relaxed: true, simd: false })[build];

/**
 * wasmconv's C++ reference result for a setting (a tensor { data, shape }), which every library is checked against;
 * with `activation` and `residual` (a Float32Array of the output's length), the reference's epilogue too.
 */
export function wasmconvReference(wc, s, x, w, { activation, residual } = {}) {
  const { name, xShape, wShape, options } = wasmconvCall(s);
  const epilogue = { ...(activation ? { activation } : {}), ...(residual ? { residual } : {}) };
  return wc[name]({ data: x, shape: xShape }, { data: w, shape: wShape }, { ...options, ...epilogue, backend: 'reference' });
}

/**
 * wasmconv's runner: a layer and its input in wasm memory (createTensor), run into one reused
 * output, a JavaScript array (the copy out is timed, as the peers' are) or, with
 * `intoTensor`, a createTensor tensor (no copy: what a network's layers pass each other).
 * With `layout: 'nhwc'` the layer takes channels-last data: its input is `x` transposed to
 * [1, H, W, C] once, and result() transposes its [1, OH, OW, C_out] output back. With
 * `activation`, the layer has it; with `residual` (NCHW data of the output's length), every run
 * adds it, from a createTensor tensor made once. With `gapFloats`, a tensor of that many floats
 * is made between the input and the output.
 */
export function wasmconvRunner(wc, s, x, w, { intoTensor = false, layout = 'nchw', activation, residual, gapFloats = 0 } = {}) {
  const last = layout === 'nhwc';
  const call = wasmconvCall(s);
  const { layer: create, wShape } = call;
  const xShape = last ? [1, s.h, s.w, s.c] : call.xShape;
  const options = { ...call.options, ...(last ? { layout } : {}), ...(activation ? { activation } : {}) };
  const layer = wc[create]({ data: w, shape: wShape }, options);
  const held = [layer];
  const dispose = () => { for (const h of held) h.dispose(); };
  let input;
  let output;
  let outShape;
  let runOptions;
  try {
    input = wc.createTensor(last ? nchwToNhwc(x, s.c, s.h, s.w) : x, xShape);
    held.push(input);
    // A tensor between input and output moves the output in memory (bench/ab-builds.mjs --gap).
    if (gapFloats > 0) held.push(wc.createTensor(new Float32Array(gapFloats), [gapFloats]));
    outShape = layer.outputShape(xShape);
    const size = outShape.reduce((a, b) => a * b, 1);
    output = intoTensor ? wc.createTensor(new Float32Array(size), outShape) : new Float32Array(size);
    if (intoTensor) held.push(output);
    runOptions = { output };
    if (residual) {
      const r = wc.createTensor(last ? nchwToNhwc(residual, s.cOut, outShape[1], outShape[2]) : residual, outShape);
      held.push(r);
      runOptions.residual = r;
    }
  } catch (e) {
    dispose();
    throw e;
  }
  const nchw = (data) => (last ? nhwcToNchw(data, s.cOut, outShape[1], outShape[2]) : data);
  const read = () => (intoTensor ? (layer.run(input, runOptions), output.read()) : layer.run(input, runOptions).data.slice());
  return {
    run: async () => { layer.run(input, runOptions); },
    result: async () => nchw(read()),
    dispose,
  };
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

/** XNNPACK through tfjs (`tf`, tfjs-core with the wasm backend set), NHWC. */
export async function tfjsRunner(tf, s, x, w, oh, ow) {
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
    const ft = tf.tensor4d(f, [s.k, s.k, s.c, depthwise ? mult : s.cOut]);
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

/** MLAS through ONNX Runtime Web (`ort`, its wasm execution provider), NCHW. */
export async function ortRunner(ort, s, x, w, oh, ow) {
  const transposed = s.op === 'convT';
  const { wShape } = wasmconvCall(s);
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
