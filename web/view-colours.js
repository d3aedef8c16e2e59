// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground paints the views it shares with the blog embed (views/): after a view is
// drawn, paintView colours its cells by their values, sizes them for reading, gives each
// figure a colour bar, turns Cᵀ C into a heat map behind a disclosure, and draws the
// kernel's window on the grids, all from what the view put in the page:
//
//   values   a cell's data-value (a grid) or text (a matrix: '·' is 0); kernels are
//            weights (diverging scale), inputs, outputs and counts activations
//            (sequential); padding, inserted zeros and dilation gaps stay plain;
//   links    the cells a view lights ('lit') when an output is current are the window it
//            reads, when an input is current the footprint it writes: a frame goes around
//            them (views/window-frame.js) on the grids where that is the kernel's shape
//            (a convolution's padded input, the zero-inserted grid, the transposed
//            outputs), and a window's taps carry the weight that multiplies them.
//
// The views keep changing those while they play (an output's value appears, the window
// moves): a MutationObserver on the panel repaints the cells and moves the frames as they
// do. The embed does not load this module, so its figures and its size budget (40 KB
// gzip, tests/js/package.test.mjs) are as they were.
import { addBar, scaleOf, sizeCells, tint } from './views/colour.js';
import { windowFrame } from './views/window-frame.js';

const observers = new WeakMap();
const WATCH = { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-value', 'class'] };
const number = (text) => (text === '·' ? 0 : Number(text));

// The value a grid cell stands for, or null (plain: padding, inserted zero, gap, empty).
function cellValue(cell) {
  if (cell.matches('.pad, .zero, .gap') || !cell.dataset.value) return null;
  return Number(cell.dataset.value);
}

// Colours a grid's cells on one scale (from the values it shows now: a view is drawn
// finished, so an output's scale is that of its final values and stays while it refills).
function paintGrid(grid) {
  const cells = [...grid.querySelectorAll(':scope > .cell')];
  const values = cells.map(cellValue);
  const kind = grid.classList.contains('kernel') ? 'weight' : 'value';
  grid.scale = scaleOf(values.filter((v) => v !== null), kind);
  cells.forEach((cell, i) => tint(cell, values[i], grid.scale));
}

// The grids on which lit cells are the kernel's shape, and whether they are a window read
// by one output (its taps carry the weights of the kernel grid beside it).
function framedGrids(panel) {
  const windows = [...panel.querySelectorAll('.grid.zero-inserted')];
  // A convolution's padded input (not its output: the outputs an input feeds are no window).
  if (panel.querySelector('[data-testid="conv-output"]')) windows.push(panel.querySelector('.grids .grid.input'));
  const footprints = [...panel.querySelectorAll('[data-testid="scatter-output"], [data-testid="zero-output"]')];
  return [...windows.map((g) => [g, true]), ...footprints.map((g) => [g, false])];
}

function setUpFrames(panel) {
  for (const [grid, isWindow] of framedGrids(panel)) {
    const cells = [...grid.querySelectorAll(':scope > .cell')];
    const show = windowFrame({ grid, cells });
    const kernel = isWindow ? grid.closest('.grids').querySelector('.grid.kernel') : null;
    const weights = kernel ? [...kernel.querySelectorAll('.cell:not(.gap)')].map((c) => c.dataset.value) : null;
    grid.moveFrame = () => {
      const lit = cells.flatMap((c, i) => (c.classList.contains('lit') ? [i] : []));
      show(lit, weights && lit.length === weights.length ? weights : null);
    };
    grid.moveFrame();
  }
}

// A bar for each figure whose grid is coloured, saying what its colours stand for.
function addBars(panel) {
  for (const fig of panel.querySelectorAll('.grids figure')) {
    const grid = fig.querySelector(':scope > .grid');
    if (!grid?.scale) continue;
    const kind = ['kernel', 'output'].find((k) => grid.classList.contains(k));
    addBar(fig, grid.scale, { kernel: 'Kernel weights', output: 'Output values' }[kind] ?? 'Input values');
  }
}

// The mechanics' legend: the value and weight swatches shaded, and the window's frame.
function paintLegend(panel) {
  const list = panel.querySelector('.legend');
  if (!list || list.classList.contains('coloured')) return;
  const [value, , , kernel] = list.children;
  tint(value.querySelector('.swatch'), 0.55, { kind: 'value', lo: 0, hi: 1 });
  tint(kernel.querySelector('.swatch'), 0.7, { kind: 'weight', lo: -1, hi: 1 });
  const li = document.createElement('li');
  const frame = document.createElement('span');
  frame.className = 'swatch window-swatch';
  frame.setAttribute('aria-hidden', 'true');
  li.append(frame, 'kernel window');
  kernel.after(li);
  list.classList.add('coloured');
}

function paintMechanics(panel) {
  const grids = [...panel.querySelectorAll('.grids .grid')];
  const widest = Math.max(...grids.map((g) => Number(g.dataset.cols)));
  for (const grid of grids) {
    sizeCells(grid, widest);
    paintGrid(grid);
  }
  addBars(panel);
  paintLegend(panel);
  setUpFrames(panel);
}

// A table's entries ('·' is 0, left blank) on the weights' diverging scale.
function paintTable(table, cols, what) {
  const tds = [...table.querySelectorAll('td')];
  const values = tds.map((td) => number(td.textContent));
  const scale = scaleOf(values, 'weight');
  sizeCells(table, cols, { max: 30 });
  tds.forEach((td, i) => tint(td, values[i] === 0 ? null : values[i], scale));
  addBar(table.closest('.scroll') ?? table, scale, what);
}

// Cᵀ C as a heat map: sequential (diverging if an entry is negative), numbers on hover
// only, behind a closed disclosure: the point is its pattern, not its digits.
function paintGram(table) {
  const tds = [...table.querySelectorAll('td')];
  const values = tds.map((td) => number(td.textContent));
  const n = table.querySelectorAll('tr').length;
  const scale = scaleOf(values, values.some((v) => v < 0) ? 'weight' : 'value');
  sizeCells(table, n, { heat: true, max: n <= 16 ? 22 : n <= 36 ? 14 : 9, min: 4 });
  table.classList.add('heat-map');
  tds.forEach((td, i) => tint(td, values[i] === 0 ? null : values[i], scale));
  const box = table.closest('.scroll');
  const details = document.createElement('details');
  details.className = 'ctc-heat';
  details.dataset.testid = 'ctc-details';
  const summary = document.createElement('summary');
  summary.textContent = `Cᵀ C as a heat map (${n} × ${n})`;
  box.replaceWith(details);
  details.append(summary, box);
  addBar(box, scale, 'Entries of Cᵀ C');
}

// The views' Cᵀ C table stops at 25 x 25 (its digits would be a wall); as a heat map it
// reads well up to 100 x 100, so past 25 it is formed here from the matrix on the page
// (C = the table's matrix, or its transpose when that is Cᵀ), as deconvolution-note.js does.
const GRAM_MAX = 100;
function gramTable(panel, m) {
  const rows = Number(m.dataset.rows);
  const cols = Number(m.dataset.cols);
  const transposed = m.caption.textContent.startsWith('Cᵀ');
  const n = transposed ? rows : cols;
  const note = panel.querySelector('[data-testid="ctc"]');
  if (n > GRAM_MAX || !note) return null;
  const entries = [...m.querySelectorAll('td')].map((td) => number(td.textContent));
  const c = (k, i) => (transposed ? entries[i * cols + k] : entries[k * cols + i]);
  const inner = transposed ? cols : rows;
  const table = document.createElement('table');
  table.dataset.testid = 'ctc-matrix';
  const caption = document.createElement('caption');
  caption.textContent = `Cᵀ C: ${n} x ${n}`;
  table.append(caption);
  for (let i = 0; i < n; i++) {
    const tr = document.createElement('tr');
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += c(k, i) * c(k, j);
      const td = document.createElement('td');
      td.textContent = sum === 0 ? '·' : String(sum);
      tr.append(td);
    }
    table.append(tr);
  }
  const box = document.createElement('div');
  box.className = 'scroll';
  box.append(table);
  note.after(box);
  return table;
}

