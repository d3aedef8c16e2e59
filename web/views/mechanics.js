// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The mechanics view: the small input, kernel and output grids. Which input cells feed
// which output cells comes from the library's convolution matrix (a kernel of ones), so
// the picture is exactly what the library computes: many-to-one for convolution (focus
// an output), one-to-many for the transposed op (focus an input).

function cellGrid(label, rows, cols, kind) {
  const grid = document.createElement('div');
  grid.className = `grid ${kind}`;
  grid.style.gridTemplateColumns = `repeat(${cols}, var(--cell))`;
  grid.setAttribute('role', 'group');
  grid.setAttribute('aria-label', label);
  const cells = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = 'cell';
    cell.dataset.index = String(r * cols + c);
    cell.setAttribute('aria-label', `${kind} row ${r + 1} column ${c + 1}`);
    grid.append(cell);
    cells.push(cell);
  }
  return { grid, cells };
}

function figure(title, content) {
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  fig.append(content, cap);
  return fig;
}

/** Renders into `panel`; `matrix` is { data, rows, cols } of the current op (ones kernel). */
export function renderMechanics(panel, { state, matrix, outputShape }) {
  panel.replaceChildren();
  const [ih, iw] = state.input;
  const [oh, ow] = outputShape.slice(2);
  const transposed = state.mode === 'transposed';
  const input = cellGrid('Input', ih, iw, 'input');
  const output = cellGrid('Output', oh, ow, 'output');
  // The dilated kernel footprint: taps with gaps of dilation - 1 between them.
  const [kh, kw] = state.kernel;
  const [dh, dw] = state.dilation;
  const kernel = cellGrid('Kernel (dilated footprint)', dh * (kh - 1) + 1, dw * (kw - 1) + 1, 'kernel');
  kernel.cells.forEach((cell, i) => {
    const r = Math.floor(i / (dw * (kw - 1) + 1));
    const c = i % (dw * (kw - 1) + 1);
    const tap = r % dh === 0 && c % dw === 0;
    cell.classList.toggle('gap', !tap);
    cell.setAttribute('aria-label', tap ? `kernel tap ${r / dh + 1}, ${c / dw + 1}` : 'gap inserted by dilation');
  });

  const status = document.createElement('p');
  status.className = 'link-status';
  status.setAttribute('aria-live', 'polite');
  status.dataset.testid = 'link-status';

  const clear = () => {
    for (const c of [...input.cells, ...output.cells]) c.classList.remove('lit', 'focus');
  };
  // Output r reads input c where matrix[r][c] != 0.
  const litFromOutput = (r) => {
    clear();
    output.cells[r].classList.add('focus');
    let n = 0;
    for (let c = 0; c < matrix.cols; c++) {
      if (matrix.data[r * matrix.cols + c] !== 0) {
        input.cells[c].classList.add('lit');
        n++;
      }
    }
    status.textContent = `Output (${Math.floor(r / ow) + 1}, ${(r % ow) + 1}) ${transposed ? 'receives from' : 'reads'} ${n} input cell${n === 1 ? '' : 's'}.`;
    status.dataset.count = String(n);
  };
  const litFromInput = (c) => {
    clear();
    input.cells[c].classList.add('focus');
    let n = 0;
    for (let r = 0; r < matrix.rows; r++) {
      if (matrix.data[r * matrix.cols + c] !== 0) {
        output.cells[r].classList.add('lit');
        n++;
      }
    }
    status.textContent = `Input (${Math.floor(c / iw) + 1}, ${(c % iw) + 1}) ${transposed ? 'scatters into' : 'feeds'} ${n} output cell${n === 1 ? '' : 's'}.`;
    status.dataset.count = String(n);
  };
  output.cells.forEach((cell, r) => {
    cell.addEventListener('mouseenter', () => litFromOutput(r));
    cell.addEventListener('focus', () => litFromOutput(r));
  });
  input.cells.forEach((cell, c) => {
    cell.addEventListener('mouseenter', () => litFromInput(c));
    cell.addEventListener('focus', () => litFromInput(c));
  });

  // Stepping through the outputs: play / pause / step.
  const controls = document.createElement('div');
  controls.className = 'player';
  let timer = null;
  let step = -1;
  const advance = () => {
    step = (step + 1) % (oh * ow);
    litFromOutput(step);
  };
  const play = document.createElement('button');
  play.type = 'button';
  play.textContent = 'Play';
  play.addEventListener('click', () => {
    if (timer) {
      clearInterval(timer);
      timer = null;
      play.textContent = 'Play';
    } else {
      timer = setInterval(advance, 700);
      play.textContent = 'Pause';
    }
  });
  const stepButton = document.createElement('button');
  stepButton.type = 'button';
  stepButton.textContent = 'Step';
  stepButton.addEventListener('click', advance);
  controls.append(play, stepButton);

  const row = document.createElement('div');
  row.className = 'grids';
  row.append(figure(`Input ${ih}x${iw}`, input.grid), figure(`Kernel ${kh}x${kw}, dilation ${dh}x${dw}`, kernel.grid),
    figure(`Output ${oh}x${ow}`, output.grid));
  panel.append(controls, row, status);
  return () => timer && clearInterval(timer);
}
