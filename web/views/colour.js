// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Values as colour: the scales, the colours and the sizing of cells that the playground's
// grids and matrices are painted with (../view-colours.js applies them; the blog embed
// does not load either, its figures keep their plain cells).
//
//   weights      a diverging scale, symmetric around 0 by the largest |w|: negative
//                weights violet, positive ones orange, 0 a neutral grey (near white in the
//                light scheme, dark in the dark one); |w| sets how far from neutral, with
//                the same lightness on both sides, the sign only the hue.
//   activations  a sequential scale (inputs, outputs, counts): from near neutral at the low
//                end of [min(0, lo), max(0, hi)] to deep blue (light scheme) or bright sky
//                blue (dark scheme) at the high end: a larger value is farther from the
//                page's background, in both schemes.
//
// Each colour is worked out here for both schemes, in OKLCH (lightness, chroma, hue: equal
// steps of t look like equal steps), converted to sRGB, and handed to the stylesheet as
// custom properties (--fill-l, --ink-l, --fill-d, --ink-d) that prefers-color-scheme
// chooses between, so switching the scheme needs no redraw. The text on a fill is black or
// white, whichever contrasts more: for any fill one of the two reaches at least 4.58:1
// (WCAG's ratio (L1 + 0.05) / (L2 + 0.05) is the same for both where the fill's
// luminance is sqrt(1.05 * 0.05) - 0.05 = 0.179), so every number drawn reads at 4.5:1.
//
// Cells are sized for reading: sizeCells picks a cell size from the widest grid a view
// draws (large cells for small grids), with a smaller one for phones; a number that does
// not fit its cell at a legible size is hidden from sight (it stays the cell's text for
// screen readers, and the cell's title shows it on hover).

// Ramps: [lightness, chroma, hue] at t = 0 and t = 1 (OKLCH), per scheme (l light, d
// dark); in between, each of the three linearly.
const RAMPS = {
  l: {
    value: [[0.985, 0.008, 250], [0.4, 0.15, 262]],
    pos: [[0.985, 0, 60], [0.56, 0.17, 45]],
    neg: [[0.985, 0, 300], [0.56, 0.19, 302]],
  },
  d: {
    value: [[0.29, 0.02, 255], [0.84, 0.12, 232]],
    pos: [[0.29, 0, 60], [0.78, 0.16, 66]],
    neg: [[0.29, 0, 300], [0.78, 0.14, 305]],
  },
};

// OKLab to linear sRGB (Ottosson's matrices), then the sRGB transfer curve.
function oklabToRgb(L, a, b) {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}
const inGamut = (rgb) => rgb.every((c) => c >= -1e-4 && c <= 1 + 1e-4);
const encode = (c) => {
  const v = Math.min(1, Math.max(0, c));
  return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
};

/** [r, g, b] (0..255) of an OKLCH colour; outside sRGB the chroma is reduced until it fits. */
export function oklch(L, C, h) {
  const rad = (h * Math.PI) / 180;
  const at = (c) => oklabToRgb(L, c * Math.cos(rad), c * Math.sin(rad));
  let lo = 0;
  let hi = C;
  if (!inGamut(at(C))) {
    for (let i = 0; i < 20; i++) {
      const mid = (lo + hi) / 2;
      if (inGamut(at(mid))) lo = mid;
      else hi = mid;
    }
  } else lo = C;
  return at(lo).map(encode);
}

