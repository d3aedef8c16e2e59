// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Under the checkerboard view's counts (playground only, not the blog embed): a stack of
// one to three upsampling layers, and the overlap count after each as a coloured 2-D grid
// and a 1-D profile (upsampling-counts.js, computed by the library), so the pattern is
// seen to compound: three 3x3 stride-2 layers give a checkerboard of checkerboards, three
// 4x4 stride-2 layers stay even inside. The stack lives in the page state (URL
// `upsampling`, `upsampling-input`: upsampling-layers.js); every edit hands the new
// settings to `onChange`, which re-renders.
import { DEFAULT_UPSAMPLING, MAX_UPSAMPLING, UPSAMPLING_LIMITS, UPSAMPLING_PRESETS } from './upsampling-layers.js';
import { upsamplingCounts } from './upsampling-counts.js';
import { addBar, scaleOf, sizeCells, tint } from './views/colour.js';
import { profileChart, sizeLikeGrid } from './upsampling-profile.js';

// A whole-number field; a value outside lo..hi is explained through `showError`, not applied.
function numberField(text, name, value, [lo, hi], apply, showError) {
  const label = document.createElement('label');
  label.textContent = text;
  const input = document.createElement('input');
  input.type = 'number';
  Object.assign(input, { min: String(lo), max: String(hi), value: String(value) });
  input.setAttribute('aria-label', name);
  input.addEventListener('change', () => {
    if (input.validity.valid && input.value !== '') apply(Number(input.value));
    else showError(`${name}: ${input.value === '' ? 'enter a number' : `${input.value} is not allowed`}; use a whole number from ${lo} to ${hi}.`);
  });
  label.append(input);
  return label;
}

function controls(stack, n, onChange, showError) {
  const box = document.createElement('div');
  box.className = 'stack-controls';
  const presets = document.createElement('div');
  presets.className = 'player';
  for (const [name, layers] of Object.entries(UPSAMPLING_PRESETS)) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.addEventListener('click', () => onChange({ upsampling: layers.map((l) => ({ ...l })) }));
    presets.append(b);
  }
  const count = document.createElement('label');
  count.textContent = 'Layers ';
  const select = document.createElement('select');
  select.setAttribute('aria-label', 'Number of upsampling layers');
  for (let i = 1; i <= MAX_UPSAMPLING; i++) select.append(new Option(String(i), String(i), false, i === stack.length));
  select.addEventListener('change', () => {
    const m = Number(select.value);
    const next = stack.slice(0, m);
    while (next.length < m) next.push({ ...next[next.length - 1] });
    onChange({ upsampling: next });
  });
  count.append(select);
  const row = document.createElement('div');
  row.className = 'stack-row';
  row.append(count, numberField('Input ', 'Upsampling input size', n, UPSAMPLING_LIMITS.input, (v) => onChange({ upsamplingInput: v }), showError));
  const layers = document.createElement('div');
  layers.className = 'stack-row';
  stack.forEach((l, i) => {
    const set = (key) => (v) => onChange({ upsampling: stack.map((m, j) => (j === i ? { ...m, [key]: v } : m)) });
    const group = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = `Layer ${i + 1}`;
    group.append(
      legend,
      numberField('kernel ', `Upsampling layer ${i + 1} kernel`, l.kernel, UPSAMPLING_LIMITS.kernel, set('kernel'), showError),
      numberField('stride ', `Upsampling layer ${i + 1} stride`, l.stride, UPSAMPLING_LIMITS.stride, set('stride'), showError),
    );
    layers.append(group);
  });
  box.append(presets, row, layers);
  return box;
}

const range = (l) => (l.min === null ? 'no interior yet' : l.min === l.max ? `${l.min} everywhere inside` : `${l.min} to ${l.max} inside`);
const ratio = (l) => (l.min === null ? null : l.min === 0 ? Infinity : l.max / l.min);
const ratioText = (r) => (r === Infinity ? 'some pixels get no tap' : `max/min ${Number.isInteger(r) ? r : r.toFixed(2)}`);

