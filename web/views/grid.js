// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A grid of cells for the teaching views, operable by keyboard: the grid is one tab stop
// (roving tabindex), the arrow keys, Home and End move within it, and each cell is a button
// so Enter and Space activate it like a click. Cells can carry a value and a kind (input
// value, padding, inserted zero, kernel gap) that styles and labels them.

/**
 * @param {object} spec
 * @param {string} spec.label      accessible name of the whole grid
 * @param {number} spec.rows
 * @param {number} spec.cols
 * @param {string} spec.kind       class of the grid (input, output, kernel, ...)
 * @param {(i: number) => string} [spec.describe]  accessible name of cell i
 * @param {(i: number) => string} [spec.text]      visible text of cell i
 * @param {(i: number) => string} [spec.cellClass] extra class of cell i (pad, zero, gap)
 */
export function cellGrid({ label, rows, cols, kind, describe, text, cellClass }) {
  const grid = document.createElement('div');
  grid.className = `grid ${kind}`;
  grid.style.gridTemplateColumns = `repeat(${cols}, var(--cell))`;
  grid.setAttribute('role', 'group');
  grid.setAttribute('aria-label', `${label}, ${rows} by ${cols}; arrow keys move between cells`);
  grid.dataset.rows = String(rows);
  grid.dataset.cols = String(cols);
  const cells = [];
  for (let i = 0; i < rows * cols; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = 'cell';
    const extra = cellClass?.(i);
    if (extra) cell.classList.add(extra);
    cell.dataset.index = String(i);
    cell.tabIndex = i === 0 ? 0 : -1;
    cell.setAttribute('aria-label', describe ? describe(i) : `${kind} row ${r + 1} column ${c + 1}`);
    if (text) setCellText(cell, text(i));
    grid.append(cell);
    cells.push(cell);
  }
  grid.addEventListener('keydown', (event) => {
    const at = cells.indexOf(document.activeElement);
    if (at < 0) return;
    const r = Math.floor(at / cols);
    const c = at % cols;
    const moves = {
      ArrowRight: c < cols - 1 ? at + 1 : at,
      ArrowLeft: c > 0 ? at - 1 : at,
      ArrowDown: r < rows - 1 ? at + cols : at,
      ArrowUp: r > 0 ? at - cols : at,
      Home: r * cols,
      End: r * cols + cols - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    moveFocus(cells, at, moves[event.key]);
  });
  return { grid, cells };
}

function moveFocus(cells, from, to) {
  cells[from].tabIndex = -1;
  cells[to].tabIndex = 0;
  cells[to].focus();
}

/**
 * Shows a number (or '') in a cell; long numbers get a smaller font so the grid keeps its
 * shape. A cell named apart from its value (data-name: an output) says the value in its name.
 * A cell already showing `text` is left alone (a step rewrites every output, most unchanged).
 */
export function setCellText(cell, text) {
  if (cell.dataset.value === text) return;
  cell.textContent = text;
  cell.dataset.value = text;
  cell.classList.toggle('long', text.length > 3);
  if (cell.dataset.name) cell.setAttribute('aria-label', `${cell.dataset.name}: ${text || 'not computed yet'}`);
}

/** A figure with a caption under its content. */
export function figure(title, content) {
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  fig.append(content, cap);
  return fig;
}

/** A number as a short label: integers as they are, others with 3 decimals. */
export const formatValue = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, ''));
