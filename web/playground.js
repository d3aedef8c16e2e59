// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The playground: one set of controls, several views of the same layer, state in the URL.
// All numbers come from the wasmconv module (shapes, counts, matrices, images).
import { load } from '../bindings/js/index.js';
import { DEFAULTS, GRID_INPUT, LARGE_LIMITS, layerOf, parseState, serializeState, VIEWS } from './state.js';
import { DEFAULT_LAYERS } from './receptive-field-layers.js';
import { UPSAMPLING_DEFAULTS, UPSAMPLING_PARAMS } from './upsampling-layers.js';
import { createImageView } from './views/image.js';
import { layerCounts, parameterCount, readLayerControls, readOutputSize, typedProblem, writeLayerControls } from './layer-controls.js';
import { layerProblem, withoutApiName } from './layer-problem.js';
import { applyLimits } from './control-limits.js';
import { explicitPadding } from './views/explicit-padding.js';
import { GRID_VIEWS, renderGridView } from './views/index.js';
import { transposedLayer } from './transpose-layer.js';
import { addConvolutionMatrix } from './matrix-pair.js';
import { zerosSplit } from './zeros-split.js';
import { paintView } from './view-colours.js';
import { checkerboardStack } from './checkerboard-stack.js';
import { receptiveField2d } from './receptive-field-2d.js';
import { prepareConcepts } from './views/concepts.js';

const $ = (id) => document.getElementById(id);
const errorBox = $('error');
const showError = (message) => {
  errorBox.textContent = message;
};

// The playground's own parameters on top of state.js's vocabulary (the embeds have none).
const MORE = [UPSAMPLING_PARAMS];
let state = { ...structuredClone(DEFAULTS), ...UPSAMPLING_DEFAULTS };
let stopMechanics = null;
let onLayers = null; // the receptive-field stack changed: into the state and the URL (main)
let onUpsampling = null; // the checkerboard view's upsampling stack changed (main)
let transposed = null; // { search, text }: the note of the last "Transpose this layer", for that URL

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
  next.outputSize = readOutputSize(state, next);
  // Choosing an output size derives the padding from it: the padding starts from 0.
  if (next.outputSize && !state.outputSize) {
    next.paddingName = null;
    next.padding = { begin: [0, 0], end: [0, 0] };
  }
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
  const derived = s.mode === 'transposed' && s.outputSize !== null;
  for (const id of ['pad-t', 'pad-l', 'pad-b', 'pad-r']) $(id).disabled = s.paddingName !== null || derived;
  $('padding-kind').disabled = derived;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.view === s.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  for (const view of VIEWS) $(`view-${view}`).hidden = view !== s.view;
  showUsedControls(s);
}

// Only the controls the current view uses: the transposed op's output padding and size in
// transposed mode; none of the layer's settings in the receptive field (it has its own
// stack); in the image view (its own input and channels) neither the grid's input size,
// unless an output size carries over from it, nor the counted channels, groups and bias.
function showUsedControls(s) {
  const conv = s.mode !== 'transposed';
  const separate = $('per-axis').checked;
  for (const el of document.querySelectorAll('.layer-controls .transposed-only')) {
    el.hidden = conv || (el.classList.contains('axis-w') && !separate);
  }
  const rf = s.view === 'receptive-field';
  $('controls').hidden = rf;
  $('more').hidden = rf;
  $('rf-note').hidden = !rf;
  const image = s.view === 'image';
  for (const id of ['input-h', 'input-w']) $(id).labels[0].hidden = image && !(s.mode === 'transposed' && s.outputSize);
  for (const el of document.querySelectorAll('#more-controls .counted')) el.hidden = image;
  // The button works on the grid's layer, whose input the image view does not use.
  $('transpose-layer').hidden = image;
  $('transpose-note').hidden = image;
  // "More settings" names what it holds now.
  const names = [['per-axis', 'separate axes'], ['output-size-h', 'output size'], ['in-channels', 'channels'], ['group-count', 'groups'], ['bias', 'bias']];
  $('more-list').textContent = `(${names.filter(([id]) => !$(id).closest('[hidden]')).map(([, name]) => name).join(', ')})`;
}

// The skip link focuses the current view's panel (the figure), past the settings and tabs.
function skipToFigure(event) {
  const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
  if (!panel) return;
  event.preventDefault();
  panel.focus();
  panel.scrollIntoView({ block: 'start' });
}

// The summary's numbers; `kind` says what they describe: 'valid' (the layer shown),
// 'invalid' (no output: only the parameters, which do not depend on the input size) or
// 'stale' (the last valid layer, while a typed value is not applied).
function showSummary({ output, paramCount, macs }, kind) {
  // Real layers have billions of MACs: the text groups digits, the hook keeps the number.
  const set = (id, value, hook) => {
    $(id).textContent = typeof value === 'number' ? value.toLocaleString('en') : String(value);
    $(id).dataset.value = hook;
  };
  // The output size's hook stays empty when there is none (tests and embeds read it).
  set('output-size', output, output === 'invalid' ? '' : output);
  set('param-count', paramCount, String(paramCount));
  set('macs', macs, String(macs));
  markSummary(kind);
}

