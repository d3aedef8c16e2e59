// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The checkerboard view: how many kernel taps land on each output pixel of a transposed
// convolution (or, for a convolution, how many windows read each input pixel). Counts are
// row (column) sums of the library's convolution matrix with a kernel of ones. When the
// kernel size is not a multiple of the stride the counts alternate: the uneven overlap
// that shows as checkerboard artifacts in upsampled images (Odena, Dumoulin, Olah 2016).

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
      : `Uneven overlap inside: interior pixels get ${[...distinct].sort((a, b) => a - b).join(' or ')}. This is the checkerboard pattern; a kernel size divisible by the stride (or resize-then-convolve) avoids it.`;
  panel.append(intro, grid, verdict);
}
