// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's module worker: all heavy work (decoding a file, pixels to tensor, the
// library call band by band, values to display bytes, scaling to the size shown) runs here,
// so the page never freezes. Messages:
//   in:  { type: 'open', version, blob, room }: decode a file and keep its pixels
//        { type: 'run', id, build: 'simd' | 'scalar', input: { version, rgba, width, height }, spec, display, camera, room }
//        (rgba is null when the worker already holds that input version; room: the
//        panel's width in device pixels, which previews fit, web/image/preview.js)
//   out: { type: 'opened', version, width, height, bitmap } (bitmap: the input's preview)
//        or { type: 'opened', version, error } or { type: 'dropped', version }
//        { id, type: 'start', height, width, shown: [height, width] } then per band
//        { id, type: 'band', y0, rows, total, rgba } (full size) or { ..., bitmap, dy } (its
//        preview rows), then { id, type: 'done', ms, macs, params, simd, relaxed, bands }
//        or { id, type: 'error', message }; after 'done', { id, type: 'timing', runs, ms }
//        (the kernel's median over warm runs; runs 0: a camera frame, ms is its one call)
//   in:  { type: 'probe', seq, job, x, y }: the magnifier's numbers for output pixel (x, y)
//        of the finished job `job` (web/image/probe.js)
//   out: { type: 'probe', seq, job, x, y, width, height, kernel, transposed, channels, cells,
//        terms, outputs: [{ channel, sum, bias, value }] } (value: the library's output
//        there) or { type: 'probe', seq, stale: true } (another job is shown or running)
//   in:  { type: 'crop', seq, job, version, input: [x, y, w, h] | null, output: ... }: the
//        visible parts of a zoomed view at full resolution
//   out: { type: 'crop', seq, job, rects, input: ImageBitmap | null, output: ... }
//   in:  { type: 'preview', job, version, room, input: bool, output: bool }: the previews
//        again for a panel grown to `room` (the page asks only for those it lacks)
//   out: { type: 'preview', job, version, input: ImageBitmap | null, output: ... }
// A newer request supersedes a running one: the old job stops at its next band and says
// so ({ id, type: 'superseded', bands, of }); its warm runs stop silently.
import { load } from '../../bindings/js/index.js';
import { bandAt, runBands } from './bands.js';
import { decode } from './decode.js';
import { toRGBA, valueRange } from './display.js';
import { kernelTime, timeBands, warmRuns } from './kernel-time.js';
import { imageLayer, toTensor } from './layer.js';
import { createPainter } from './painter.js';
import { preview, previewScale } from './preview.js';
import { probePixel } from './probe.js';

// About 20 million multiply-accumulates per band (at most 32 bands): a 256x256 image is
// one band, a 4K image with a 5x5 kernel 32. Camera frames are one band: they are small
// and only the latest matters.
const MACS_PER_BAND = 20e6;
// The finished job's output values are kept for the magnifier up to this many, 64 MB (a
// larger output's band is computed again, by the same call, when a pixel of it is probed,
// and the last such band is kept: a 4000x3000 RGB output would hold 144 MB otherwise).
const KEEP_VALUES = 16e6;
// The last band computed again for a probe: { finished, band }.
let probedBand = null;

let latest = 0;
let input = null; // the latest pixels, and their tensor per color
const tensors = new Map();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
// The last job that finished: its layer, input tensor and output, for probes and crops.
let finished = null;

function keep(pixels) {
  input = pixels;
  tensors.clear();
}