function markSummary(kind) {
  const summary = $('summary');
  summary.dataset.state = kind;
  const note = $('summary-note');
  note.hidden = kind === 'valid';
  note.textContent =
    kind === 'stale'
      ? 'Out of date (a typed value is not applied); for the last valid layer: '
      : kind === 'invalid'
        ? 'No output for this layer: '
        : '';
}

// The views that draw the layer; the receptive field has its own stack of layers.
const LAYER_VIEWS = GRID_VIEWS.filter((v) => v !== 'receptive-field');

// A layer that cannot be computed: its views are cleared, not left showing another one.
function clearViews(problem) {
  for (const view of LAYER_VIEWS) {
    const panel = $(`view-${view}`);
    const note = document.createElement('p');
    note.className = 'view-note';
    note.dataset.testid = 'view-invalid';
    note.textContent = `Nothing to draw: this layer has no output. ${problem}`;
    panel.replaceChildren(note);
    panel.dataset.state = 'invalid';
  }
}

// A typed value the page does not apply: the views show the last valid layer, marked out
// of date (dimmed, not interactive, the animation stopped) until the value is fixed.
function markStale(problem) {
  stopMechanics?.();
  stopMechanics = null;
  markSummary('stale');
  // The image view runs on its own input: only layer settings make it out of date.
  const imageUnaffected = state.view === 'image' && /^input-[hw]$/.test(problem.field);
  if (state.view === 'receptive-field' || imageUnaffected) return;
  const panel = $(`view-${state.view}`);
  panel.querySelector(':scope > .stale-note')?.remove();
  const content = state.view === 'image' ? [panel.querySelector('.images')] : [...panel.children];
  for (const el of content) {
    el.inert = true;
    el.classList.add('stale');
  }
  const note = document.createElement('p');
  note.className = 'stale-note';
  note.dataset.testid = 'stale-note';
  note.textContent = `Out of date: this shows the last valid layer (${describe(state)}), not the value typed. ${problem.message}`;
  (state.view === 'image' ? panel.querySelector('.images') : panel.firstChild)?.before(note);
  panel.dataset.state = 'stale';
}

function clearStale() {
  for (const view of VIEWS) {
    const panel = $(`view-${view}`);
    panel.querySelector(':scope > .stale-note')?.remove();
    for (const el of panel.querySelectorAll('.stale')) {
      el.inert = false;
      el.classList.remove('stale');
    }
    if (panel.dataset.state === 'stale') delete panel.dataset.state;
  }
}

const pair = ([a, b]) => (a === b ? String(a) : `${a}×${b}`);
const describe = (s) =>
  `${s.mode === 'transposed' ? 'transposed, ' : ''}${s.input.join('×')} input, ${s.kernel.join('×')} kernel, stride ${pair(s.stride)}`;

