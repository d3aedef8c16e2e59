// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The pieces the mechanics views share: labelled grids for kernels, the grids a kernel
// reads (padded or zero-inserted input) and outputs, a legend of the cell styles, and the
// hover / focus / click linking that also pauses the animation.
import { cellGrid, formatValue, setCellText } from './grid.js';

export const rc = (i, cols) => `(${Math.floor(i / cols) + 1}, ${(i % cols) + 1})`;
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function paragraph(text, testid) {
  const p = document.createElement('p');
  p.textContent = text;
  if (testid) p.dataset.testid = testid;
  return p;
}

export function heading(text) {
  const h = document.createElement('h3');
  h.textContent = text;
  return h;
}

// The dilated kernel footprint with the tap values: taps with d - 1 gaps between them.
export function kernelGrid(label, { values, shape: [kh, kw], dilation: [dh, dw] }) {
  const rows = dh * (kh - 1) + 1,
    cols = dw * (kw - 1) + 1;
  const tapOf = (i) => {
    const r = Math.floor(i / cols),
      c = i % cols;
    return r % dh === 0 && c % dw === 0 ? (r / dh) * kw + c / dw : -1;
  };
  return cellGrid({
    label,
    rows,
    cols,
    kind: 'kernel',
    cellClass: (i) => (tapOf(i) < 0 ? 'gap' : ''),
    text: (i) => (tapOf(i) < 0 ? '' : formatValue(values[tapOf(i)])),
    describe: (i) =>
      tapOf(i) < 0
        ? 'gap inserted by dilation'
        : `kernel tap ${rc(tapOf(i), kw)}, weight ${formatValue(values[tapOf(i)])}`,
  });
}

// A grid the kernel reads (padded input or zero-inserted input).
export function sourceGrid(label, source) {
  const kindName = { value: 'input', zero: 'inserted zero', pad: 'padding' };
  return cellGrid({
    label,
    rows: source.rows,
    cols: source.cols,
    kind: 'input',
    cellClass: (q) => (source.cells[q].kind === 'value' ? '' : source.cells[q].kind),
    text: (q) => formatValue(source.cells[q].value),
    describe: (q) => `${kindName[source.cells[q].kind]} ${formatValue(source.cells[q].value)} at ${rc(q, source.cols)}`,
  });
}

// Its cells' names say their values as they are computed (setCellText).
export function outputGrid(label, rows, cols, testid) {
  const grid = cellGrid({ label, rows, cols, kind: 'output', describe: (i) => `output ${rc(i, cols)}` });
  grid.grid.dataset.testid = testid;
  grid.cells.forEach((cell) => (cell.dataset.name = cell.getAttribute('aria-label')));
  return grid;
}

// What the cell styles mean, drawn with the same classes as the grids.
export function legend() {
  const list = document.createElement('ul');
  list.className = 'legend';
  list.setAttribute('aria-label', 'Legend');
  for (const [cls, text] of [
    ['', 'input value'],
    ['zero', 'inserted zero'],
    ['pad', 'padding'],
    ['kernel', 'kernel tap'],
    ['lit', 'linked cells'],
    ['focus', 'current cell'],
  ]) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `cell swatch ${cls}`;
    swatch.setAttribute('aria-hidden', 'true');
    li.append(swatch, text);
    list.append(li);
  }
  return list;
}

// Only the cells that are lit or current are touched (a step clears thousands of cells).
export const clear = (grids) =>
  grids.forEach((g) => g.grid.querySelectorAll('.lit, .focus').forEach((c) => c.classList.remove('lit', 'focus')));
export const light = (grid, indices, cls = 'lit') => indices.forEach((i) => grid.cells[i].classList.add(cls));

// Output values of a gather grid: outputs 0..k shown (k = -1: all, the finished result).
export function showGatherOutputs(grid, values, k) {
  grid.cells.forEach((cell, r) => setCellText(cell, k < 0 || r <= k ? formatValue(values[r]) : ''));
}

// Hover, focus and click (Enter, Space) on a cell show its links and pause the animation.
export function link(grid, show, player) {
  grid.cells.forEach((cell, i) => {
    const handler = () => {
      player.pause();
      show(i);
    };
    cell.addEventListener('mouseenter', handler);
    cell.addEventListener('focus', handler);
    cell.addEventListener('click', handler);
  });
}

/**
 * The multiply-accumulate of one gather output, written out: window cell t (in tap order,
 * which is increasing cell order) times kernel tap t. Long sums are shortened.
 */
export function productSum(window, sourceValues, taps, result) {
  const terms = window.map((q, t) => `${formatValue(sourceValues[q])}·${formatValue(taps[t])}`);
  const shown =
    terms.length <= 16 ? terms.join(' + ') : `${terms.slice(0, 8).join(' + ')} + … (${terms.length} products)`;
  return `${shown} = ${formatValue(result)}`;
}
