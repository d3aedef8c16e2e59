// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's module worker: all heavy work (pixels to tensor, the library call band
// by band, values to display bytes) runs here, so the page never freezes. Messages:
//   in:  { id, build: 'simd' | 'scalar', input: { version, rgba, width, height }, spec, display, camera }
//        (rgba is null when the worker already holds that input version)
//   out: { id, type: 'start', height, width } then { id, type: 'band', y0, rows, rgba }
//        per band, then { id, type: 'done', ms, macs, params, simd, relaxed, bands } or { id, type: 'error', message }
// A newer request supersedes a running one: the old job stops at its next band and says
// so ({ id, type: 'superseded', bands, of }).
import { load } from '../../bindings/js/index.js';
import { runBands } from './bands.js';
import { toRGBA, valueRange } from './display.js';
import { imageLayer, toTensor } from './layer.js';

// About 20 million multiply-accumulates per band (at most 32 bands): a 256x256 image is
// one band, a 4K image with a 5x5 kernel 32. Camera frames are one band: they are small
// and only the latest matters.
const MACS_PER_BAND = 20e6;

let latest = 0;
let input = null; // the latest pixels, and their tensor per color
const tensors = new Map();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(job) {
  const wc = await load({ simd: job.build !== 'scalar' });
  if (job.id !== latest) return;
  if (!input || input.version !== job.input.version) throw new Error('The image worker lost the input image; please choose it again.');
  const color = job.spec.color;
  if (!tensors.has(color)) tensors.set(color, toTensor(new Uint8ClampedArray(input.rgba), input.width, input.height, color));
  const x = tensors.get(color);
  const { op, w, options } = imageLayer(job.spec);
  const [, channels, height, width] = wc.outputShape(op, x.shape, w.shape, options);
  const macs = wc.macs(op, x.shape, w.shape, options);
  const params = wc.paramCount(op, w.shape, { groups: options.groups, bias: options.bias !== undefined });
  postMessage({ id: job.id, type: 'start', height, width });
  // Min-max normalisation needs every value first: keep the bands, convert at the end.
  const kept = [];
  let range;
  let ms = 0;
  let bands = 0;
  const count = job.camera ? 1 : Math.min(32, Math.ceil(macs / MACS_PER_BAND));
  for (const band of runBands(wc, op, x, w, options, count)) {
    ms += band.ms;
    bands++;
    if (job.display === 'normalize') {
      kept.push(band);
      range = valueRange(band.y.data, range);
      postMessage({ id: job.id, type: 'progress', done: band.out0 + band.rows, total: height });
    } else {
      const rgba = toRGBA(band.y.data, channels, band.rows, width, job.display);
      postMessage({ id: job.id, type: 'band', y0: band.out0, rows: band.rows, total: height, rgba }, [rgba.buffer]);
    }
    await nextTask();
    if (job.id !== latest) {
      postMessage({ id: job.id, type: 'superseded', bands, of: count });
      return;
    }
  }
  for (const band of kept) {
    const rgba = toRGBA(band.y.data, channels, band.rows, width, 'normalize', range);
    postMessage({ id: job.id, type: 'band', y0: band.out0, rows: band.rows, total: height, rgba }, [rgba.buffer]);
  }
  postMessage({ id: job.id, type: 'done', ms, macs, params, simd: wc.simd, relaxed: wc.relaxed, bands, range: range ?? null });
}

onmessage = ({ data }) => {
  latest = data.id;
  // Kept before any await: a superseded job must not take its pixels with it.
  if (data.input.rgba) {
    input = data.input;
    tensors.clear();
  }
  run(data).catch((e) => postMessage({ id: data.id, type: 'error', message: e.message }));
};
