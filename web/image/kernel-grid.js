// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The editable kernel: one number input per tap, laid out as the kernel (rows x columns),
// labelled "weight row r column c" for screen readers and reachable with Tab; arrow keys
// step a value, typing replaces it. Editing a cell reports the whole kernel, which the view
// then treats as a custom kernel.

/** Creates the grid in `container`; `onEdit(weights)` gets every weight after an edit. */
export function createKernelGrid(container, onEdit) {
  let size = [0, 0];
  let weights = [];
  const cells = [];
  container.classList.add('kernel-grid');
  container.setAttribute('role', 'group');

  function build([h, w]) {
    size = [h, w];
    container.style.gridTemplateColumns = `repeat(${w}, auto)`;
    container.setAttribute('aria-label', `Kernel weights, ${h} rows by ${w} columns`);
    cells.length = 0;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const cell = document.createElement('input');
        cell.type = 'number';
        cell.step = 'any';
        cell.dataset.index = String(r * w + c);
        cell.setAttribute('aria-label', `weight row ${r + 1} column ${c + 1}`);
        cell.addEventListener('change', () => {
          const v = Number(cell.value);
          if (cell.value === '' || !Number.isFinite(v)) {
            cell.value = format(weights[r * w + c]);
            return;
          }
          const next = [...weights];
          next[r * w + c] = v;
          onEdit(next);
        });
        cells.push(cell);
      }
    }
    container.replaceChildren(...cells);
  }

  // Short but faithful labels: four decimals are enough to read 1/9 or 1/256.
  const format = (v) => String(Number(v.toFixed(4)));

  /** Shows an h x w kernel (rebuilding the cells only when the size changes). */
  return function update([h, w], values) {
    if (h !== size[0] || w !== size[1]) build([h, w]);
    weights = [...values];
    cells.forEach((cell, i) => {
      // Leave the cell being edited alone when its value is already what the state says.
      if (cell === document.activeElement && Number(cell.value) === weights[i]) return;
      cell.value = format(weights[i]);
    });
  };
}
