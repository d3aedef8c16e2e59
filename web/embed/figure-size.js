// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The height a figure reserves before it has loaded anything: an estimate from its view,
// its attributes and the column it sits in, without the library. Grids are sized as the
// stylesheet sizes them (a cell is 1.6rem, 1.35rem on narrow screens, 2px apart) and laid
// out as the views lay them out (figures side by side while they fit); text is counted in
// lines of the column's width at the measured average character width. The estimate only
// has to be close: the figure takes its content's exact height as soon as that moves
// nothing the reader sees (wasmconv-figure.js), and scrolls inside its frame until then.

// Output size and explicit padding per axis, as the library computes them (PyTorch rules;
// 'same' splits the total with the smaller half first).
function axis(state, a) {
  const [i, k, s, d] = [state.input[a], state.kernel[a], state.stride[a], state.dilation[a]];
  const span = d * (k - 1) + 1;
  const transposed = state.mode === 'transposed';
  let [b, e] = [state.padding.begin[a], state.padding.end[a]];
  if (state.paddingName === 'valid') b = e = 0;
  if (state.paddingName === 'same') {
    const total = transposed ? span - s : Math.max((Math.ceil(i / s) - 1) * s + span - i, 0);
    b = Math.floor(total / 2);
    e = total - b;
  }
  if (transposed) {
    const o = state.outputSize ? state.outputSize[a] : (i - 1) * s - b - e + span + state.outputPadding[a];
    return { i, k: span, o: Math.max(o, 1), source: Math.max(o, 1) + span - 1 };
  }
  return { i, k: span, o: Math.max(Math.floor((i + b + e - span) / s) + 1, 1), source: i + b + e };
}

/**
 * @param {object} state  the figure's parsed attributes (web/state.js)
 * @param {object} env    width (px) of the figure's column, fontSize and lineHeight (px) of
 *   the figure, rem (px), charWidth (px, average, at fontSize), narrow (the stylesheet's
 *   small-screen cells), controls, link, details (the figure's attributes)
 */
export function estimateHeight(state, env) {
  const { width, fontSize: fs, lineHeight: lh, rem, charWidth: cw, narrow } = env;
  const ratio = lh / fs;
  const lines = (chars, scale = 1, w = width) => Math.max(1, Math.ceil((chars * cw * scale) / w));
  // A paragraph of `chars` characters: its lines and one margin (adjacent margins collapse).
  const para = (chars, w = width, scale = 1) => (lines(chars, scale, w) * ratio + 1) * fs * scale;
  const h3 = (chars, w = width) => (lines(chars, 1.17, w) * ratio + 1) * 1.17 * fs;
  const pitch = (narrow ? 1.35 : 1.6) * rem + 2;
  const caption = 0.9 * lh;
  // A row of figures ([rows, cols, caption characters]) that wraps like .grids.
  const row = (figures, w = width) => {
    const gap = 1.5 * rem;
    let total = 0;
    let used = Infinity;
    let tallest = 0;
    for (const [rows, cols, chars] of figures) {
      const fw = Math.min(Math.max(cols * pitch - 2, chars * cw * 0.9) + 6, w);
      const fh = rows * pitch + 4 + lines(chars, 0.9, fw) * caption + (cols * pitch > w ? 15 : 0);
      if (used + gap + fw > w) {
        total += tallest + (used === Infinity ? 0 : gap);
        used = fw;
        tallest = fh;
      } else {
        used += gap + fw;
        tallest = Math.max(tallest, fh);
      }
    }
    return total + tallest + fs;
  };
  const player = 29 + 0.75 * rem;
  const legend = lines(64 + 25 * 6, 0.85) * 0.85 * lh + 0.75 * rem;
  const [y, x] = [axis(state, 0), axis(state, 1)];
  const transposed = state.mode === 'transposed';
  let height = para(70); // the summary line
  switch (state.view) {
    case 'matrix': {
      const [inputs, outputs] = [y.i * x.i, y.o * x.o];
      const rowHeight = 0.8 * lh + 0.2 * rem + 2;
      height += para(215);
      // Beyond 1600 entries the view says so instead of drawing the matrix and its grids.
      height += inputs * outputs > 1600 ? para(60)
        : row([[y.i, x.i, 20], [y.o, x.o, 18]]) + fs + (outputs + 1) * rowHeight + 0.8 * lh + ((inputs + 1) * 1.8 * fs > width ? 15 : 0);
      if (env.details) {
        const n = transposed ? outputs : inputs;
        height += h3(45) + para(330) + (n <= 25 ? (n + 1) * rowHeight + 0.8 * lh : 0) + 2 * lines(70) * lh + 2 * fs;
      }
      break;
    }
    case 'arithmetic': {
      const pairs = transposed ? 4 : 2;
      height += pairs * (lh + 0.5 * rem) + pairs * lines(transposed ? 120 : 100, 1.1) * lh + fs;
      const sizes = transposed ? Math.max(state.stride[0], state.dilation[0]) : state.stride[0];
      height += para(110) + h3(40) + para(200) + (sizes + 1) * (lh + 0.5 * rem) + (width < 25 * rem ? lh : 0);
      break;
    }
    case 'checkerboard': {
      const [rows, cols] = transposed ? [y.o, x.o] : [y.i, x.i];
      height += para(110) + rows * pitch + 4 + (cols * pitch > width ? 15 : 0) + para(transposed ? 190 : 70);
      // Three 192px images with their captions, as many side by side as fit, then one more.
      const perRow = Math.max(1, Math.floor((width + rem) / (200 + rem)));
      const image = 192 + 3 * caption + rem;
      height += h3(75) + para(150) + Math.ceil(3 / perRow) * image + rem;
      height += transposed ? 192 * (y.o / x.o) + 6 * caption + rem : para(70);
      break;
    }
    case 'receptive-field': {
      const layers = state.layers ? state.layers.length : 4;
      const narrowTable = width < 40 * rem;
      height += player + (narrowTable ? lh : 0) + (layers + 1) * (narrowTable ? 2 * lh + 8 : lh + 14) + 15;
      height += 21 + para(280) + h3(40) + para(120) + layers * (1.15 * rem + 1) * 4 + 2 * lh;
      break;
    }
    default: {
      // mechanics
      if (transposed) {
        const side = width >= 54.5 * rem;
        const w = side ? (width - 2.5 * rem) / 2 : width;
        const scatter = h3(40, w) + para(160, w) + row([[y.i, x.i, 9], [y.k, x.k, 10], [y.o, x.o, 28]], w) + para(80, w);
        const zero = h3(40, w) + para(330, w) + row([[y.source, x.source, 34], [y.k, x.k, 14], [y.o, x.o, 10]], w) + para(120, w);
        height += player + legend + (side ? Math.max(scatter, zero) : scatter + zero + rem) + para(85) + para(170) + para(130);
      } else {
        const padded = y.source > y.i || x.source > x.i;
        height += player + legend + para(padded ? 210 : 130) + row([[y.source, x.source, 20], [y.k, x.k, 24], [y.o, x.o, 10]]) + para(80);
      }
    }
  }
  if (env.controls) height += 0.9 * lh + rem + 18;
  if (env.link) height += lh;
  height += 0.5 * rem; // the content's bottom padding (figure.css)
  return Math.round(height);
}
