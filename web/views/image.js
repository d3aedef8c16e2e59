// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view: an image filtered, or upsampled by a transposed convolution, with the
// page's stride, dilation and padding and an editable kernel (presets, custom weights,
// cross-correlation or true convolution, bias), in RGB or grayscale. The main thread only
// reads a sample's or camera frame's pixels (a file goes to the worker as it is), posts
// them to a module worker (web/image/worker.js) and draws what the worker sends back, no
// larger than it is shown (made again when the panel grows); a new request supersedes a
// running one. Hovering, touching or focusing the output opens the magnifier
// (web/image/magnifier.js; the worker computes its numbers); the images zoom and pan
// together (web/image/zoom.js).
import { DISPLAYS } from '../image/display.js';
import { sizeFormula } from '../image/formula.js';
import { createKernelGrid } from '../image/kernel-grid.js';
import { kernelWeights, PRESETS, resize } from '../image/kernels.js';
import { createMagnifier } from '../image/magnifier.js';
import { SAMPLES } from '../image/samples.js';
import { createSources } from '../image/sources.js';
import { gflops, statusText } from '../image/status.js';
import { createZoom } from '../image/zoom.js';
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
  // The panel's width in CSS pixels, which the wider image fits (web/image/zoom.js), and in
  // device pixels, which the worker's previews fit (web/image/preview.js); a hidden panel
  // has none, and then the screen's is used.
  const panelWidth = () => $('view-image').clientWidth - 8;
  const room = () => Math.round((panelWidth() > 0 ? panelWidth() : Math.max(screen.width, screen.height)) * (devicePixelRatio || 1));

  // A file: decoded in the worker, which keeps its pixels and sends back a preview.
  let before = ''; // the status line while a file opens: back if it cannot be
  function open(blob, version, name) {
    if (!status.dataset.opening) before = status.textContent;
    status.textContent = `Opening ${name}…`;
    status.dataset.opening = name;
    progress.removeAttribute('value'); // indeterminate: decoding reports no steps
    post({ type: 'open', version, blob, room: room() });
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
    if (data.type === 'probe') {
      probed(data);
      return;
    }
    if (data.type === 'crop') {
      croppedView(data);
      return;
    }
    if (data.type === 'preview') {
      previewed(data);
      return;
    }
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
      zoom.forget(1);
      zoom.forget(0); // the input may be new too (its version is checked when a crop comes)
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
      zoom.refresh(); // crops of the new result, if zoomed in
      sendProbe(); // the magnifier follows the new result
      sharpen(); // the panel grew while this ran
    } else if (data.type === 'error') {
      // What to do first (in the image's own input size), else the library's words.
      showError(layerProblem(current.state, current.inputSize) ?? withoutApiName(data.message));
      failed = true;
      Object.assign(status.dataset, { state: 'error', completed: String(data.id) });
      finish();
    }
  }
  // Input and output at the same pixels per image pixel (one scale, at most 1, that fits the
  // larger of the two in the panel, until zoomed): a stride-2 output looks half as big, a x2
  // upsampling twice as big. The canvases keep their pixels; only their display size changes.
  const frames = [
    { frame: $('input-frame'), canvas: $('input'), detail: $('input-detail') },
    { frame: $('output-frame'), canvas: output.canvas, detail: $('output-detail') },
  ];
  const zoom = createZoom({ frames, readout: $('zoom-level'), room: panelWidth, crop: askCrop, moved: () => placeProbe() });
  function trueScale() {
    zoom.layout();
    $('view-image').querySelector('.images').dataset.scale = String(zoom.scale);
  }

  // The panel changed size (a phone turned, a window widened, or moved to a screen with
  // more device pixels): once per frame, the images are fitted again, and the previews that
  // now have fewer pixels than they are drawn on are asked for again at the new size. A
  // panel grown by less than a scrollbar is left as it is: fitting the images to it could
  // make the page short enough to lose its scrollbar, and then long enough to get it back,
  // frame after frame.
  const SCROLLBAR = 24;
  let laidOut = { width: 0, ratio: devicePixelRatio };
  let relayout = false;
  function resized() {
    const now = { width: panelWidth(), ratio: devicePixelRatio };
    const changed = now.ratio !== laidOut.ratio || now.width < laidOut.width || now.width >= laidOut.width + SCROLLBAR;
    if (relayout || $('view-image').hidden || !changed) return;
    relayout = true;
    requestAnimationFrame(() => {
      relayout = false;
      laidOut = { width: panelWidth(), ratio: devicePixelRatio };
      trueScale();
      sharpen();
    });
  }
  new ResizeObserver(resized).observe($('view-image'));
  // A window moved to a screen with another device pixel ratio, its size the same: the
  // resolution media query changes (headless Chromium's emulated ratio does not fire this,
  // so the tests change the ratio and the size together: image-resize.test.mjs).
  (function watchRatio() {
    matchMedia(`(resolution: ${devicePixelRatio}dppx)`).addEventListener('change', () => {
      resized();
      watchRatio();
    }, { once: true });
  })();
  let previewing = null; // the request in flight: { job, version, room }
  let answered = null; // the last one answered: not asked for again
  const same = (a, b) => a && b && a.job === b.job && a.version === b.version && a.room === b.room;
  // A preview is blurry when the image has more pixels than it and it is drawn on more
  // device pixels than it has (past a pixel of rounding), fitted.
  function blurry(canvas) {
    const W = Number(canvas.dataset.width ?? canvas.width);
    return canvas.width < W && canvas.width < Math.min(W, W * zoom.fitScale * (devicePixelRatio || 1)) - 1;
  }
  function sharpen() {
    if (!shown || current || previewing) return;
    const ask = { job: shown.id, version: sources.version, room: room() };
    const inputBlurry = sources.file && sent === sources.version && blurry($('input'));
    const outputBlurry = blurry(output.canvas);
    if ((!inputBlurry && !outputBlurry) || same(ask, answered)) return;
    previewing = ask;
    post({ type: 'preview', ...ask, input: inputBlurry, output: outputBlurry });
  }
  function previewed(data) {
    answered = previewing;
    previewing = null;
    if (data.output && data.job === shown?.id && !current) {
      [output.canvas.width, output.canvas.height] = [data.output.width, data.output.height];
      output.drawImage(data.output, 0, 0);
    }
    data.output?.close();
    if (data.input) sources.showPreview(data.input, data.version);
    trueScale();
    sharpen(); // the panel may have grown again meanwhile
  }
  $('zoom-in').addEventListener('click', () => zoom.zoomIn());
  $('zoom-out').addEventListener('click', () => zoom.zoomOut());
  $('zoom-fit').addEventListener('click', () => zoom.fit());
  $('zoom-one').addEventListener('click', () => zoom.oneToOne());
  $('input').addEventListener('keydown', (e) => {
    if (zoom.key(e, frames[0])) e.preventDefault();
  });

  // The visible crops at full resolution (zoomed past the previews): one request at a time,
  // the latest view wins.
  let cropping = false;
  let wanted = null;
  function askCrop(rects) {
    wanted = rects;
    if (!cropping) sendCrop();
  }
  function sendCrop() {
    if (!wanted || !shown || current) return;
    cropping = true;
    const [input, out] = wanted;
    wanted = null;
    post({ type: 'crop', job: shown.id, version: sent, input, output: out });
  }
  function croppedView(data) {
    cropping = false;
    if (data.job === shown?.id && !current) zoom.cropped(data.rects, [data.input, data.output]);
    else [data.input, data.output].forEach((b) => b?.close());
    sendCrop();
  }

  // The magnifier: the output pixel under the pointer or the keyboard's probe. One request
  // at a time; the latest position wins.
  const magnifier = createMagnifier($('magnifier'));
  let probe = null; // the output pixel { x, y } shown or asked for, or null (closed)
  let probing = false;
  function pointAt(x, y) {
    const [W, H] = [Number(output.canvas.dataset.width ?? output.canvas.width), Number(output.canvas.dataset.height ?? output.canvas.height)];
    probe = { x: Math.min(W - 1, Math.max(0, x)), y: Math.min(H - 1, Math.max(0, y)) };
    placeProbe();
    if (!probing) sendProbe();
  }
  function sendProbe() {
    if (!probe || !shown || current) return;
    probing = true;
    post({ type: 'probe', job: shown.id, x: probe.x, y: probe.y });
  }
  function probed(data) {
    probing = false;
    if (!probe) return;
    if (!data.stale) {
      magnifier.show(data);
      placeProbe();
    }
    if (!data.stale && (data.x !== probe.x || data.y !== probe.y)) sendProbe();
  }
  function closeProbe() {
    probe = null;
    magnifier.hide();
    placeProbe();
  }
  // The output pixel under a client point, or null.
  function pixelAt(clientX, clientY) {
    const f = $('output-frame').getBoundingClientRect();
    if (clientX < f.left || clientX >= f.right || clientY < f.top || clientY >= f.bottom) return null;
    const r = output.canvas.getBoundingClientRect();
    const [W, H] = [Number(output.canvas.dataset.width ?? output.canvas.width), Number(output.canvas.dataset.height ?? output.canvas.height)];
    return [Math.floor(((clientX - r.left) / r.width) * W), Math.floor(((clientY - r.top) / r.height) * H)];
  }
  // The ring on the probed output pixel, the box on the input it reads, and the panel
  // beside the pixel (below the images on a narrow screen: styled in style.css).
  function placeProbe() {
    const ring = $('probe-ring');
    const reads = $('probe-window');
    ring.hidden = reads.hidden = !probe;
    if (!probe) return;
    const box = (canvas, frame, x0, y0, w, h) => {
      const r = canvas.getBoundingClientRect();
      const f = frame.getBoundingClientRect();
      const [sx, sy] = [r.width / Number(canvas.dataset.width ?? canvas.width), r.height / Number(canvas.dataset.height ?? canvas.height)];
      return { left: r.left - f.left - frame.clientLeft + x0 * sx, top: r.top - f.top - frame.clientTop + y0 * sy, width: w * sx, height: h * sy };
    };
    const px = (b) => ({ left: `${b.left}px`, top: `${b.top}px`, width: `${b.width}px`, height: `${b.height}px` });
    const at = box(output.canvas, $('output-frame'), probe.x, probe.y, 1, 1);
    Object.assign(ring.style, px(at));
    const panel = $('magnifier');
    const cells = panel.hidden || panel.dataset.x !== String(probe.x) || panel.dataset.y !== String(probe.y) ? null : magnifier.cells;
    const read = cells?.filter((c) => c.at && (c.kind === 'pixel' || !magnifier.transposed));
    reads.hidden = !read?.length;
    if (read?.length) {
      const [rows, cols] = [read.map((c) => c.at[0]), read.map((c) => c.at[1])];
      const [y0, x0] = [Math.min(...rows), Math.min(...cols)];
      Object.assign(reads.style, px(box($('input'), $('input-frame'), x0, y0, Math.max(...cols) - x0 + 1, Math.max(...rows) - y0 + 1)));
    }
    if (panel.hidden) return;
    // Off the images where there is room: right of the output, else under it while that is
    // on screen; else beside the pixel (over a large image), right of it or left of it.
    const images = $('view-image').querySelector('.images').getBoundingClientRect();
    const frame = $('output-frame').getBoundingClientRect();
    const ringBox = ring.getBoundingClientRect();
    const [w, h] = [panel.offsetWidth, panel.offsetHeight];
    let [left, top] = [frame.right - images.left + 16, ringBox.top - images.top - 16];
    if (left + w > images.width) {
      if (frame.bottom + 8 + Math.min(h, 200) <= window.innerHeight) [left, top] = [Math.min(frame.left - images.left, images.width - w), frame.bottom - images.top + 8];
      else {
        left = ringBox.right - images.left + 16;
        if (left + w > images.width) left = ringBox.left - images.left - 16 - w;
        if (left < 0) {
          // No room beside it: under the pixel (over it when the screen ends first).
          left = Math.min(images.width - w, (ringBox.left + ringBox.right) / 2 - images.left - w / 2);
          top = ringBox.bottom + 16 + h <= window.innerHeight ? ringBox.bottom - images.top + 16 : ringBox.top - images.top - 16 - h;
        }
      }
    }
    Object.assign(panel.style, { left: `${Math.max(0, left)}px`, top: `${Math.max(0, top)}px` });
  }

  const outputFrame = $('output-frame');
  outputFrame.addEventListener('pointermove', (e) => {
    if (e.pointerType !== 'mouse' || e.buttons) return;
    const p = pixelAt(e.clientX, e.clientY);
    if (p && (p[0] !== probe?.x || p[1] !== probe?.y)) pointAt(...p);
  });
  outputFrame.addEventListener('pointerleave', (e) => {
    if (e.pointerType === 'mouse' && document.activeElement !== output.canvas) closeProbe();
  });
  // A tap (touch or pen; not the end of a drag) shows that pixel.
  outputFrame.addEventListener('click', (e) => {
    if (zoom.dragged) return;
    const p = pixelAt(e.clientX, e.clientY);
    if (p) pointAt(...p);
  });
  // The output pixel in the middle of what is in view.
  function middle() {
    const f = $('output-frame').getBoundingClientRect();
    const [x, y] = pixelAt((f.left + f.right) / 2, (f.top + f.bottom) / 2) ?? [0, 0];
    return { x, y };
  }
  output.canvas.addEventListener('focus', () => {
    if (!probe) pointAt(middle().x, middle().y);
  });
  output.canvas.addEventListener('blur', () => closeProbe());
  // A touch or click elsewhere closes it (a phone has no pointer that leaves).
  document.addEventListener('pointerdown', (e) => {
    if (probe && !outputFrame.contains(e.target) && !$('magnifier').contains(e.target)) closeProbe();
  });
  output.canvas.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      closeProbe();
      e.preventDefault();
      return;
    }
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (step && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const n = e.shiftKey ? 10 : 1;
      const [W, H] = [Number(output.canvas.dataset.width ?? output.canvas.width), Number(output.canvas.dataset.height ?? output.canvas.height)];
      const from = probe ?? middle();
      pointAt(from.x + step[0] * n, from.y + step[1] * n);
      zoom.reveal((probe.x + 0.5) / W, (probe.y + 0.5) / H);
      return;
    }
    if (zoom.key(e, null)) e.preventDefault();
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
      const message = { type: 'run', id, build: state.build, input, spec: spec(state, [height, width]), display: state.display, camera, room: room() };
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