function render(wc, renderImage) {
  stopMechanics?.();
  stopMechanics = null;
  clearStale();
  // The image view has its own input size (and its own output size and timing), the
  // receptive field its own stack of layers: the small grid's summary does not apply to them.
  const ownLayer = state.view === 'image' || state.view === 'receptive-field';
  $('summary').hidden = ownLayer;
  if (state.view === 'image') renderImage(state);
  const { op, xShape, wShape, options } = layerOf(state);
  const params = parameterCount(wc, state);
  let outputShape;
  try {
    outputShape = wc.outputShape(op, xShape, wShape, options);
  } catch (e) {
    // A setting the rules do not allow (typed by hand, or from a link): say what to do
    // first, clear the views that draw this layer, keep the parameter count (it does not
    // depend on the input size).
    const problem = layerProblem(state) ?? withoutApiName(e.message);
    if (!ownLayer) showError(params.error ? `${problem} ${withoutApiName(params.error)}` : problem);
    showSummary({ output: 'invalid', paramCount: params.paramCount ?? 'invalid', macs: 'invalid' }, 'invalid');
    $('derived-padding').hidden = true;
    showTransposeButton(null);
    clearViews(problem);
    if (state.view === 'receptive-field') {
      renderGridView(state.view, $('view-receptive-field'), { wc, state, outputShape: null, showError, onLayers });
      addField2d(wc);
    }
    return;
  }
  showError('');
  for (const view of LAYER_VIEWS) delete $(`view-${view}`).dataset.state;
  applyLimits(wc, state);
  const [oh, ow] = outputShape.slice(2);
  showTransposeButton(transposedLayer(wc, state, [oh, ow]));
  showDerivedPadding(wc, { op, xShape, wShape, options }, outputShape);
  const counts = layerCounts(wc, state);
  if (counts.error) showError(withoutApiName(counts.error));
  const { paramCount = 'invalid', macs = 'invalid' } = counts;
  showSummary({ output: `${oh}x${ow}`, paramCount, macs }, 'valid');
  if (DRAWN_VIEWS.includes(state.view) && state.input.some((v) => v > GRID_INPUT)) {
    showTooLarge($(`view-${state.view}`));
  } else if (GRID_VIEWS.includes(state.view)) {
    stopMechanics = renderGridView(state.view, $(`view-${state.view}`), { wc, state, outputShape, showError, onLayers });
    if (state.view === 'matrix') addConvolutionMatrix(wc, $('view-matrix'), state, [oh, ow]);
    if (state.view === 'receptive-field') addField2d(wc);
    // Values as colour, sized cells, the kernel's window (the playground's, not the embed's).
    paintView($(`view-${state.view}`), state.view);
    // Under drawn mechanics (not under their "too large to draw" note), the zeros compared.
    if (state.view === 'mechanics' && !$('view-mechanics').querySelector('[data-testid="mechanics-too-large"]')) {
      $('view-mechanics').append(zerosSplit(wc, state));
    }
    // Under the checkerboard's counts, the stack of upsampling layers (its own settings).
    if (state.view === 'checkerboard') {
      const panel = $('view-checkerboard');
      const stack = checkerboardStack(wc, state, { onChange: onUpsampling, showError });
      const comparison = panel.querySelector('.upsampling');
      if (comparison) comparison.before(stack);
      else panel.append(stack);
    }
  }
}

// The receptive field in 2-D, after the stack's weights and before its 1-D drawing.
function addField2d(wc) {
  const panel = $('view-receptive-field');
  const section = receptiveField2d(wc, state.layers ?? DEFAULT_LAYERS);
  const weights = panel.querySelector('[data-testid="rf-weights"]');
  if (weights) weights.after(section);
  else panel.append(section);
}

// The views that draw the layer cell by cell: up to a GRID_INPUT x GRID_INPUT input. A real
// layer (224x224, say) is computed and counted, and its numbers and code are in the
// arithmetic view; the drawn views say so instead of drawing.
const DRAWN_VIEWS = ['mechanics', 'matrix', 'checkerboard'];

function showTooLarge(panel) {
  const note = document.createElement('p');
  note.className = 'view-note';
  note.dataset.testid = 'too-large';
  note.textContent = `A ${state.input.join('×')} input is too large to draw cell by cell (the grids go up to ${GRID_INPUT}×${GRID_INPUT}). Its output size, parameters and multiply-accumulates are above; the formulas with these numbers and the layer as PyTorch and ONNX are in Arithmetic and code.`;
  const open = document.createElement('button');
  open.type = 'button';
  open.textContent = 'Open Arithmetic and code';
  open.addEventListener('click', () => document.querySelector('[role="tab"][data-view="arithmetic"]').click());
  panel.replaceChildren(note, open);
}

// The "Transpose this layer" button: what it does in this mode, disabled (and why) when
// there is no such layer; its note stays while the page shows the layer it made.
function showTransposeButton(result) {
  const button = $('transpose-layer');
  button.textContent = state.mode === 'transposed' ? 'Show the convolution it transposes' : 'Transpose this layer';
  button.disabled = !result?.state;
  const note = transposed?.search === location.search ? transposed.text : '';
  $('transpose-note').textContent = result?.reason ? `No such convolution: ${result.reason}.` : note;
}

// What the button did, in words: the two layers and the output padding that returns the size.
function transposeNote(from, to, out) {
  const sizes = (a, b) => `${a.join('×')} → ${b.join('×')}`;
  const pads = to.padding;
  const padding = [...pads.begin, ...pads.end].every((p) => p === pads.begin[0]) ? String(pads.begin[0]) : `${pads.begin.join(',')},${pads.end.join(',')}`;
  if (to.mode === 'conv') {
    return `The convolution ${sizes(to.input, from.input)} that this transposed layer transposes: the same ${to.kernel.join('×')} kernel, stride ${pair(to.stride)}, padding ${padding}; its matrix is C, this one's Cᵀ transposed.`;
  }
  return `Transposed: ${sizes(out, from.input)}, the convolution ${sizes(from.input, out)} run backwards: the same ${to.kernel.join('×')} kernel, stride ${pair(to.stride)}, dilation ${pair(to.dilation)}, padding ${padding}; output padding ${pair(to.outputPadding)} returns the ${from.input.join('×')} size. Its matrix is Cᵀ, the convolution's C transposed.`;
}