function paintMatrix(panel) {
  const ct = panel.querySelector('table.matrix[data-testid="matrix"]');
  if (ct) {
    // C beside Cᵀ (matrix-pair.js) has the same entries turned over: one cell size for both.
    const side = Math.max(Number(ct.dataset.rows), Number(ct.dataset.cols));
    paintTable(ct, side, `Entries of ${ct.caption.textContent.split(':')[0]}`);
    const c = panel.querySelector('table[data-testid="matrix-c"]');
    if (c) paintTable(c, side, 'Entries of C');
    const grids = [...panel.querySelectorAll('.matrix-linked .grid')];
    const widest = Math.max(...grids.map((g) => Number(g.dataset.cols)));
    for (const g of grids) sizeCells(g, widest, { max: 36 });
  }
  const gram = panel.querySelector('[data-testid="ctc-matrix"]') ?? (ct && gramTable(panel, ct));
  if (gram) paintGram(gram);
}

function paintCheckerboard(panel) {
  const grid = panel.querySelector('[data-testid="overlap"]');
  if (!grid) return;
  const cells = [...grid.children];
  const values = cells.map((c) => Number(c.textContent));
  const scale = scaleOf(values, 'value');
  const cols = Number(grid.style.gridTemplateColumns.match(/repeat\((\d+)/)[1]);
  sizeCells(grid, cols, { max: 36 });
  cells.forEach((cell, i) => tint(cell, values[i], scale));
  addBar(grid, scale, 'Overlap count');
}

// Repaints what the view changed since: a cell's value, or which cells are lit. A record
// whose old value is what the cell has now (set and set back within one step, or a class
// other than 'lit') changes nothing and is skipped.
function follow(panel) {
  const observer = new MutationObserver((records) => {
    observer.disconnect();
    const repaint = new Set();
    const moved = new Set();
    for (const { target, attributeName, oldValue } of records) {
      const grid = target.parentElement;
      if (!target.classList?.contains('cell') || !grid?.scale) continue;
      if (attributeName === 'data-value') {
        if (oldValue !== target.dataset.value) repaint.add(target);
      } else if (grid.moveFrame && /\blit\b/.test(oldValue ?? '') !== target.classList.contains('lit')) moved.add(grid);
    }
    repaint.forEach((cell) => tint(cell, cellValue(cell), cell.parentElement.scale));
    moved.forEach((grid) => grid.moveFrame());
    observer.observe(panel, WATCH);
  });
  return observer;
}

/** Paints the view just drawn in `panel` (mechanics, matrix or checkerboard). */
export function paintView(panel, view) {
  if (!observers.has(panel)) observers.set(panel, follow(panel));
  const observer = observers.get(panel);
  observer.disconnect();
  if (view === 'mechanics') paintMechanics(panel);
  else if (view === 'matrix') paintMatrix(panel);
  else if (view === 'checkerboard') paintCheckerboard(panel);
  observer.observe(panel, WATCH);
}
