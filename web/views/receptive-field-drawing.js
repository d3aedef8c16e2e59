// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive field drawn on a 1-D input: for each depth l, the input cells that the
// first output of layer l depends on, and through how many paths (the entries of the
// product M_l ... M_1 of the layers' matrices, each the library's convMatrix of a conv1d
// with a kernel of ones). Dilated stacks show the field doubling while each layer keeps
// its k weights. Drawn for stacks of convolutions; a transposed layer's outputs depend on
// their position, so the table alone describes those.

const MAX_CELLS = 96;

function ones(k) {
  return { data: new Float32Array(k).fill(1), shape: [1, 1, k] };
}

// (rows x inner) times (inner x cols), both { data, rows, cols }.
function multiply(a, b) {
  const out = new Float64Array(a.rows * b.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[r * a.cols + k];
      if (v === 0) continue;
      for (let c = 0; c < b.cols; c++) out[r * b.cols + c] += v * b.data[k * b.cols + c];
    }
  }
  return { data: out, rows: a.rows, cols: b.cols };
}

/** Path counts from each input cell to the first output, after each layer; null if not drawable. */
export function fieldRows(wc, layers, size) {
  if (layers.some((l) => l.transposed) || size > MAX_CELLS) return null;
  let length = size;
  let product = null;
  const rows = [];
  for (const l of layers) {
    const m = wc.convMatrix('conv1d', [1, 1, length], ones(l.kernel), { stride: l.stride, dilation: l.dilation });
    product = product ? multiply(m, product) : m;
    rows.push(Array.from({ length: size }, (_, c) => product.data[c]));
    length = m.rows;
  }
  return rows;
}

export function renderFieldDrawing(wc, layers, rf) {
  const section = document.createElement('section');
  section.setAttribute('aria-label', 'Receptive field drawn on the input');
  const size = rf.length ? rf[rf.length - 1].size : 0;
  const rows = size ? fieldRows(wc, layers, size) : null;
  const p = document.createElement('p');
  section.append(p);
  if (!rows) {
    p.textContent = layers.some((l) => l.transposed)
      ? 'The drawing is for stacks of convolutions; the table gives the field of this stack.'
      : `The field (${size} cells) is too wide to draw; the table gives its size.`;
    return section;
  }
  p.textContent = `The first output of each layer on a 1-D input of ${size} cells (without padding, which moves a field but not its size): lit cells are the ones it depends on, numbered by the paths that lead there.`;
  const figure = document.createElement('div');
  figure.className = 'scroll';
  figure.dataset.testid = 'rf-drawing';
  rows.forEach((counts, l) => {
    const max = Math.max(...counts);
    const strip = document.createElement('div');
    strip.className = 'grid heat rf-strip';
    strip.style.gridTemplateColumns = `repeat(${size}, var(--cell))`;
    // The field is the span from the first to the last cell reached; a dilated kernel
    // can leave holes inside it (cells no path reaches: "gridding").
    const reached = counts.map((v, c) => (v > 0 ? c : -1)).filter((c) => c >= 0);
    const span = reached[reached.length - 1] - reached[0] + 1;
    const holes = span - reached.length;
    strip.dataset.span = String(span);
    strip.dataset.reached = String(reached.length);
    const words = `${span} cells${holes ? `, ${holes} of them never reached (holes left by the dilation)` : ''}`;
    strip.setAttribute('role', 'img');
    strip.setAttribute('aria-label', `after layer ${l + 1}: a field of ${words}`);
    for (const v of counts) {
      const cell = document.createElement('span');
      cell.className = 'cell';
      cell.textContent = v ? String(v) : '';
      if (v)
        cell.style.background = `color-mix(in srgb, var(--accent) ${Math.round(25 + (75 * v) / max)}%, transparent)`;
      strip.append(cell);
    }
    const label = document.createElement('p');
    label.className = 'help';
    label.textContent = `After layer ${l + 1}: ${words}`;
    figure.append(label, strip);
  });
  section.append(figure);
  return section;
}
