// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The checkerboard view: how many kernel taps land on each output pixel of a transposed
// convolution (or, for a convolution, how many windows read each input pixel). Counts are
// row (column) sums of the library's convolution matrix with a kernel of ones. When the
// kernel size is not a multiple of the stride the counts alternate: the uneven overlap
// that shows as checkerboard artifacts in upsampled images (Odena, Dumoulin, Olah 2016).
// Below the counts: an image upsampled by a transposed convolution next to
// resize-then-convolve, and (transposed mode) a flat input through the page's transposed
// convolution, whose output is the overlap count itself; all computed by the library.
import { drawSample } from '../image/samples.js';
import { flatThroughTransposed, upsampleBothWays } from '../image/upsampling.js';

const SOURCE = 64;

// A [1, 1, H, W] tensor as a gray canvas (value v -> v * 255 / top), shown `width` px wide.
function grayCanvas(y, { label, testid, top = 1, width = 192 }) {
  const [, , h, w] = y.shape;
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [w, h];
  const image = new ImageData(w, h);
  for (let i = 0; i < h * w; i++) {
    image.data.fill((y.data[i] / top) * 255, 4 * i, 4 * i + 3);
    image.data[4 * i + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
  canvas.style.width = `${width}px`;
  canvas.dataset.testid = testid;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${label}, ${h}x${w}`);
  return canvas;
}

function figure(canvas, caption) {
  const f = document.createElement('figure');
  const c = document.createElement('figcaption');
  c.textContent = caption;
  f.append(canvas, c);
  return f;
}

// The generated scene, SOURCE x SOURCE, as one gray channel in [0, 1] (Rec. 601 luma).
function sceneTensor() {
  const big = document.createElement('canvas');
  big.width = big.height = 256;
  drawSample(big.getContext('2d'), 'scene', 256);
  const small = document.createElement('canvas');
  small.width = small.height = SOURCE;
  const ctx = small.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(big, 0, 0, SOURCE, SOURCE);
  const rgba = ctx.getImageData(0, 0, SOURCE, SOURCE).data;
  const data = new Float32Array(SOURCE * SOURCE);
  for (let i = 0; i < data.length; i++) data[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
  return { data, shape: [1, 1, SOURCE, SOURCE] };
}

function renderComparison(wc, state, options) {
  const section = document.createElement('section');
  section.className = 'upsampling';
  const heading = document.createElement('h3');
  heading.textContent = 'Upsampling an image: transposed convolution versus resize, then convolve';
  const transposedMode = state.mode === 'transposed';
  const stride = transposedMode && Math.max(...state.stride) > 1 ? state.stride : [2, 2];
  const settings = { kernel: state.kernel, stride, dilation: state.dilation };
  const note = document.createElement('p');
  note.textContent = `Kernel ${state.kernel.join('x')} (a box blur), stride ${stride.join('x')}, dilation ${state.dilation.join('x')}. ` +
    (state.kernel.every((k, a) => k % stride[a] === 0)
      ? 'The kernel size is a multiple of the stride: both ways are smooth.'
      : 'The kernel size is not a multiple of the stride: the transposed convolution shows a checkerboard, resize-then-convolve does not.');
  const row = document.createElement('div');
  row.className = 'comparison';
  section.append(heading, note, row);
  try {
    const x = sceneTensor();
    const { transposed, resized } = upsampleBothWays(wc, x, settings);
    const size = (y) => y.shape.slice(2).join('x');
    const show = (y, label, testid, caption) => figure(grayCanvas(y, { label, testid }), caption);
    row.append(
      show(x, 'Source image', 'upsample-source', `Source ${SOURCE}x${SOURCE}`),
      show(transposed, 'Upsampled by transposed convolution', 'upsample-transposed', `Transposed convolution, ${size(transposed)}`),
      show(resized, 'Upsampled by resize then convolve', 'upsample-resized', `Nearest resize, then convolution, ${size(resized)}`),
    );
  } catch (e) {
    note.textContent = `These settings cannot upsample the image: ${e.message}`;
  }
  const flat = document.createElement('div');
  flat.className = 'comparison';
  if (!transposedMode) {
    const p = document.createElement('p');
    p.textContent = 'Choose transposed convolution above to send a flat input through it.';
    flat.append(p);
  } else {
    const y = flatThroughTransposed(wc, state.input, state.kernel, options);
    const max = Math.max(...y.data, 1);
    const label = 'A flat input of ones through the transposed convolution';
    const canvas = grayCanvas(y, { label, testid: 'flat-output', top: max });
    canvas.dataset.values = Array.from(y.data).join(',');
    const caption = `A flat ${state.input.join('x')} input of ones through this transposed convolution (kernel of ones):`;
    flat.append(figure(canvas, `${caption} brightness = taps per pixel, white = ${max}`));
  }
  section.append(flat);
  return section;
}

export function renderCheckerboard(panel, { wc, state, options }) {
  panel.replaceChildren();
  const transposed = state.mode === 'transposed';
  const op = transposed ? 'convTranspose2d' : 'conv2d';
  const [ih, iw] = state.input;
  const [kh, kw] = state.kernel;
  const ones = { data: new Float32Array(kh * kw).fill(1), shape: [1, 1, kh, kw] };
  const m = wc.convMatrix(op, [1, 1, ih, iw], ones, options);
  // Transposed: taps per output pixel (row sums). Conv: windows per input pixel (column sums).
  const [h, w] = transposed ? wc.outputShape(op, [1, 1, ih, iw], [1, 1, kh, kw], options).slice(2) : [ih, iw];
  const counts = new Array(h * w).fill(0);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      if (m.data[r * m.cols + c] !== 0) counts[transposed ? r : c] += m.data[r * m.cols + c];
    }
  }
  const max = Math.max(...counts, 1);
  const intro = document.createElement('p');
  intro.textContent = transposed
    ? `Kernel taps landing on each of the ${h}x${w} output pixels (a flat input of ones gives exactly these values).`
    : `Windows reading each of the ${h}x${w} input pixels (the transposed convolution would spread a flat gradient this unevenly).`;
  const grid = document.createElement('div');
  grid.className = 'grid heat';
  grid.style.gridTemplateColumns = `repeat(${w}, var(--cell))`;
  grid.dataset.testid = 'overlap';
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', `overlap counts, ${h} rows by ${w} columns`);
  counts.forEach((v) => {
    const cell = document.createElement('span');
    cell.className = 'cell';
    cell.textContent = String(v);
    cell.style.background = `color-mix(in srgb, var(--accent) ${Math.round((100 * v) / max)}%, transparent)`;
    grid.append(cell);
  });
  // Interior pixels (away from the borders) show whether the overlap is even.
  const interior = [];
  const margin = (k, d) => d * (k - 1);
  for (let r = margin(kh, state.dilation[0]); r < h - margin(kh, state.dilation[0]); r++) {
    for (let c = margin(kw, state.dilation[1]); c < w - margin(kw, state.dilation[1]); c++) interior.push(counts[r * w + c]);
  }
  const distinct = new Set(interior);
  const verdict = document.createElement('p');
  verdict.dataset.testid = 'overlap-verdict';
  verdict.dataset.even = String(distinct.size <= 1);
  verdict.textContent = interior.length === 0
    ? 'The grid is too small to have an interior; enlarge the input.'
    : distinct.size <= 1
      ? `Even overlap inside: every interior pixel gets ${interior[0]}. No checkerboard.`
      : `Uneven overlap inside: interior pixels get ${[...distinct].sort((a, b) => a - b).join(' or ')}. That is the checkerboard; a kernel divisible by the stride (or resize, then convolve) avoids it.`;
  panel.append(intro, grid, verdict, renderComparison(wc, state, options));
}