/** WCAG relative luminance of [r, g, b] (0..255). */
export function luminance([r, g, b]) {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

const css = ([r, g, b]) => `rgb(${r} ${g} ${b})`;
const mix = (a, b, t) => a + (b - a) * t;

// The colour at t in [0, 1] of one ramp, and the text that reads on it.
const cache = new Map();
function swatch(scheme, ramp, t) {
  const key = `${scheme}${ramp}${Math.round(t * 1000)}`;
  if (!cache.has(key)) {
    const [[l0, c0, h0], [l1, c1, h1]] = RAMPS[scheme][ramp];
    const fill = oklch(mix(l0, l1, t), mix(c0, c1, t), mix(h0, h1, t));
    const ink = contrast(fill, [0, 0, 0]) >= contrast(fill, [255, 255, 255]) ? [0, 0, 0] : [255, 255, 255];
    cache.set(key, { fill, ink });
  }
  return cache.get(key);
}

/**
 * A scale for `values`: 'weight' (diverging, symmetric by max |w|) or 'value'
 * (sequential over [min(0, lo), max(0, hi)]).
 */
export function scaleOf(values, kind) {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (kind === 'weight') {
    const m = Math.max(-lo, hi);
    return { kind, lo: -m, hi: m };
  }
  return { kind, lo, hi };
}

// Which ramp and where on it `v` falls.
function place(scale, v) {
  if (scale.kind === 'weight') {
    const t = scale.hi > 0 ? Math.min(1, Math.abs(v) / scale.hi) : 0;
    return [v < 0 ? 'neg' : 'pos', t];
  }
  const span = scale.hi - scale.lo;
  return ['value', span > 0 ? Math.min(1, Math.max(0, (v - scale.lo) / span)) : 0];
}

/** The fill and ink of `v` in both schemes: { l: { fill, ink }, d: { fill, ink } } (rgb arrays). */
export function colourOf(scale, v) {
  const [ramp, t] = place(scale, v);
  return { l: swatch('l', ramp, t), d: swatch('d', ramp, t) };
}

// Font size of a number in a cell, as a fraction of the cell: shorter numbers larger.
const FONT = [0.5, 0.5, 0.46, 0.36, 0.3, 0.24, 0.2, 0.18];
const FONT_MAX = 18; // px: the stylesheet's cap (min(1.125rem, ...))
const fontOf = (n) => FONT[Math.min(n, FONT.length - 1)];
const LEGIBLE = 9; // px: a number smaller than this is left to the title (hover)

/**
 * Colours element `el` (a grid cell or a matrix entry) for value `v` on `scale`, or takes
 * the colour away (v null: nothing computed yet). Its text is hidden from sight where it
 * does not fit the cell (see sizeCells) and offered on hover instead.
 */
export function tint(el, v, scale) {
  el.style.removeProperty('background'); // a plain view's own shading, replaced here
  if (v === null || v === undefined || !scale) {
    el.classList.remove('tinted', 'quiet', 'quiet-sm');
    el.removeAttribute('title');
    return;
  }
  const { l, d } = colourOf(scale, v);
  el.style.setProperty('--fill-l', css(l.fill));
  el.style.setProperty('--ink-l', css(l.ink));
  el.style.setProperty('--fill-d', css(d.fill));
  el.style.setProperty('--ink-d', css(d.ink));
  el.classList.add('tinted');
  fitText(el);
}

// Hides a number too small to read at the cell's size (quiet) or at its phone size (quiet-sm).
function fitText(el) {
  const box = el.closest('[data-size]');
  const n = el.textContent.length;
  if (!box || !n) return;
  el.style.setProperty('--f', String(fontOf(n)));
  const font = (px) => Math.min(FONT_MAX, px * fontOf(n));
  const fits = (px) => font(px) >= LEGIBLE && n * 0.62 * font(px) <= px - 4;
  const quiet = !fits(Number(box.dataset.size));
  el.classList.toggle('quiet', quiet);
  el.classList.toggle('quiet-sm', !quiet && !fits(Number(box.dataset.sizeSm)));
  if (quiet || el.classList.contains('quiet-sm') || box.dataset.heat !== undefined) el.title = el.textContent;
  else el.removeAttribute('title');
}

// Cell sizes in px by the widest grid's columns (desktop), and the phone's share of a 343 px
// column (375 px less the page's margins and the figure's padding).
const SIZES = [[8, 44], [10, 40], [12, 36], [16, 30], [22, 24], [32, 20], [Infinity, 16]];

/**
 * Sizes the cells of `el` (a .grid or a table) for a view whose widest grid has `cols`
 * columns (the same size for every grid of the view, so they compare), from `min` to `max`
 * px; `heat`: a heat map, whose numbers are shown on hover only.
 */
export function sizeCells(el, cols, { heat = false, max = 44, min = 12 } = {}) {
  const size = Math.min(max, SIZES.find(([c]) => cols <= c)[1]);
  const phone = Math.max(min, Math.min(size, 36, Math.floor(330 / cols) - 2));
  el.classList.add('cells-sized');
  el.classList.toggle('roomy', size >= 36 && !heat); // room for a tap's weight in its corner
  el.dataset.size = String(heat ? 0 : size);
  el.dataset.sizeSm = String(heat ? 0 : phone);
  if (heat) el.dataset.heat = '';
  el.style.setProperty('--size', `${size}px`);
  el.style.setProperty('--size-sm', `${phone}px`);
  el.querySelectorAll('.tinted').forEach(fitText);
}

/** The gradient of a scale in one scheme, as CSS. */
function gradient(scale, scheme) {
  const stops = [];
  for (let i = 0; i <= 8; i++) {
    const v = scale.lo + ((scale.hi - scale.lo) * i) / 8;
    stops.push(css(colourOf(scale, v)[scheme].fill));
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

const label = (v) => (Number.isInteger(v) ? String(v) : v.toPrecision(3));

/**
 * A small legend for one figure: the colour bar of `scale` with its ends (and 0 for a
 * diverging scale) written under it. Its text is read out; the bar itself is decoration.
 */
export function colourBar(scale, what) {
  const bar = document.createElement('div');
  bar.className = `colour-bar ${scale.kind}`;
  bar.dataset.testid = 'colour-bar';
  bar.dataset.lo = String(scale.lo);
  bar.dataset.hi = String(scale.hi);
  const ramp = document.createElement('span');
  ramp.className = 'ramp';
  ramp.setAttribute('aria-hidden', 'true');
  ramp.style.setProperty('--bar-l', gradient(scale, 'l'));
  ramp.style.setProperty('--bar-d', gradient(scale, 'd'));
  const ends = document.createElement('span');
  ends.className = 'ends';
  const end = (text, cls) => {
    const s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  };
  const meaning =
    scale.kind === 'weight'
      ? 'colour from violet (negative) through neutral (0) to orange (positive)'
      : 'colour from faint (low) to strong (high)';
  const hidden = end(`${what}: ${meaning}, ${label(scale.lo)} to ${label(scale.hi)}: `, 'visually-hidden');
  ends.append(hidden, end(label(scale.lo), 'lo'));
  if (scale.kind === 'weight') ends.append(end('0', 'zero'));
  ends.append(end(label(scale.hi), 'hi'));
  bar.append(ramp, ends);
  return bar;
}

/** Adds the colour bar of `scale` to `el`: a figure above its caption, anything else after it. */
export function addBar(el, scale, what) {
  const caption = el.querySelector(':scope > figcaption');
  if (caption) caption.before(colourBar(scale, what));
  else el.after(colourBar(scale, what));
}
