// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// <wasmconv-figure>: a live figure for blog posts, from one script tag:
//
//   <script type="module" src="https://cdn.jsdelivr.net/npm/wasmconv@0.2/dist/embed.js" blocking="render"></script>
//   <wasmconv-figure mode="transposed" input="2" kernel="3" stride="1" view="mechanics"></wasmconv-figure>
//
// (dist/embed.js is this module bundled by scripts/build-embed.mjs.) Its attributes and
// what each accepts are the table in attributes.js (the docs' table is generated from it:
// scripts/embed-attributes.mjs): the playground's URL vocabulary (web/state.js, validated
// the same way), view (one of GRID_VIEWS), controls (sliders), details, theme,
// playground-url and loading.
// The figure lives in a shadow root (the host page's CSS and ours do not collide), loads
// the WebAssembly module only when it nears the viewport, and every figure on the page
// shares one module instance (load() caches it). Attribute changes re-render; data-state
// says waiting, loading, ready or error.
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
import { renderGridView } from '../views/index.js';
import { ATTRIBUTES, CONTROLS, FIGURE_ATTRIBUTES, checkAttributes, listItems } from './attributes.js';
import { estimateHeight } from './figure-size.js';
import { playgroundUrl, stylesheetText, stylesheetUrls } from './packaged.js';

// The attribute table, for the iframe page (which reads the same names from its URL).
export { ATTRIBUTES, FIGURE_ATTRIBUTES };

// The stylesheets of every figure's shadow root, shared by all figures: constructed
// stylesheets, which need no request and which a Content-Security-Policy without
// 'unsafe-inline' allows (it would block a <style> element). From the repository they are
// <link>ed instead (web/style.css and figure.css).

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

// theme="auto": the page's background behind the figure decides (the first ancestor with a
// background, else the canvas the page's color-scheme gives), read as a colour through a
// 1x1 canvas so that any CSS colour syntax works; re-read when the OS preference or the
// root and body elements' attributes (a blog's theme switch) change.
let pixel = null;
function luminance(color) {
  pixel ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = color;
  pixel.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return a < 128 ? null : 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
const darkOS = matchMedia('(prefers-color-scheme: dark)');
function pageIsDark(element) {
  for (let node = element.parentElement; node; node = node.parentElement ?? node.getRootNode().host) {
    const l = luminance(getComputedStyle(node).backgroundColor);
    if (l !== null) return l < 0.2;
  }
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  return /dark/.test(scheme) && (darkOS.matches || !/light/.test(scheme));
}
const figures = new Set();
const rethemeAll = () => figures.forEach((figure) => figure.applyTheme());
darkOS.addEventListener('change', rethemeAll);
let watchingPage = false;

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
    sharedSheets = stylesheetText === null ? [] : [sheet(stylesheetText)];
  }
  return sharedSheets;
}

class WasmconvFigure extends HTMLElement {
  static get observedAttributes() {
    return Object.keys(FIGURE_ATTRIBUTES);
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = sheets();
    for (const href of stylesheetUrls) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
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
    const width = this.content.clientWidth;
    const borders = this.frame.offsetHeight - this.frame.clientHeight;
    this.setHeight(borders + estimateHeight(state, {
      width, fontSize, lineHeight, rem, charWidth: charWidth(style.font), narrow: matchMedia('(max-width: 40rem)').matches,
      controls: state.controls.length, link: Boolean(this.getAttribute('playground-url') ?? playgroundUrl),
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
  applyTheme() {
    const theme = this.getAttribute('theme');
    this.dataset.theme = theme === 'light' || theme === 'dark' ? theme : pageIsDark(this) ? 'dark' : 'light';
  }

  connectedCallback() {
    figures.add(this);
    if (!watchingPage) {
      watchingPage = true;
      const page = new MutationObserver(rethemeAll);
      for (const element of [document.documentElement, document.body]) if (element) page.observe(element, { attributes: true });
    }
    this.applyTheme();
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
          try {
            this.render();
            this.dataset.ready = 'true';
            this.dataset.state = 'ready';
          } catch (e) {
            // A bug, not a bad attribute (those are reported by render): say so, never hang.
            this.errorLine.textContent = `The figure could not be drawn: ${e.message}`;
            this.dataset.state = 'error';
            this.fit();
          }
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
    figures.delete(this);
    this.stop?.();
  }

  attributeChangedCallback(name) {
    if (name === 'theme') this.applyTheme();
    if (this.wc) this.render();
    else if (this.dataset.state === 'waiting') this.reserve();
  }

  // Attributes -> checked against the table (attributes.js), then the same query-string
  // parser the playground uses for its URL; each message lists only what that attribute
  // accepts in a figure.
  state() {
    const checked = checkAttributes((name) => this.getAttribute(name));
    const { state, errors } = parseState(checked.search);
    errors.push(...checked.errors);
    const controls = this.getAttribute('controls');
    const listed = controls === null ? [] : listItems(controls).filter((c) => c in CONTROLS);
    state.controls = controls !== null && !listed.length ? FIGURE_ATTRIBUTES.controls.bare : listed;
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
    if (state.controls.length) this.panel.prepend(this.controlStrip(state));
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

  // Sliders that write back to the attributes (which re-render the figure), each labelled
  // and showing its value; the arrow keys move them. Each slider's range stops at the last
  // value the library accepts (control-limits.js).
  controlStrip(state) {
    const strip = document.createElement('div');
    strip.className = 'player controls';
    for (const name of state.controls) {
      const [label, lo, hi] = CONTROLS[name];
      const value = name === 'padding' ? state.padding.begin[0] : state[name][0];
      const set = name === 'padding'
        ? (s, v) => ({ ...s, padding: { begin: [v, v], end: [v, v] }, paddingName: null })
        : (s, v) => ({ ...s, [name]: [v, v] });
      const [min, max] = value >= lo && value <= hi ? legalRun(this.wc, state, set, value, [lo, hi]) : [lo, hi];
      const wrap = document.createElement('label');
      const shown = document.createElement('output');
      shown.textContent = String(value);
      const caption = document.createElement('span');
      caption.append(`${label} `, shown);
      wrap.append(caption);
      const input = document.createElement('input');
      input.type = 'range';
      input.min = String(min);
      input.max = String(max);
      input.value = String(value);
      input.setAttribute('aria-label', label);
      input.addEventListener('input', () => (shown.textContent = input.value));
      input.addEventListener('change', () => this.setAttribute(name, input.value));
      wrap.append(input);
      strip.append(wrap);
    }
    return strip;
  }
}

if (!customElements.get('wasmconv-figure')) customElements.define('wasmconv-figure', WasmconvFigure);
