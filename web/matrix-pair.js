// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground's Matrix view in transposed mode: beside Cᵀ, the matrix C of the
// convolution this layer transposes (transpose-layer.js), computed by the library with the
// same numbered taps, so the reader sees that one is the other turned over: C's row r is
// Cᵀ's column r. Only when that convolution exists, Cᵀ is drawn and C is at most 24 wide.
import { layerOf } from './state.js';
import { transposedLayer } from './transpose-layer.js';

const MAX_ENTRIES = 1600; // the matrix view draws Cᵀ up to this many entries (views/matrix.js)
const MAX_COLUMNS = 24; // C is wide (one column per input cell): beyond this it is left out

function table(m, caption) {
  const t = document.createElement('table');
  t.className = 'matrix-static'; // styled as a matrix, with no linked headers
  t.dataset.testid = 'matrix-c';
  t.dataset.rows = String(m.rows);
  t.dataset.cols = String(m.cols);
  const c = document.createElement('caption');
  c.textContent = caption;
  t.append(c);
  for (let r = 0; r < m.rows; r++) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(r + 1);
    tr.append(th);
    for (let col = 0; col < m.cols; col++) {
      const td = document.createElement('td');
      const v = m.data[r * m.cols + col];
      td.textContent = v === 0 ? '·' : String(v);
      if (v !== 0) td.className = 'nz';
      tr.append(td);
    }
    t.append(tr);
  }
  return t;
}

/** Adds C beside the panel's Cᵀ for a valid transposed `state` whose output is `out`. */
export function addConvolutionMatrix(wc, panel, state, out) {
  const transposedTable = panel.querySelector('table.matrix[data-testid="matrix"]');
  if (state.mode !== 'transposed' || !transposedTable) return;
  const conv = transposedLayer(wc, state, out).state;
  if (!conv) return;
  const { op, xShape, wShape, options } = layerOf(conv);
  const taps = conv.kernel[0] * conv.kernel[1];
  const weights = { data: Float32Array.from({ length: taps }, (_, i) => i + 1), shape: wShape };
  const [oh, ow] = wc.outputShape(op, xShape, wShape, options).slice(2);
  if (oh * ow * xShape[2] * xShape[3] > MAX_ENTRIES || xShape[2] * xShape[3] > MAX_COLUMNS) return;
  const m = wc.convMatrix(op, xShape, weights, options);
  const pair = document.createElement('div');
  pair.className = 'matrix-pair';
  transposedTable.before(pair);
  const c = table(m, `C: ${m.rows} x ${m.cols}, of the ${conv.input.join('×')} → ${oh}×${ow} convolution this layer transposes (row r of C is column r of Cᵀ)`);
  // On a phone C may be wider than the screen: it scrolls inside a named region.
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.setAttribute('role', 'region');
  scroll.setAttribute('aria-label', 'Matrix C of the convolution');
  scroll.append(c);
  pair.append(transposedTable, scroll);
}
