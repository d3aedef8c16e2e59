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
 * Sets both peers to one thread: tfjs-backend-wasm (`tfWasm`, its .wasm files under
 * `tfjsWasmPath`, a folder path or URL ending in /) as tfjs's backend, and ORT's wasm
 * execution provider.
 */
export async function setUpPeers({ tf, tfWasm, ort }, tfjsWasmPath) {
  tfWasm.setWasmPaths(tfjsWasmPath);
  tfWasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
}

/** load()'s `relaxed` option for the benchmark's --build (auto, relaxed or simd). */
export const relaxedOption = (build) => ({ auto: 'auto', relaxed: true, simd: false })[build];

/** wasmconv's C++ reference result for a setting (a tensor { data, shape }), which every library is checked against. */
export function wasmconvReference(wc, s, x, w) {
  const { name, xShape, wShape, options } = wasmconvCall(s);
  return wc[name]({ data: x, shape: xShape }, { data: w, shape: wShape }, { ...options, backend: 'reference' });
}

export function wasmconvRunner(wc, s, x, w) {
  const { layer: create, xShape, wShape, options } = wasmconvCall(s);
  const layer = wc[create]({ data: w, shape: wShape }, options);
  let input;
  try {
    input = wc.createTensor(x, xShape);
  } catch (e) {
    layer.dispose();
    throw e;
  }
  const output = new Float32Array(layer.outputShape(xShape).reduce((a, b) => a * b, 1));
  return {
    run: async () => { layer.run(input, { output }); },
    result: async () => layer.run(input, { output }).data.slice(),
    dispose: () => { layer.dispose(); input.dispose(); },
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
