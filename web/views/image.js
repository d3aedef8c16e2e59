// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view: an image filtered, or upsampled by a transposed convolution, with the
// page's stride, dilation and padding and an editable kernel (presets, custom weights,
// cross-correlation or true convolution, bias), in RGB or grayscale. The main thread only
// reads a sample's or camera frame's pixels (a file goes to the worker as it is), posts
// them to a module worker (web/image/worker.js) and draws what the worker sends back, at
// most screen-sized; a new request supersedes a running one.
import { DISPLAYS } from '../image/display.js';
import { sizeFormula } from '../image/formula.js';
import { createKernelGrid } from '../image/kernel-grid.js';
import { kernelWeights, PRESETS, resize } from '../image/kernels.js';
import { SAMPLES } from '../image/samples.js';
import { createSources } from '../image/sources.js';
import { gflops, statusText } from '../image/status.js';
import { layerProblem, withoutApiName } from '../layer-problem.js';
import { imageOutputSize } from '../output-size.js';
import { toOptions } from '../state.js';

const fill = (select, entries) => select.replaceChildren(...entries.map(([value, label]) => new Option(label, value)));

/**
 * Sets up the image view. `onChange(patch, push)` changes the page state (the URL);
 * returns render(state).
 */
export function createImageView($, { showError, onChange }) {
  fill($('image'), Object.entries(SAMPLES));
  fill($('kernel'), [...Object.entries(PRESETS).map(([k, p]) => [k, p.label]), ['custom', 'Custom (edited)']]);
  fill($('display'), Object.entries(DISPLAYS));
  const status = $('timing');
  const progress = $('image-progress');
  const output = $('output').getContext('2d');
  let state = null;
  let shownKernel = null;
  let job = 0;
  let current = null; // { id, resolve, since, ... } of the job whose results are drawn
  let shown = null; // the drawn job: { id, done, e2e } (its kernel timing comes later)
  const opens = new Map(); // version -> resolve, of files the worker is decoding
  let failed = false; // the message box shows this view's error (cleared by a success)
  let sent = -1; // the input version the worker holds: unchanged pixels are not sent again

  // Started on the first request, so pages that never show an image never fetch it.
  let worker = null;
  function post(message, transfer) {
    if (!worker) {
      worker = new Worker(new URL('../image/worker.js', import.meta.url), { type: 'module' });
      worker.onerror = (e) => showError(`The image worker failed: ${e.message ?? 'it could not start'}`);
      worker.onmessage = onMessage;
    }
    worker.postMessage(message, transfer);
  }
  // What the page draws at most, on its longer side: the screen's pixels.
  const side = () => Math.round(Math.max(screen.width, screen.height) * (devicePixelRatio || 1));

  // A file: decoded in the worker, which keeps its pixels and sends back a preview.
  let before = ''; // the status line while a file opens: back if it cannot be
  function open(blob, version, name) {
    if (!status.dataset.opening) before = status.textContent;
    status.textContent = `Opening ${name}…`;
    status.dataset.opening = name;
    progress.removeAttribute('value'); // indeterminate: decoding reports no steps
    post({ type: 'open', version, blob, side: side() });
    return new Promise((resolve) => opens.set(version, resolve));
  }
  function opened(data) {
    const resolve = opens.get(data.version);
    opens.delete(data.version);
    delete status.dataset.opening;
    if (data.type === 'opened' && !data.error) sent = data.version; // the worker holds these pixels
    if (data.error || data.type === 'dropped') {
      status.textContent = before;
      progress.value = 0;
    }
    resolve?.(data.type === 'opened' ? data : null);
  }

  function onMessage({ data }) {
    if (data.type === 'opened' || data.type === 'dropped') {
      opened(data);
      return;
    }
    if (data.type === 'timing') {
      if (shown?.id !== data.id || status.dataset.requested !== String(data.id)) return; // a newer request
      status.textContent = statusText(shown.done, shown.e2e, data);
      const kernel = { ms: data.ms.toFixed(3), gflops: gflops(shown.done.macs, data.ms).toFixed(3), runs: String(data.runs), timed: String(data.id) };
      Object.assign(status.dataset, kernel);
      status.removeAttribute('aria-busy');
      return;
    }
    if (data.type === 'superseded') {
      status.dataset.superseded = `${data.bands} of ${data.of} bands`; // the worker stopped early
      return;
    }
    if (!current || data.id !== current.id) return; // superseded
    if (data.type === 'start') {
      // The canvas holds what is drawn (a preview when the output is larger than the screen).
      const [h, w] = data.shown;
      if (output.canvas.width !== w || output.canvas.height !== h) [output.canvas.width, output.canvas.height] = [w, h];
      Object.assign(output.canvas.dataset, { width: String(data.width), height: String(data.height) });
      trueScale();
      $('image-size').textContent = `${data.height}x${data.width}`;
      $('image-size').dataset.value = `${data.height}x${data.width}`;
      $('image-formula').textContent = sizeFormula(current.state, current.inputSize, [data.height, data.width]).join('\n');
    } else if (data.type === 'band') {
      if (data.bitmap) {
        output.drawImage(data.bitmap, 0, data.dy);
        data.bitmap.close();
      } else output.putImageData(new ImageData(data.rgba, output.canvas.width, data.rows), 0, data.y0);
      progress.value = (data.y0 + data.rows) / data.total;
      status.dataset.bands = String(Number(status.dataset.bands) + 1);
    } else if (data.type === 'progress') {
      progress.value = data.done / data.total;
    } else if (data.type === 'done') {
      // The last band is drawn: the end-to-end time ends here. The kernel's warm timing
      // follows ('timing'); until then the region is busy, so a screen reader reads the
      // line once, whole.
      const e2e = performance.now() - current.since;
      shown = { id: data.id, done: data, e2e };
      // The image's own layer (its channels and groups, not the grid's): counted by the library.
      status.setAttribute('aria-busy', 'true');
      status.textContent = statusText(data, e2e, null);
      for (const key of ['ms', 'gflops', 'runs', 'timed']) delete status.dataset[key];
      Object.assign(status.dataset, { e2e: e2e.toFixed(3), simd: String(data.simd) });
      Object.assign(status.dataset, { macs: String(data.macs), params: String(data.params) });
      Object.assign(status.dataset, { state: 'done', completed: String(data.id) });
      if (data.range) Object.assign(status.dataset, { min: String(data.range.min), max: String(data.range.max) });
      progress.value = 1;
      if (failed) showError('');
      failed = false;
      finish();
    } else if (data.type === 'error') {
      // What to do first (in the image's own input size), else the library's words.
      showError(layerProblem(current.state, current.inputSize) ?? withoutApiName(data.message));
      failed = true;
      Object.assign(status.dataset, { state: 'error', completed: String(data.id) });
      finish();
    }
  }
  // Input and output at the same pixels per image pixel (one scale, at most 1, that fits the
  // larger of the two in the panel): a stride-2 output looks half as big, a x2 upsampling
  // twice as big. The canvases keep their full resolution; only their display size changes.
  function trueScale() {
    const [input, out] = [$('input'), output.canvas];
    const room = $('view-image').clientWidth - 8;
    if (room <= 0) return;
    // The images' own widths: a canvas holding a preview is drawn at its image's scale.
    const width = (c) => Number(c.dataset.width ?? c.width);
    const scale = Math.min(1, room / Math.max(width(input), width(out)));
    for (const c of [input, out]) c.style.width = `${Math.round(width(c) * scale * 100) / 100}px`;
    $('view-image').querySelector('.images').dataset.scale = String(scale);
  }
  window.addEventListener('resize', () => {
    if (!$('view-image').hidden) trueScale();
  });

  function finish() {
    const done = current;
    current = null;
    done.resolve();
  }

  // An output size chosen on the grid keeps its derived padding on the image (output-size.js).
  function spec(s, inputSize) {
    const transposed = s.mode === 'transposed';
    const options = toOptions(s);
    if (options.outputShape) options.outputShape = imageOutputSize(s, inputSize);
    return {
      transposed,
      color: s.color,
      groups: s.groups,
      kernel: s.kernel,
      weights: kernelWeights(s.weights, s.kernel),
      flip: s.flip,
      bias: s.bias ? s.biasValue : 0,
      border: s.border,
      options,
    };
  }

  // Posts the input's pixels; resolves when the result is drawn (or superseded).
  function submit({ camera = false, since = performance.now() } = {}) {
    const { canvas, ctx } = sources;
    current?.resolve();
    status.removeAttribute('aria-busy');
    const id = ++job;
    // Only new pixels cross to the worker (transferred, not copied); a settings change
    // reuses the worker's copy, so even on a 4K image it costs the main thread nothing.
    const rgba = sources.version !== sent ? ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer : null;
    sent = sources.version;
    Object.assign(status.dataset, { requested: String(id), state: 'running', bands: '0' });
    progress.value = 0;
    return new Promise((resolve) => {
      const [height, width] = sources.size;
      current = { id, resolve, state, since, inputSize: [height, width] };
      const input = { version: sent, rgba, width, height };
      const message = { type: 'run', id, build: state.build, input, spec: spec(state, [height, width]), display: state.display, camera, side: side() };
      post(message, rgba ? [rgba] : []);
    });
  }

  const sources = createSources($, {
    changed: ({ since } = {}) => submit({ since }),
    frame: () => submit({ camera: true }),
    open,
    showError,
  });
  const updateGrid = createKernelGrid($('kernel-grid'), (weights) => onChange({ weights }, true));

  $('image').addEventListener('change', () => {
    const name = $('image').value;
    if (name === 'file') {
      sources.reopen();
      return;
    }
    sources.useSample(name);
    onChange({ sample: name }, true);
    // Back to the sample shown before the file: the URL did not change, so no render came.
    if (sources.version !== sent) submit();
  });
  $('kernel').addEventListener('change', () => {
    const name = $('kernel').value;
    if (name !== 'custom') onChange({ weights: name, kernel: [...PRESETS[name].size] }, true);
  });
  const choices = { color: 'color', border: 'border', display: 'display', 'build-choice': 'build' };
  for (const [id, key] of Object.entries(choices)) $(id).addEventListener('change', () => onChange({ [key]: $(id).value }, true));
  $('flip').addEventListener('change', () => onChange({ flip: $('flip').value === 'yes' }, true));
  // The value is the layer's bias (the main controls' Bias box): setting one turns it on.
  $('bias-value').addEventListener('change', () => {
    const v = Number($('bias-value').value);
    if ($('bias-value').value !== '' && Number.isFinite(v) && Math.abs(v) <= 10) onChange({ biasValue: v, bias: state.bias || v !== 0 }, true);
    else {
      showError('The bias must be a number from -10 to 10.');
      $('bias-value').value = String(state.biasValue);
    }
  });

  // A transposed convolution spreads each input pixel over s_h·s_w times as many output
  // pixels: weights that sum to 1 (a blur) leave the image 1/(s_h·s_w) as bright. Said
  // next to the output, with the normalised kernel (the weights times s_h·s_w) one click away.
  $('image-gain-fix').addEventListener('click', () => {
    const gain = state.stride[0] * state.stride[1];
    onChange({ weights: kernelWeights(state.weights, state.kernel).map((w) => w * gain) }, true);
  });
  function showGain(s) {
    const [sh, sw] = s.stride;
    const gain = sh * sw;
    const sum = kernelWeights(s.weights, s.kernel).reduce((a, b) => a + b, 0);
    const dark = s.mode === 'transposed' && gain > 1 && Math.abs(sum - 1) < 1e-6;
    $('image-gain').hidden = !dark;
    if (!dark) return;
    $('image-gain-text').textContent = `A transposed convolution with stride ${sh}×${sw} spreads each input pixel over ${gain} times as many output pixels: these weights sum to 1, so the image comes out 1/${gain} as bright.`;
    $('image-gain-fix').textContent = `Multiply the weights by ${gain}`;
  }

  function writeControls(s) {
    $('image').value = sources.file ? 'file' : s.sample;
    $('kernel').value = typeof s.weights === 'string' ? s.weights : 'custom';
    $('kernel').querySelector('option[value="custom"]').disabled = typeof s.weights === 'string';
    $('color').value = s.color;
    $('channels').disabled = s.color === 'gray';
    $('flip').value = s.flip ? 'yes' : 'no';
    if (document.activeElement !== $('bias-value')) $('bias-value').value = String(s.biasValue);
    $('border').value = s.border;
    $('border').disabled = s.mode === 'transposed';
    $('display').value = s.display;
    $('build-choice').value = s.build;
    updateGrid(s.kernel, kernelWeights(s.weights, s.kernel));
    showGain(s);
  }

  return function render(next) {
    // The page's kernel size changed under a custom kernel: keep its centre, then re-render.
    if (typeof next.weights !== 'string' && next.weights.length !== next.kernel[0] * next.kernel[1]) {
      const [h0, w0] = shownKernel ?? next.kernel;
      const fitted = h0 * w0 === next.weights.length ? resize(next.weights, h0, w0, ...next.kernel) : kernelWeights('identity', next.kernel);
      onChange({ weights: fitted }, false);
      return;
    }
    state = next;
    shownKernel = [...next.kernel];
    writeControls(state);
    sources.showSample(state.sample);
    if (!sources.camera) submit();
  };
}
