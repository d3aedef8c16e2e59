// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// <wasmconv-figure>: a live figure for blog posts, from one script tag:
//
//   <script type="module" src=".../web/embed/wasmconv-figure.js"></script>
//   <wasmconv-figure mode="transposed" input="2" kernel="3" stride="1" view="mechanics"></wasmconv-figure>
//
// Attributes use the playground's URL vocabulary (web/state.js: mode, input, kernel,
// stride, padding, dilation, output-padding, output-size, groups, channels, group-count, bias, layers, view) and
// are validated the same way;
// `controls` shows a small control strip. The figure lives in a shadow root (the host
// page's CSS and ours do not collide), loads the WebAssembly module only when it nears the
// viewport, and every figure on the page shares one module instance (load() caches it).
// Attribute changes re-render.
//
// No layout shift: from the moment the element is defined, the figure's frame has a
// height estimated from its view and attributes (figure-size.js), before anything is
// loaded. Once rendered, the frame takes the height of its content only when that moves
// nothing the reader sees: when the frame's bottom edge is at or below the bottom of the
// viewport (what follows it is out of sight), when it is wholly above the viewport (scroll
// anchoring keeps the visible text in place), or within half a second of the reader's own
// input in the figure. Otherwise the content scrolls inside the frame until one of those
// holds. Content wider than the column scrolls inside the figure, never the page.
import { load } from '../../bindings/js/index.js';
import { legalRun } from '../control-limits.js';
import { formatLayers } from '../receptive-field-layers.js';
import { layerOf, parseState, serializeState } from '../state.js';
import { explicitPadding } from '../views/explicit-padding.js';
import { GRID_VIEWS, renderGridView } from '../views/index.js';
import { estimateHeight } from './figure-size.js';
import { playgroundUrl, stylesheetText, stylesheetUrl } from './packaged.js';

/** The playground's URL vocabulary, as attributes (the iframe form reads the same names). */
export const ATTRIBUTES = [
  'mode',
  'input',
  'kernel',
  'stride',
  'padding',
  'dilation',
  'output-padding',
  'output-size',
  'groups',
  'channels',
  'group-count',
  'bias',
  'layers',
  'view',
];

// The figure's own rules, after the playground's. Constructed stylesheets, shared by every
// figure on the page: no request, and a Content-Security-Policy without 'unsafe-inline'
// allows them (it would block a <style> element).
const FIGURE_CSS = `
:host { display: block; margin: 1rem 0; }
.frame { position: relative; overflow: auto; overscroll-behavior-x: contain; box-sizing: border-box; }
.content { display: flow-root; }
.status { position: absolute; inset: 0 0 auto 0; margin: 0; opacity: 0.7; font-size: 0.9em; }
.error { color: #dc2626; }
.error:empty { display: none; }
:host(:not([details])) :is([aria-label='Why not deconvolution'], [data-testid='matrix-checks']) { display: none; }
`;

// Figures whose frame waits for a moment when it can take its content's height unseen;
// checked again whenever the page scrolls or resizes.
const waiting = new Set();
const recheck = () => waiting.forEach((figure) => figure.fit());
let listening = false;
function wait(figure) {
  waiting.add(figure);
  if (listening) return;
  listening = true;
  addEventListener('scroll', recheck, { passive: true });
  addEventListener('resize', recheck, { passive: true });
}
// The average width of a character of running text in `font`, for the size estimate.
const SAMPLE = 'Convolution reads a window for each output: the kernel moves by the stride 2x2 over the input.';
let measure = null;
function charWidth(font) {
  measure ??= document.createElement('canvas').getContext('2d');
  measure.font = font;
  return measure.measureText(SAMPLE).width / SAMPLE.length;
}

// How long after the reader's own input (a click, key or slider in the figure) it may
// change size: the half second after discrete input in which the Layout Instability API
// does not count shifts either.
const INPUT_WINDOW_MS = 500;
let sharedSheets = null;
function sheets() {
  if (!sharedSheets) {
    const sheet = (text) => {
      const s = new CSSStyleSheet();
      s.replaceSync(text);
      return s;
    };
    sharedSheets = [...(stylesheetText === null ? [] : [sheet(stylesheetText)]), sheet(FIGURE_CSS)];
  }
  return sharedSheets;
}

