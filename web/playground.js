// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground: one set of controls, several views of the same layer, state in the URL.
// All numbers come from the wasmconv module (shapes, counts, matrices, images).
import { load } from '../bindings/js/index.js';
import { DEFAULTS, layerOf, parseState, serializeState, VIEWS } from './state.js';
import { createImageView } from './views/image.js';
import { layerCounts, readLayerControls, typedProblem, writeLayerControls } from './layer-controls.js';
import { GRID_VIEWS, renderGridView } from './views/index.js';

const $ = (id) => document.getElementById(id);
const errorBox = $('error');
const showError = (message) => {
  errorBox.textContent = message;
};

let state = structuredClone(DEFAULTS);
let stopMechanics = null;

function num(id) {
  return Number($(id).value);
}

// Controls -> state.
function readControls() {
  const mode = document.querySelector('input[name="mode"]:checked').value;
  const kind = $('padding-kind').value;
  const next = {
    ...state,
    mode,
    input: [num('input-h'), num('input-w')],
    kernel: [num('kernel-h'), num('kernel-w')],
    paddingName: kind === 'explicit' ? null : kind,
    padding: { begin: [num('pad-t'), num('pad-l')], end: [num('pad-b'), num('pad-r')] },
    groups: $('channels').value,
    ...readLayerControls(),
  };
  return next;
}

// State -> controls (including the legal output padding choices).
function writeControls(s) {
  document.querySelector(`input[name="mode"][value="${s.mode}"]`).checked = true;
  [$('input-h').value, $('input-w').value] = s.input;
  [$('kernel-h').value, $('kernel-w').value] = s.kernel;
  $('channels').value = s.groups;
  writeLayerControls(s);
  $('padding-kind').value = s.paddingName ?? 'explicit';
  [$('pad-t').value, $('pad-l').value] = s.padding.begin;
  [$('pad-b').value, $('pad-r').value] = s.padding.end;
  for (const id of ['pad-t', 'pad-l', 'pad-b', 'pad-r']) $(id).disabled = s.paddingName !== null;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.view === s.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  for (const view of VIEWS) $(`view-${view}`).hidden = view !== s.view;
}

function render(wc, renderImage) {
  stopMechanics?.();
  stopMechanics = null;
  // The image view has its own input size (and its own output size and timing): the small
  // grid's summary and limits do not apply to it.
  $('summary').hidden = state.view === 'image';
  if (state.view === 'image') renderImage(state);
  const { op, xShape, wShape, options } = layerOf(state);
  let outputShape;
  try {
    outputShape = wc.outputShape(op, xShape, wShape, options);
  } catch (e) {
    // The user typed a setting the rules do not allow: say why, keep the last good views.
    if (state.view !== 'image') showError(e.message);
    $('output-size').textContent = 'invalid';
    $('output-size').dataset.value = '';
    return;
  }
  showError('');
  const [oh, ow] = outputShape.slice(2);
  $('output-size').textContent = `${oh}x${ow}`;
  $('output-size').dataset.value = `${oh}x${ow}`;
  const counts = layerCounts(wc, state);
  if (counts.error) showError(counts.error);
  const { paramCount = 'invalid', macs = 'invalid' } = counts;
  $('param-count').textContent = String(paramCount);
  $('param-count').dataset.value = String(paramCount);
  $('macs').textContent = String(macs);
  $('macs').dataset.value = String(macs);
  if (GRID_VIEWS.includes(state.view)) {
    stopMechanics = renderGridView(state.view, $(`view-${state.view}`), { wc, state, outputShape, showError });
  }
}

async function main() {
  const parsed = parseState(location.search);
  state = parsed.state;
  writeControls(state);
  let wc;
  try {
    wc = await load();
  } catch (e) {
    $('build').textContent = `Could not load the module: ${e.message}`;
    return;
  }
  $('build').textContent = wc.simd ? 'Running the WebAssembly SIMD build.' : 'Running the scalar WebAssembly build (no SIMD in this browser).';
  $('build').dataset.simd = String(wc.simd);
  let update;
  const renderImage = createImageView($, {
    showError,
    onChange: (patch, push) => {
      state = { ...state, ...patch };
      update(push);
    },
  });

  let typedError = false;
  update = (push) => {
    writeControls(state);
    const url = serializeState(state);
    // Unchanged (a blur's late change event, say): keep the views, their focus and animation.
    if (url === location.search && !typedError) return;
    typedError = false;
    if (url !== location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
    render(wc, renderImage);
  };
  // A number typed outside its range is explained and not applied.
  const fromControls = (push) => {
    const problem = typedProblem();
    if (problem) {
      typedError = true;
      showError(problem);
      return;
    }
    state = readControls();
    update(push);
  };
  $('controls').addEventListener('input', () => fromControls(false));
  $('controls').addEventListener('change', () => fromControls(true));
  $('channels').addEventListener('change', () => {
    state = readControls();
    update(true);
  });
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.addEventListener('click', () => {
      state = { ...state, view: tab.dataset.view };
      update(true);
    });
    tab.addEventListener('keydown', (event) => {
      const i = VIEWS.indexOf(state.view);
      const order = [...document.querySelectorAll('[role="tab"]')].map((t) => t.dataset.view);
      const at = order.indexOf(VIEWS[i]);
      const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!delta) return;
      state = { ...state, view: order[(at + delta + order.length) % order.length] };
      update(true);
      document.querySelector(`[role="tab"][data-view="${state.view}"]`).focus();
    });
  }
  window.addEventListener('popstate', () => {
    const back = parseState(location.search);
    state = back.state;
    writeControls(state);
    render(wc, renderImage);
  });
  render(wc, renderImage);
  // A crafted link: report what was ignored, after the first render.
  if (parsed.errors.length) showError(`Ignored from the link: ${parsed.errors.join('; ')}.`);
  document.body.dataset.ready = 'true';
}

main();
