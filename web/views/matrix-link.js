// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The matrix as a table whose rows and columns are linked to the grids: row r is output
// cell r, column c is input cell c (both flattened row by row). Hovering or focusing a row
// header lights the output cell and the input cells its nonzero entries read; a column
// header lights the input cell and the outputs it feeds; the grid cells link back.
// Row headers form one tab stop (Up / Down move), column headers another (Left / Right).
import { cellGrid, figure } from './grid.js';
import { columnOf, rowOf } from './mechanics-data.js';

const rc = (i, cols) => `(${Math.floor(i / cols) + 1}, ${(i % cols) + 1})`;

// One tab stop for a list of buttons; `keys` are the keys that go back and forth.
function roving(buttons, [back, forth]) {
  buttons.forEach((b, i) => {
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener('keydown', (event) => {
      const to =
        event.key === forth
          ? i + 1
          : event.key === back
            ? i - 1
            : event.key === 'Home'
              ? 0
              : event.key === 'End'
                ? buttons.length - 1
                : null;
      if (to === null || to < 0 || to >= buttons.length) return;
      event.preventDefault();
      b.tabIndex = -1;
      buttons[to].tabIndex = 0;
      buttons[to].focus();
    });
  });
}

function headButton(text, label, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  return b;
}

/** m: { data, rows, cols }; input / output: [h, w] of the grids the rows and columns stand for. */
export function linkedMatrix(m, { transposed, input: [ih, iw], output: [oh, ow] }) {
  const wrap = document.createElement('div');
  wrap.className = 'matrix-linked';
  const name = transposed ? 'Cᵀ' : 'C';
  const table = document.createElement('table');
  table.className = 'matrix';
  table.dataset.testid = 'matrix';
  table.dataset.rows = String(m.rows);
  table.dataset.cols = String(m.cols);
  const caption = document.createElement('caption');
  caption.textContent = `${name}: ${m.rows} x ${m.cols} (row = output cell, column = input cell)`;
  table.append(caption);
  const head = document.createElement('tr');
  head.append(document.createElement('th'));
  const colHeads = [];
  for (let c = 0; c < m.cols; c++) {
    const th = document.createElement('th');
    th.scope = 'col';
    const b = headButton(String(c + 1), `column ${c + 1}: input cell ${rc(c, iw)}`, 'col-head');
    b.dataset.col = String(c);
    th.append(b);
    head.append(th);
    colHeads.push(b);
  }
  table.append(head);
  const rowHeads = [];
  const tds = [];
  for (let r = 0; r < m.rows; r++) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    const b = headButton(String(r + 1), `row ${r + 1}: output cell ${rc(r, ow)}`, 'row-head');
    b.dataset.row = String(r);
    th.append(b);
    tr.append(th);
    rowHeads.push(b);
    for (let c = 0; c < m.cols; c++) {
      const td = document.createElement('td');
      const v = m.data[r * m.cols + c];
      td.textContent = v === 0 ? '·' : String(v);
      if (v !== 0) td.className = 'nz';
      tr.append(td);
      tds.push(td);
    }
    table.append(tr);
  }
  roving(rowHeads, ['ArrowUp', 'ArrowDown']);
  roving(colHeads, ['ArrowLeft', 'ArrowRight']);

  const inGrid = cellGrid({
    label: 'Input cells (matrix columns)',
    rows: ih,
    cols: iw,
    kind: 'input',
    text: (c) => String(c + 1),
    describe: (c) => `input cell ${rc(c, iw)}, matrix column ${c + 1}`,
  });
  const outGrid = cellGrid({
    label: 'Output cells (matrix rows)',
    rows: oh,
    cols: ow,
    kind: 'output',
    text: (r) => String(r + 1),
    describe: (r) => `output cell ${rc(r, ow)}, matrix row ${r + 1}`,
  });
  const status = document.createElement('p');
  status.dataset.testid = 'matrix-link';
  status.setAttribute('aria-live', 'polite');

  const clear = () => {
    for (const el of [...tds, ...rowHeads, ...colHeads, ...inGrid.cells, ...outGrid.cells])
      el.classList.remove('lit', 'focus');
  };
  const showRow = (r) => {
    clear();
    rowHeads[r].classList.add('focus');
    outGrid.cells[r].classList.add('focus');
    const cols = rowOf(m, r);
    for (let c = 0; c < m.cols; c++) tds[r * m.cols + c].classList.add('lit');
    for (const c of cols) {
      inGrid.cells[c].classList.add('lit');
      colHeads[c].classList.add('lit');
    }
    status.textContent = `Row ${r + 1} is output ${rc(r, ow)}: its ${cols.length} nonzero entries are in columns ${cols.map((c) => c + 1).join(', ')}, the input cells it ${transposed ? 'receives from' : 'reads'}.`;
    status.dataset.row = String(r);
    status.dataset.cols = cols.join(',');
    delete status.dataset.col;
  };
  const showCol = (c) => {
    clear();
    colHeads[c].classList.add('focus');
    inGrid.cells[c].classList.add('focus');
    const rows = columnOf(m, c);
    for (let r = 0; r < m.rows; r++) tds[r * m.cols + c].classList.add('lit');
    for (const r of rows) {
      outGrid.cells[r].classList.add('lit');
      rowHeads[r].classList.add('lit');
    }
    status.textContent = `Column ${c + 1} is input ${rc(c, iw)}: it ${transposed ? 'scatters into' : 'feeds'} rows ${rows.map((r) => r + 1).join(', ')} (${rows.length} outputs).`;
    status.dataset.col = String(c);
    status.dataset.rows = rows.join(',');
    delete status.dataset.row;
  };
  const on = (elements, show) =>
    elements.forEach((el, i) => {
      for (const type of ['mouseenter', 'focus', 'click']) el.addEventListener(type, () => show(i));
    });
  on(rowHeads, showRow);
  on(outGrid.cells, showRow);
  on(colHeads, showCol);
  on(inGrid.cells, showCol);

  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.append(table);
  const grids = document.createElement('div');
  grids.className = 'grids';
  grids.append(figure(`Input ${ih}x${iw} (columns)`, inGrid.grid), figure(`Output ${oh}x${ow} (rows)`, outGrid.grid));
  wrap.append(grids, status, scroll);
  return wrap;
}