class WasmconvFigure extends HTMLElement {
  static get observedAttributes() {
    return [...ATTRIBUTES, 'controls', 'playground-url', 'details'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = sheets();
    if (stylesheetText === null) {
      // Served from the repository: the playground's stylesheet beside it.
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = stylesheetUrl;
      root.append(link);
    }
    this.frame = document.createElement('div');
    this.frame.className = 'frame';
    this.frame.part = 'frame';
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.status.textContent = 'Loading the convolution figure when it scrolls into view…';
    this.content = document.createElement('div');
    this.content.className = 'content';
    this.errorLine = document.createElement('p');
    this.errorLine.className = 'error';
    this.errorLine.setAttribute('role', 'alert');
    this.summary = document.createElement('p');
    this.summary.setAttribute('aria-live', 'polite');
    this.panel = document.createElement('div');
    this.panel.setAttribute('role', 'figure');
    this.content.append(this.errorLine, this.summary, this.panel);
    this.frame.append(this.status, this.content);
    root.append(this.frame);
    this.wc = null;
    this.stop = null;
    this.height = 0;
    this.fitsContent = false;
    this.inputAt = -Infinity;
    for (const type of ['pointerdown', 'keydown', 'input', 'change']) {
      root.addEventListener(type, () => (this.inputAt = performance.now()), { capture: true });
    }
    // Content that changes size later (a re-render, a longer status line) is fitted too.
    this.resizes = new ResizeObserver(() => this.wc && this.fit());
  }

  /** The frame's height before rendering: estimated from the view, attributes and the column. */
  reserve() {
    const style = getComputedStyle(this.frame);
    const fontSize = parseFloat(style.fontSize);
    const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.2;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const { state } = this.state();
    const width = this.frame.clientWidth;
    this.setHeight(estimateHeight(state, {
      width, fontSize, lineHeight, rem, charWidth: charWidth(style.font), narrow: matchMedia('(max-width: 40rem)').matches,
      controls: this.hasAttribute('controls'), link: Boolean(this.getAttribute('playground-url') ?? playgroundUrl),
      details: this.hasAttribute('details'),
    }));
    this.dataset.reserved = String(this.height);
  }

  setHeight(px) {
    this.height = px;
    this.frame.style.height = `${px}px`;
  }

  /** The frame's height for its content: the content, and a horizontal scrollbar if it has one. */
  naturalHeight() {
    const scrollbar = this.frame.offsetHeight - this.frame.clientHeight;
    return Math.ceil(this.content.getBoundingClientRect().height + scrollbar);
  }

  // Whether the frame can change height without moving anything the reader sees. The
  // iframe form sets fitsContent: its page is as tall as the figure and the host sizes the
  // iframe.
  unseen() {
    if (this.fitsContent) return true;
    const { top, bottom } = this.getBoundingClientRect();
    const below = bottom >= innerHeight;
    const above = bottom <= 0 && top < 0;
    return below || above || performance.now() - this.inputAt < INPUT_WINDOW_MS || document.visibilityState === 'hidden';
  }

  fit() {
    if (!this.isConnected) return waiting.delete(this);
    const natural = this.naturalHeight();
    if (natural === this.height) return waiting.delete(this);
    if (!this.unseen()) return wait(this);
    waiting.delete(this);
    this.setHeight(natural);
  }

  // data-state says where the figure is: waiting (for the viewport), loading (the module),
  // ready (rendered; data-ready="true" too) or error.
  connectedCallback() {
    this.resizes.observe(this.content);
    if (this.wc) return this.fit();
    if (this.observer || this.dataset.state === 'loading') return;
    this.reserve();
    this.dataset.state = 'waiting';
    const start = () => {
      this.observer?.disconnect();
      this.observer = null;
      this.dataset.state = 'loading';
      load().then(
        (wc) => {
          this.wc = wc;
          this.status.hidden = true;
          this.dataset.ready = 'true';
          this.render();
          this.dataset.state = 'ready';
        },
        (e) => {
          this.status.textContent = `The figure could not load: ${e.message}`;
          this.dataset.state = 'error';
        },
      );
    };
    if (typeof IntersectionObserver === 'function' && this.getAttribute('loading') !== 'eager') {
      // "Near" is within half a viewport height: most figures render before they are seen.
      this.observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), {
        rootMargin: '50% 0px',
      });
      this.observer.observe(this);
    } else {
      start();
    }
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.observer = null;
    this.resizes.disconnect();
    waiting.delete(this);
    this.stop?.();
  }

  attributeChangedCallback() {
    if (this.wc) this.render();
    else if (this.dataset.state === 'waiting') this.reserve();
  }

  // Attributes -> the same query-string parser the playground uses for its URL.
  state() {
    const params = new URLSearchParams();
    for (const name of ATTRIBUTES) if (this.hasAttribute(name)) params.set(name, this.getAttribute(name));
    const { state, errors } = parseState(`?${params}`);
    if (!GRID_VIEWS.includes(state.view)) {
      errors.push(`view=${state.view} is not available in figures (use ${GRID_VIEWS.join(', ')})`);
      state.view = 'mechanics';
    }
    return { state, errors };
  }

  render() {
    this.stop?.();
    this.stop = null;
    const { state, errors } = this.state();
    this.errorLine.textContent = errors.length ? `Ignored: ${errors.join('; ')}.` : '';
    const wc = this.wc;
    const { op, xShape, wShape, options } = layerOf(state);
    let outputShape;
    try {
      outputShape = wc.outputShape(op, xShape, wShape, options);
    } catch (e) {
      this.errorLine.textContent = e.message;
      this.panel.replaceChildren();
      this.summary.textContent = '';
      this.fit();
      return;
    }
    const [oh, ow] = outputShape.slice(2);
    this.summary.textContent = `${state.mode === 'transposed' ? 'Transposed convolution' : 'Convolution'}: ${state.input.join('x')} input, ${state.kernel.join('x')} kernel → ${oh}x${ow} output.`;
    this.summary.dataset.outputSize = `${oh}x${ow}`;
    if (options.outputShape) {
      // The padding the library derived from the output size (read back from its results).
      try {
        const { begin, end } = explicitPadding(wc, { op, xShape, wShape, options });
        this.summary.textContent += ` Padding derived from the output size: top ${begin[0]}, left ${begin[1]}, bottom ${end[0]}, right ${end[1]}.`;
        this.summary.dataset.derivedPadding = [...begin, ...end].join(',');
      } catch (e) {
        this.summary.textContent += ` ${e.message}`;
      }
    }
    const showError = (m) => (this.errorLine.textContent = m);
    const onLayers = (layers) => this.setAttribute('layers', formatLayers(layers));
    this.stop = renderGridView(state.view, this.panel, { wc, state, outputShape, showError, withCode: false, onLayers });
    if (this.hasAttribute('controls')) this.panel.prepend(this.controlStrip(state));
    // The playground-url attribute, else the playground beside the figure when served from
    // the repository; the package ships no playground, so there it is only the attribute.
    const playground = this.getAttribute('playground-url') ?? playgroundUrl;
    if (playground) {
      const link = document.createElement('a');
      link.href = new URL(serializeState(state), new URL(playground, document.baseURI)).href;
      link.textContent = 'Open in the playground';
      link.target = '_blank';
      link.rel = 'noopener';
      this.panel.append(link);
    }
    this.fit();
  }

  // A few sliders that write back to the attributes (which re-render the figure). Each
  // slider's range stops at the last value the library accepts (control-limits.js).
  controlStrip(state) {
    const strip = document.createElement('div');
    strip.className = 'player';
    const field = (name, label, value, lo, hi) => {
      const set = (s, v) => ({ ...s, [name]: [v, v] });
      const [min, max] = value >= lo && value <= hi ? legalRun(this.wc, state, set, value, [lo, hi]) : [lo, hi];
      const wrap = document.createElement('label');
      wrap.textContent = `${label} `;
      const input = document.createElement('input');
      input.type = 'range';
      input.min = String(min);
      input.max = String(max);
      input.value = String(value);
      input.setAttribute('aria-label', label);
      input.addEventListener('change', () => this.setAttribute(name, input.value));
      wrap.append(input);
      return wrap;
    };
    strip.append(
      field('stride', 'Stride', state.stride[0], 1, 4),
      field('dilation', 'Dilation', state.dilation[0], 1, 4),
      field('kernel', 'Kernel', state.kernel[0], 1, 7),
    );
    return strip;
  }
}

if (!customElements.get('wasmconv-figure')) customElements.define('wasmconv-figure', WasmconvFigure);
