// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The kernel drawn on a grid as a moving window: a frame around the cells one output reads
// (a convolution's window on its padded input, the zero-inserted grid's window) or one
// input writes (the transposed convolution's scattered footprint on its output). The frame
// spans the rows and columns from the first to the last such cell, so with dilation it
// encloses the gaps too, and the cells themselves (the kernel's taps) are ringed and carry
// the weight that multiplies them (data-weight, shown in a corner where the cell is large
// enough). The frame is a child of the grid placed on the grid's own lines, so it moves
// with the cells at any size; it is hidden from assistive tech (the status line says the
// same in words).

/** A frame for cellGrid `g` ({ grid, cells }); returns show(cells, weights) / show(null). */
export function windowFrame({ grid, cells }) {
  const frame = document.createElement('div');
  frame.className = 'kernel-window';
  frame.dataset.testid = 'window';
  frame.setAttribute('aria-hidden', 'true');
  frame.hidden = true;
  grid.append(frame);
  const cols = Number(grid.dataset.cols);
  let marked = [];
  return (indices, weights) => {
    for (const i of marked) {
      cells[i].classList.remove('tap');
      delete cells[i].dataset.weight;
    }
    marked = indices ?? [];
    frame.hidden = !marked.length;
    if (!marked.length) {
      delete frame.dataset.cells;
      return;
    }
    const rows = marked.map((i) => Math.floor(i / cols));
    const colsOf = marked.map((i) => i % cols);
    const [r0, r1, c0, c1] = [Math.min(...rows), Math.max(...rows), Math.min(...colsOf), Math.max(...colsOf)];
    frame.style.gridArea = `${r0 + 1} / ${c0 + 1} / ${r1 + 2} / ${c1 + 2}`;
    frame.dataset.cells = `${r0},${c0},${r1},${c1}`;
    marked.forEach((i, t) => {
      cells[i].classList.add('tap');
      if (weights) cells[i].dataset.weight = weights[t];
    });
  };
}