// The counts after one layer: a coloured grid (numbers in the cells while they fit, on
// hover past that) and its profile along one axis.
function layerFigure(l, i, kernel, stride) {
  const fig = document.createElement('figure');
  fig.className = 'stack-layer';
  fig.dataset.testid = 'upsampling-layer';
  const grid = document.createElement('div');
  grid.className = 'grid heat';
  grid.dataset.testid = 'upsampling-grid';
  grid.dataset.cols = String(l.side);
  grid.style.gridTemplateColumns = `repeat(${l.side}, var(--cell))`;
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', `Overlap counts after layer ${i + 1}, ${l.side} by ${l.side}: from ${Math.min(...l.counts)} to ${Math.max(...l.counts)}, ${range(l)}`);
  for (const v of l.counts) {
    const cell = document.createElement('span');
    cell.className = 'cell';
    cell.textContent = String(v);
    cell.dataset.value = String(v);
    grid.append(cell);
  }
  // The grid and its profile scroll together, the bars under their columns.
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.append(grid, profileChart(l.profile, l.interior, `Profile after layer ${i + 1}`));
  const caption = document.createElement('figcaption');
  caption.textContent = `After layer ${i + 1} (kernel ${kernel}, stride ${stride}): ${l.side}×${l.side}, counts ${range(l)}${ratio(l) === null ? '' : ` (${ratioText(ratio(l))})`}; the bars: one row's profile, grey at the borders.`;
  fig.append(scroll, caption);
  return fig;
}

/** Colours a figure's grid once it is in the page (cell sizes by its own columns). */
function paint(fig) {
  const grid = fig.querySelector('.grid');
  const cells = [...grid.children];
  const values = cells.map((c) => Number(c.dataset.value));
  const scale = scaleOf(values, 'value');
  const cols = Number(grid.dataset.cols);
  sizeCells(grid, cols, { heat: cols > 16, max: 36, min: 6 });
  sizeLikeGrid(fig.querySelector('.profile'), grid);
  cells.forEach((c, k) => tint(c, values[k], scale));
  addBar(fig, scale, 'Overlap count');
}

/**
 * The section: controls, one figure per layer, and a sentence on what the counts show.
 * `settings`: { upsampling (null: the default stack), upsamplingInput }.
 */
export function checkerboardStack(wc, settings, { onChange, showError }) {
  const stack = settings.upsampling ?? DEFAULT_UPSAMPLING;
  const n = settings.upsamplingInput;
  const section = document.createElement('section');
  section.className = 'upsampling-stack';
  section.dataset.testid = 'upsampling-stack';
  const heading = document.createElement('h3');
  heading.textContent = 'A stack of upsampling layers: how the overlap compounds';
  const intro = document.createElement('p');
  const through = stack.length === 1 ? 'one transposed convolution' : `${stack.length} transposed convolutions`;
  intro.textContent = `A flat input of ones (${n}×${n}) through ${through} with kernels of ones, computed by the library: each output pixel counts the paths of kernel taps that reach it.`;
  section.append(heading, intro, controls(stack, n, onChange, showError));
  const { layers, tooLarge } = upsamplingCounts(wc, stack, n);
  const figures = document.createElement('div');
  figures.className = 'stack-figures';
  layers.forEach((l, i) => figures.append(layerFigure(l, i, stack[i].kernel, stack[i].stride)));
  const summary = document.createElement('p');
  summary.dataset.testid = 'upsampling-summary';
  summary.dataset.ratios = layers.map((l) => String(ratio(l))).join(',');
  const steps = layers.map((l, i) => `after layer ${i + 1}, ${range(l)}${ratio(l) === null ? '' : ` (${ratioText(ratio(l))})`}`);
  const even = layers.every((l) => ratio(l) === 1);
  summary.textContent = tooLarge
    ? `Layer ${tooLarge.layer}'s output would be ${tooLarge.side}×${tooLarge.side}, too large to draw (up to 64×64): use a smaller input, kernel or stride.`
    : `Counts: ${steps.join('; ')}. ${
        even
          ? 'Every kernel size is a multiple of its stride: the overlap is even inside, only the borders get fewer taps.'
          : 'A kernel size that is not a multiple of its stride overlaps unevenly, and each further layer multiplies the pattern: the checkerboard compounds.'
      }`;
  section.append(figures, summary);
  // Sizes and colours need the cells in a grid with its data-size: paint after assembly.
  for (const fig of figures.children) paint(fig);
  return section;
}
