// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's module worker: all heavy work (pixels to tensor, the library call band
// by band, values to display bytes) runs here, so the page never freezes. Messages:
//   in:  { id, build: 'simd' | 'scalar', rgba, width, height, spec, display, bands }
//   out: { id, type: 'start', height, width } then { id, type: 'band', y0, rows, rgba }
//        per band, then { id, type: 'done', ms, macs, simd, bands } or { id, type: 'error', message }
// A newer request supersedes a running one: the old job stops at its next band.
import { load } from '../../bindings/js/index.js';
import { runBands } from './bands.js';
import { toRGBA, valueRange } from './display.js';
import { imageLayer, toTensor } from './layer.js';

let latest = 0;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(job) {
  const wc = await load({ simd: job.build !== 'scalar' });
  if (job.id !== latest) return;
  const x = toTensor(new Uint8ClampedArray(job.rgba), job.width, job.height, job.spec.color);
  const { op, w, options } = imageLayer(job.spec);
  const [, channels, height, width] = wc.outputShape(op, x.shape, w.shape, options);
  const macs = wc.macs(op, x.shape, w.shape, options);
  postMessage({ id: job.id, type: 'start', height, width });
  // Min-max normalisation needs every value first: keep the bands, convert at the end.
  const kept = [];
  let range;
  let ms = 0;
  let bands = 0;
  for (const band of runBands(wc, op, x, w, options, job.bands)) {
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
    if (job.id !== latest) return;
  }
  for (const band of kept) {
    const rgba = toRGBA(band.y.data, channels, band.rows, width, 'normalize', range);
    postMessage({ id: job.id, type: 'band', y0: band.out0, rows: band.rows, total: height, rgba }, [rgba.buffer]);
  }
  postMessage({ id: job.id, type: 'done', ms, macs, simd: wc.simd, bands, range: range ?? null });
}

onmessage = ({ data }) => {
  latest = data.id;
  run(data).catch((e) => postMessage({ id: data.id, type: 'error', message: e.message }));
};
