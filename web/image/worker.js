// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's module worker: all heavy work (decoding a file, pixels to tensor, the
// library call band by band, values to display bytes, scaling to screen size) runs here,
// so the page never freezes. Messages:
//   in:  { type: 'open', version, blob, side }: decode a file and keep its pixels
//        { type: 'run', id, build: 'simd' | 'scalar', input: { version, rgba, width, height }, spec, display, camera, side }
//        (rgba is null when the worker already holds that input version; side: the
//        longest side, in pixels, of what the page draws: its screen's)
//   out: { type: 'opened', version, width, height, bitmap } (bitmap: a preview at most
//        `side` pixels long) or { type: 'opened', version, error } or { type: 'dropped', version }
//        { id, type: 'start', height, width, shown: [height, width] } then per band
//        { id, type: 'band', y0, rows, total, rgba } (full size) or { ..., bitmap, dy } (its
//        preview rows), then { id, type: 'done', ms, macs, params, simd, relaxed, bands }
//        or { id, type: 'error', message }; after 'done', { id, type: 'timing', runs, ms }
//        (the kernel's median over warm runs; runs 0: a camera frame, ms is its one call)
// A newer request supersedes a running one: the old job stops at its next band and says
// so ({ id, type: 'superseded', bands, of }); its warm runs stop silently.
import { load } from '../../bindings/js/index.js';
import { runBands } from './bands.js';
import { decode } from './decode.js';
import { toRGBA, valueRange } from './display.js';
import { kernelTime, timeBands, warmRuns } from './kernel-time.js';
import { imageLayer, toTensor } from './layer.js';
import { createPainter } from './painter.js';

// About 20 million multiply-accumulates per band (at most 32 bands): a 256x256 image is
// one band, a 4K image with a 5x5 kernel 32. Camera frames are one band: they are small
// and only the latest matters.
const MACS_PER_BAND = 20e6;

let latest = 0;
let input = null; // the latest pixels, and their tensor per color
const tensors = new Map();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function keep(pixels) {
  input = pixels;
  tensors.clear();
}

async function open({ version, blob, side }) {
  let image;
  try {
    image = await decode(blob, side);
  } catch (e) {
    postMessage({ type: 'opened', version, error: e.message });
    return;
  }
  // Newer pixels (a sample, a camera frame, another file) arrived while this decoded.
  if (input && input.version > version) {
    image.bitmap.close();
    postMessage({ type: 'dropped', version });
    return;
  }
  const { rgba, width, height, bitmap } = image;
  keep({ version, rgba: rgba.buffer, width, height });
  postMessage({ type: 'opened', version, width, height, bitmap }, [bitmap]);
}

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
  // An output larger than the screen reaches the page as a screen-sized preview.
  const painter = !job.camera && Math.max(width, height) > job.side ? createPainter(width, height, job.side) : null;
  const shown = painter ? [painter.height, painter.width] : [height, width];
  postMessage({ id: job.id, type: 'start', height, width, shown });
  async function send(y0, rows, rgba) {
    if (!painter) {
      postMessage({ id: job.id, type: 'band', y0, rows, total: height, rgba }, [rgba.buffer]);
      return;
    }
    const { bitmap, dy } = await painter.band(rgba, y0, rows);
    postMessage({ id: job.id, type: 'band', y0, rows, total: height, bitmap, dy }, [bitmap]);
  }
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
      await send(band.out0, band.rows, toRGBA(band.y.data, channels, band.rows, width, job.display));
    }
    await nextTask();
    if (job.id !== latest) {
      postMessage({ id: job.id, type: 'superseded', bands, of: count });
      return;
    }
  }
  for (const band of kept) await send(band.out0, band.rows, toRGBA(band.y.data, channels, band.rows, width, 'normalize', range));
  postMessage({ id: job.id, type: 'done', ms, macs, params, simd: wc.simd, relaxed: wc.relaxed, bands, range: range ?? null });
  if (job.camera) {
    postMessage({ id: job.id, type: 'timing', runs: 0, ms });
    return;
  }
  // The kernel alone, warm, after the result is on its way: as many runs as fit about
  // 400 ms going by this first (cold) one (warmRuns; the later half is reported), a task per
  // band, so a newer request waits for one band at most and stops them.
  const runs = warmRuns(ms);
  const times = [];
  for (let r = 0; r < runs; r++) {
    let total = 0;
    for (const bandMs of timeBands(wc, op, x, w, options, count)) {
      total += bandMs;
      await nextTask();
      if (job.id !== latest) return;
    }
    times.push(total);
  }
  postMessage({ id: job.id, type: 'timing', ...kernelTime(times) });
}

onmessage = ({ data }) => {
  if (data.type === 'open') {
    open(data);
    return;
  }
  latest = data.id;
  // Kept before any await: a superseded job must not take its pixels with it.
  if (data.input.rgba) keep(data.input);
  run(data).catch((e) => postMessage({ id: data.id, type: 'error', message: e.message }));
};
