// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive-field view: a stack of layers (kernel, stride, dilation, padding,
// transposed or not) and, per layer, the receptive field and jump computed by the library
// (r_L = 1 + sum (k_l - 1) d_l prod_{j<l} s_j for convolutions), drawn on a 1-D input.
// The stack lives in the page state (URL `layers`, receptive-field-layers.js): every edit
// hands a new stack to `onLayers`, which re-renders.
import { DEFAULT_LAYERS, fieldSpecs, LAYER_PRESETS, LIMITS } from '../receptive-field-layers.js';
import { renderFieldDrawing } from './receptive-field-drawing.js';

// A number typed outside min..max (or not whole) is explained through `showError`, not applied.
function numberInput(label, value, min, max, onChange, showError, layer) {
  const wrap = document.createElement('label');
  wrap.textContent = label;
  const input = document.createElement('input');
  input.type = 'number';
  input.min = String(min);
  input.max = String(max);
  input.value = String(value);
  // Every row has the same visible labels: the accessible name says which layer.
  input.setAttribute('aria-label', `Layer ${layer} ${label}`);
  input.addEventListener('change', () => {
    if (input.validity.valid && input.value !== '') onChange(Number(input.value));
    else showError(`Layer ${layer} ${label}: ${input.value === '' ? 'enter a number' : `${input.value} is not allowed`}; use a whole number from ${min} to ${max}.`);
  });
  wrap.append(input);
  return wrap;
}

export function renderReceptiveField(panel, { wc, showError, layers: given, onLayers }) {
  const layers = (given ?? DEFAULT_LAYERS).map((l) => ({ ...l }));
  // Every edit re-renders the panel: keep the keyboard focus on the same control.
  const active = panel.getRootNode().activeElement;
  const focused = active && panel.contains(active) ? (active.getAttribute('aria-label') ?? active.textContent) : null;
  // Edits change the copy, then hand it on (without a page state: redraw in place).
  const redraw = () =>
    onLayers ? onLayers(layers) : renderReceptiveField(panel, { wc, showError, layers, onLayers });
  panel.replaceChildren();
  const presets = document.createElement('div');
  presets.className = 'player';
  for (const name of Object.keys(LAYER_PRESETS)) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.addEventListener('click', () => {
      layers.splice(0, layers.length, ...LAYER_PRESETS[name].map((l) => ({ ...l })));
      redraw();
    });
    presets.append(b);
  }
  let rf = [];
  try {
    rf = wc.receptiveField(fieldSpecs(layers));
  } catch (e) {
    showError(e.message);
  }
  const table = document.createElement('table');
  table.className = 'layers';
  table.dataset.testid = 'receptive-field';
  const head = document.createElement('tr');
  for (const h of ['Layer', 'Settings', 'Receptive field', 'Jump', '']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  table.append(head);
  layers.forEach((layer, i) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = String(i + 1);
    const settings = document.createElement('td');
    settings.append(
      ...['kernel', 'stride', 'dilation', 'padding'].map((key) =>
        numberInput(key, layer[key] ?? 0, ...LIMITS[key], (v) => ((layer[key] = v), redraw()), showError, i + 1),
      ),
    );
    const t = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = layer.transposed;
    box.addEventListener('change', () => ((layer.transposed = box.checked), redraw()));
    box.setAttribute('aria-label', `Layer ${i + 1} transposed`);
    t.append(box, ' transposed');
    settings.append(t);
    const size = document.createElement('td');
    size.textContent = rf[i] ? String(rf[i].size) : '';
    size.dataset.value = size.textContent;
    const jump = document.createElement('td');
    jump.textContent = rf[i] ? String(rf[i].jump) : '';
    const remove = document.createElement('td');
    const rm = document.createElement('button');
    rm.type = 'button';
    rm.textContent = 'Remove';
    rm.setAttribute('aria-label', `Remove layer ${i + 1}`);
    rm.disabled = layers.length === 1;
    rm.addEventListener('click', () => {
      layers.splice(i, 1);
      redraw();
    });
    remove.append(rm);
    tr.append(name, settings, size, jump, remove);
    table.append(tr);
  });
  const add = document.createElement('button');
  add.type = 'button';
  add.textContent = 'Add a layer';
  add.addEventListener('click', () => {
    layers.push({ kernel: 3, stride: 1, dilation: 1, padding: 0, transposed: false });
    redraw();
  });
  const note = document.createElement('p');
  note.textContent =
    'Receptive field: the input pixels one output can depend on. Jump: input pixels between neighbouring outputs. Dilation grows the field without adding weights.';
  // The weights the stack spends on its field, against one layer with the same field.
  const field = rf[layers.length - 1]?.size;
  const weights = document.createElement('p');
  weights.dataset.testid = 'rf-weights';
  if (field && !layers.some((l) => l.transposed)) {
    const spent = layers.reduce((n, l) => n + l.kernel * l.kernel, 0);
    weights.dataset.value = `${spent},${field * field}`;
    weights.textContent = `Weights per channel pair (square kernels): ${spent} in this stack (${layers.map((l) => `${l.kernel}²`).join(' + ')}); one ${field}×${field} layer with the same ${field}-pixel field has ${field * field}.`;
  }
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.append(table);
  panel.append(presets, scroll, add, note, weights, renderFieldDrawing(wc, layers, rf));
  if (focused !== null) {
    const same = [...panel.querySelectorAll('input, button')].find(
      (el) => (el.getAttribute('aria-label') ?? el.textContent) === focused && !el.disabled,
    );
    same?.focus();
  }
}
