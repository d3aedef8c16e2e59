// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Why "deconvolution" is a misnomer: the transposed convolution multiplies by Cᵀ, and
// Cᵀ C (convolution, then transposed convolution) is not the identity, so it does not
// undo the convolution. The product is formed from the library's matrix of the current
// op: C = M for a convolution, C = M^T when M is the transposed op's matrix.

/** M: { data, rows, cols } of the current op. */
export function deconvolutionNote(M, { transposed }) {
  // Cᵀ C is n x n with n the size of the convolution's input.
  const n = transposed ? M.rows : M.cols;
  const inner = transposed ? M.cols : M.rows;
  // C[k][i] = M[k][i] (conv) or M[i][k] (transposed); G[i][j] = sum_k C[k][i] C[k][j].
  const section = document.createElement('section');
  section.setAttribute('aria-label', 'Why not deconvolution');
  const h = document.createElement('h3');
  h.textContent = '"Deconvolution" does not undo a convolution';
  section.append(h);
  const p = document.createElement('p');
  p.dataset.testid = 'ctc';
  section.append(p);
  if (n * M.rows * M.cols > 5e7) {
    p.textContent =
      'The transposed convolution multiplies by Cᵀ, not by the inverse of C, so it is no "deconvolution". Choose a smaller input to see Cᵀ C.';
    return section;
  }
  const c = (k, i) => (transposed ? M.data[i * M.cols + k] : M.data[k * M.cols + i]);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += c(k, i) * c(k, j);
      G[i * n + j] = s;
    }
  }
  let offDiagonal = 0;
  let maxDiff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = G[i * n + j];
      if (i !== j && v !== 0) offDiagonal++;
      maxDiff = Math.max(maxDiff, Math.abs(v - (i === j ? 1 : 0)));
    }
  }
  const identity = maxDiff === 0;
  p.dataset.identity = String(identity);
  p.dataset.offDiagonal = String(offDiagonal);
  const diagonal = Array.from({ length: n }, (_, i) => G[i * n + i]);
  p.textContent = identity
    ? `Here Cᵀ C happens to be the ${n}x${n} identity (a single tap of weight 1 with stride 1 copies the input), so the transposed convolution undoes this convolution. That is the exception: most kernels and strides break it.`
    : `The transposed convolution is often called "deconvolution", but it multiplies by Cᵀ, not by the inverse of C. For this setting Cᵀ C (${n}x${n}) is not the identity: its diagonal runs from ${Math.min(...diagonal)} to ${Math.max(...diagonal)} and ${offDiagonal} entries off the diagonal are nonzero (largest difference from the identity ${maxDiff}). Convolving and then transposing gives back a blurred, rescaled input, not the input.`;
  if (n <= 25) {
    const table = document.createElement('table');
    table.className = 'matrix';
    table.dataset.testid = 'ctc-matrix';
    const caption = document.createElement('caption');
    caption.textContent = `Cᵀ C: ${n} x ${n}`;
    table.append(caption);
    for (let i = 0; i < n; i++) {
      const tr = document.createElement('tr');
      for (let j = 0; j < n; j++) {
        const td = document.createElement('td');
        const v = G[i * n + j];
        td.textContent = v === 0 ? '·' : String(v);
        if (v !== 0) td.className = 'nz';
        tr.append(td);
      }
      table.append(tr);
    }
    const scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.append(table);
    section.append(scroll);
  }
  return section;
}