async function open({ version, blob, room }) {
  let image;
  try {
    image = await decode(blob, room);
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
  finished = null; // its output is no longer the one shown
  const { op, w, options } = imageLayer(job.spec);
  const [, channels, height, width] = wc.outputShape(op, x.shape, w.shape, options);
  const macs = wc.macs(op, x.shape, w.shape, options);
  const params = wc.paramCount(op, w.shape, { groups: options.groups, bias: options.bias !== undefined });
  // An output larger than the page shows it reaches the page as a preview of that size.
  const scale = previewScale(job.room, Math.max(width, input.width));
  const painter = !job.camera && scale < 1 ? createPainter(width, height, scale) : null;
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
  // The magnifier reads the values the library computed: kept too unless they are many.
  const keep = job.display === 'normalize' || channels * height * width <= KEEP_VALUES;
  const kept = [];
  let range;
  let ms = 0;
  let bands = 0;
  const count = job.camera ? 1 : Math.min(32, Math.ceil(macs / MACS_PER_BAND));
  for (const band of runBands(wc, op, x, w, options, count)) {
    ms += band.ms;
    bands++;
    if (keep) kept.push(band);
    if (job.display === 'normalize') {
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
  if (job.display === 'normalize') for (const band of kept) await send(band.out0, band.rows, toRGBA(band.y.data, channels, band.rows, width, 'normalize', range));
  const { bias, ...shapeOptions } = options;
  const layer = { op, x, w, options, pads: wc.padding(op, x.shape, w.shape, shapeOptions) };
  finished = { id: job.id, wc, layer, count, height, width, channels, bands: keep ? kept : null, painter, version: input.version };
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

// The library's value at output (y, x), channel c: from the kept bands, or the band again.
function outputValue(f, c, y, x) {
  const holds = (b) => y >= b.out0 && y < b.out0 + b.rows;
  let band = f.bands?.find(holds);
  if (!band) {
    if (probedBand?.finished !== f || !holds(probedBand.band)) {
      probedBand = { finished: f, band: bandAt(f.wc, f.layer.op, f.layer.x, f.layer.w, f.layer.options, f.count, y) };
    }
    band = probedBand.band;
  }
  return band.y.data[(c * band.rows + y - band.out0) * f.width + x];
}

function probe({ seq, job, x, y }) {
  const f = finished;
  if (!f || f.id !== job || job !== latest || !(x >= 0 && x < f.width && y >= 0 && y < f.height)) {
    postMessage({ type: 'probe', seq, stale: true });
    return;
  }
  const { cells, terms, outputs } = probePixel(f.layer, y, x);
  for (const o of outputs) o.value = outputValue(f, o.channel, y, x);
  const [, channels] = f.layer.x.shape;
  const kernel = f.layer.w.shape.slice(2);
  const transposed = f.layer.op === 'convTranspose2d';
  postMessage({ type: 'probe', seq, job, x, y, width: f.width, height: f.height, kernel, transposed, channels, cells, terms, outputs });
}

// Rows y..y+h-1, columns x..x+w-1 of the kept input pixels, as a bitmap.
function inputCrop([x, y, w, h]) {
  const rgba = new Uint8ClampedArray(input.rgba);
  const out = new Uint8ClampedArray(4 * w * h);
  for (let r = 0; r < h; r++) out.set(rgba.subarray(4 * ((y + r) * input.width + x), 4 * ((y + r) * input.width + x + w)), 4 * r * w);
  return createImageBitmap(new ImageData(out, w, h));
}

async function crop({ seq, job, version, input: inRect, output: outRect }) {
  const f = finished;
  const usable = (r, W, H) => r && r[2] > 0 && r[3] > 0 && r[0] + r[2] <= W && r[1] + r[3] <= H;
  const inBitmap = input && input.version === version && usable(inRect, input.width, input.height) ? await inputCrop(inRect) : null;
  const outBitmap = f && f.id === job && f.painter && usable(outRect, f.width, f.height) ? await f.painter.crop(...outRect) : null;
  const bitmaps = [inBitmap, outBitmap].filter(Boolean);
  postMessage({ type: 'crop', seq, job, rects: [inRect, outRect], input: inBitmap, output: outBitmap }, bitmaps);
}

// The previews again, at the scale of a wider panel: the output's from the painter's
// full-resolution canvas, the input's from the kept pixels.
async function previews({ job, version, room, input: wantsInput, output: wantsOutput }) {
  const f = finished;
  const scale = previewScale(room, Math.max(input?.width ?? 1, f?.width ?? 1));
  const outBitmap = wantsOutput && f && f.id === job && f.painter ? await f.painter.preview(scale) : null;
  let inBitmap = null;
  if (wantsInput && input && input.version === version) {
    const canvas = new OffscreenCanvas(input.width, input.height);
    canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(input.rgba), input.width, input.height), 0, 0);
    inBitmap = await preview(canvas, scale);
  }
  const bitmaps = [inBitmap, outBitmap].filter(Boolean);
  postMessage({ type: 'preview', job, version, input: inBitmap, output: outBitmap }, bitmaps);
}

onmessage = ({ data }) => {
  if (data.type === 'open') {
    open(data);
    return;
  }
  if (data.type === 'probe') {
    probe(data);
    return;
  }
  if (data.type === 'preview') {
    previews(data).catch(() => postMessage({ type: 'preview', job: data.job, version: data.version, input: null, output: null }));
    return;
  }
  if (data.type === 'crop') {
    crop(data).catch(() => postMessage({ type: 'crop', seq: data.seq, job: data.job, rects: [null, null], input: null, output: null }));
    return;
  }
  latest = data.id;
  // Kept before any await: a superseded job must not take its pixels with it.
  if (data.input.rgba) keep(data.input);
  run(data).catch((e) => postMessage({ id: data.id, type: 'error', message: e.message }));
};