// With an output size, the padding the library derived from it (read back from its results).
function showDerivedPadding(wc, layer, outputShape) {
  const box = $('derived-padding');
  box.hidden = !layer.options.outputShape;
  if (box.hidden) return;
  let begin, end;
  try {
    ({ begin, end } = explicitPadding(wc, layer));
  } catch (e) {
    box.textContent = `; ${e.message}`;
    return;
  }
  const minus = (v) => String(v).replace('-', '−');
  box.textContent = `; padding derived from the output size: top ${minus(begin[0])}, left ${minus(begin[1])}, bottom ${minus(end[0])}, right ${minus(end[1])}${[...begin, ...end].some((v) => v < 0) ? ' (negative: the output grows past the input’s reach, with zeros)' : ''}`;
  box.dataset.value = [...begin, ...end].join(',');
}

async function main() {
  const parsed = parseState(location.search, { limits: LARGE_LIMITS, more: MORE });
  state = parsed.state;
  $('skip-link').addEventListener('click', skipToFigure);
  // A link that sets what "More settings" holds opens it, so nothing set is out of sight.
  const more = state.outputSize || state.channels.some((c) => c !== 1) || state.groupCount !== 1 || state.bias;
  if (more) $('more').open = true;
  writeControls(state);
  let wc;
  try {
    wc = await load();
  } catch (e) {
    $('build').textContent = `Could not load the module: ${e.message}`;
    return;
  }
  // Threads need a cross-origin isolated page (npm start sends the headers; a plain static
  // host does not, and the page then runs on one thread).
  const on = wc.threads > 1 ? ` on ${wc.threads} threads` : ' on one thread';
  $('build').textContent = wc.relaxed
    ? `Running the WebAssembly relaxed-SIMD build (fused multiply-add)${on}.`
    : wc.simd
      ? `Running the WebAssembly SIMD build${on}.`
      : `Running the scalar WebAssembly build (no SIMD in this browser)${on}.`;
  $('build').dataset.simd = String(wc.simd);
  $('build').dataset.relaxed = String(wc.relaxed);
  $('build').dataset.threads = String(wc.threads);
  let update;
  const renderImage = createImageView($, {
    showError,
    onChange: (patch, push) => {
      state = { ...state, ...patch };
      update(push);
    },
  });

  $('transpose-layer').addEventListener('click', () => {
    const layer = layerOf(state);
    const out = wc.outputShape(layer.op, layer.xShape, layer.wShape, layer.options).slice(2);
    const result = transposedLayer(wc, state, out);
    if (!result.state) return;
    const from = state;
    state = result.state;
    transposed = { search: serializeState(state, MORE), text: transposeNote(from, state, out) };
    update(true);
  });

  onLayers = (layers) => {
    state = { ...state, layers };
    update(true);
  };
  // The panel is drawn again: the keyboard focus goes back to the control that was used.
  onUpsampling = (patch) => {
    const used = document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent;
    state = { ...state, ...patch };
    update(true);
    const panel = $('view-checkerboard');
    [...panel.querySelectorAll('.upsampling-stack input, .upsampling-stack select, .upsampling-stack button')]
      .find((el) => (el.getAttribute('aria-label') ?? el.textContent) === used)
      ?.focus();
  };

  let typedError = false;
  update = (push) => {
    writeControls(state);
    const url = serializeState(state, MORE);
    // Unchanged (a blur's late change event, say): keep the views, their focus and animation.
    if (url === location.search && !typedError) return;
    typedError = false;
    if (url !== location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
    render(wc, renderImage);
  };
  // A number typed outside its range is explained and not applied. History: the first
  // 'input' of an edit pushes a new entry, later ones (typing) replace it, and 'change'
  // ends the edit; so every committed change is one step of the back button (a select
  // fires 'input' before 'change', so pushing only on 'change' would never push).
  let editing = false;
  const fromControls = (commit) => {
    const problem = typedProblem();
    if (problem) {
      typedError = true;
      showError(problem.message);
      markStale(problem);
      return;
    }
    state = readControls();
    const before = location.search;
    update(!editing);
    if (location.search !== before) editing = true;
    if (commit) editing = false;
  };
  for (const form of document.querySelectorAll('.layer-controls')) {
    form.addEventListener('input', () => fromControls(false));
    form.addEventListener('change', () => fromControls(true));
  }
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
    const back = parseState(location.search, { limits: LARGE_LIMITS, more: MORE });
    state = back.state;
    writeControls(state);
    render(wc, renderImage);
  });
  render(wc, renderImage);
  // The arithmetic view's list of facts, ready before a keystroke first needs it.
  requestIdleCallback(() => prepareConcepts(wc));
  // A crafted link: report what was ignored, after the first render.
  if (parsed.errors.length) showError(`Ignored from the link: ${parsed.errors.join('; ')}.`);
  document.body.dataset.ready = 'true';
}

main();
